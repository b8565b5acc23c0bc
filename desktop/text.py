"""Vietnamese text: normal form and the accent-free search key.

Names are stored as typed (NFC) and a key beside them lets "nguyen van duc" find "Nguyễn Văn Đức".
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
"""Control, format, surrogate, private-use and unassigned characters: nothing a name is made of."""


def nfc(text: str) -> str:
    """NFC with surrounding spaces trimmed, inner runs of spaces (line breaks and tabs too) folded
    to one, and invisible characters removed: control characters, and formatting ones such as a
    right-to-left override or a zero-width space, which would make one name print, sort or match
    as another."""
    text = _SPACES.sub(" ", text)
    if not text.isprintable():
        text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def search_key(text: str) -> str:
    """Lower case, tones and marks removed, đ→d, spaces folded."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare.lower()).strip()


def search_tokens(text: str) -> list[str]:
    """The words of a query, keyed: what a full-text index matches on."""
    return _TOKEN.findall(search_key(text))
