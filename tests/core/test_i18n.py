"""Every string a user sees exists in Vietnamese, with the same placeholders."""

import datetime as dt
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop.i18n import format_date

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _extracted() -> set[str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "desktop", keywords=keywords, method_map=[("**.py", "python")]
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def _first(string: str | tuple[str, ...]) -> str:
    """A plural entry holds one string per form; Vietnamese has a single form."""
    return string if isinstance(string, str) else string[0]


def _catalog(lang: str):
    with (ROOT / "resources" / "locale" / lang / "LC_MESSAGES" / "sovang.po").open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_vietnamese_translation_with_the_same_placeholders():
    catalog = _catalog("vi")
    missing, mismatched = [], []
    for message in _extracted():
        entry = catalog.get(message)
        if entry is None or not entry.string:
            missing.append(message)
        elif set(PLACEHOLDER.findall(message)) != set(PLACEHOLDER.findall(_first(entry.string))):
            mismatched.append(message)
    assert not missing, f"untranslated: {missing}"
    assert not mismatched, f"placeholders differ: {mismatched}"


def test_the_english_catalog_lists_every_message():
    english = _catalog("en")
    assert not [message for message in _extracted() if english.get(message) is None]


def test_dates_are_day_month_year():
    assert format_date(dt.date(2026, 1, 5)) == "05/01/2026"


def test_dates_are_read_as_users_type_them():
    from desktop.i18n import parse_date

    assert parse_date(" 2/4/1975 ") == dt.date(1975, 4, 2)
    assert parse_date("02-04-1975") == dt.date(1975, 4, 2)
    for bad in ("1975", "31/02/1975", "02/04/75", "a/b/cdef", ""):
        try:
            parse_date(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")
