"""The translation layer: gettext over babel catalogs, and locale formatting.

Message ids are English; Vietnamese is the default language. Compiled `.mo` files are built by
`python -m desktop.i18n` (the set-up script and the installer run it); when one is missing the
`.po` source is compiled in memory, so a source checkout always speaks Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

from desktop.paths import resource

DOMAIN = "sovang"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _catalog_paths(lang: str) -> tuple[Path, Path]:
    folder = resource("locale", lang, "LC_MESSAGES")
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _compile(po_path: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _load(lang: str) -> gettext.NullTranslations:
    po_path, mo_path = _catalog_paths(lang)
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_path.exists():
        return gettext.GNUTranslations(io.BytesIO(_compile(po_path)))
    return gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Switch every later `_()` call to `lang` (`vi` or `en`)."""
    global _current, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _current = _load(lang)
    _language = lang


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    return _load(lang)


def translate(message: str, lang: str) -> str:
    """`message` in a given language, whatever the current one (for output that carries both)."""
    return _catalog(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module-level constants)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def format_date(value: dt.date | None) -> str:
    """Dates as users write them: dd/mm/yyyy, in every language."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_moment(utc: dt.datetime | None) -> str:
    """A stored moment (UTC) as the PC's local dd/mm/yyyy HH:MM."""
    if utc is None:
        return ""
    local = utc.replace(tzinfo=dt.UTC).astimezone()
    return local.strftime("%d/%m/%Y %H:%M")


def parse_date(text: str) -> dt.date:
    """A date typed as users write it: d/m/yyyy (also with `-` or `.`); ValueError otherwise."""
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        raise ValueError(text)
    day, month, year = (int(part) for part in parts)
    return dt.date(year, month, day)


def format_number(value: float | Decimal) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale="vi_VN" if _language == "vi" else "en_US")


def compile_catalogs() -> list[Path]:
    """Write the `.mo` file of every language that has a `.po` source."""
    written = []
    for lang in LANGUAGES:
        po_path, mo_path = _catalog_paths(lang)
        if po_path.exists():
            mo_path.write_bytes(_compile(po_path))
            written.append(mo_path)
    return written


set_language(DEFAULT_LANGUAGE)

if __name__ == "__main__":
    for path in compile_catalogs():
        print(path)
    sys.exit(0)
