"""Vietnamese typed in the pre-Unicode fonts of older commune spreadsheets, converted to Unicode.

- TCVN3 (ABC, ".VnTime" fonts): one byte per toned letter, read by Excel as Latin-1 signs:
  "NguyÔn V¨n §øc" is "Nguyễn Văn Đức". Upper-case toned letters lived in separate ".VnTimeH"
  fonts on the lower-case codes: a text whose other letters are capitals is made all capitals.
- VNI ("VNI-Times"): a base letter followed by a mark sign: "Nguyeãn Vaên Ñöùc".

Detection looks for signs that never occur in Unicode Vietnamese ("§", "¸", "ø", "ñ" …) and is
made on all the text of a sheet at once, since one file is typed in one font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_TCVN3_LOWER = {
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_UPPER = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}
TCVN3 = str.maketrans({chr(code): text for code, text in {**_TCVN3_LOWER, **_TCVN3_UPPER}.items()})

_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE,
    "å": _CIRCUMFLEX + _HOOK, "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({mark.upper(): combining for mark, combining in _VNI_MARKS.items()})
_VNI_LETTERS = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
}  # fmt: skip
_VNI_BASES = set("aeouyAEOUYơưƠƯ")

_TCVN3_SIGNS = set("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾ÇË×Þß")
"""Signs TCVN3 uses for its commonest letters (ă â ê ô ơ ư đ à á …) and VNI never does."""
_VNI_LETTER_SIGNS = set("ñÑöÖ")


def _evidence(text: str) -> tuple[int, int, int]:
    """How many signs of Unicode, TCVN3 and VNI one text shows."""
    unicode = sum(1 for ch in text if ord(ch) > 0xFF)
    tcvn3 = sum(1 for ch in text if ch in _TCVN3_SIGNS)
    vni = sum(1 for ch in text if ch in _VNI_LETTER_SIGNS)
    vni += sum(1 for a, b in zip(text, text[1:], strict=False) if a in _VNI_BASES and b in _VNI_MARKS)
    return unicode, tcvn3, vni


def detect(texts: Iterable[str]) -> str:
    """ "tcvn3", "vni" or "unicode": whichever shows most signs over all of `texts`.

    Unicode Vietnamese always has letters beyond Latin-1 (ă, đ, ơ, ư, ế …); the legacy fonts
    never do. TCVN3 shows signs like "¸" and "§"; VNI shows a vowel followed by a mark ("aø")."""
    totals = [0, 0, 0]
    for text in texts:
        for index, count in enumerate(_evidence(text)):
            totals[index] += count
    best = max(range(3), key=lambda index: totals[index])
    return ("unicode", "tcvn3", "vni")[best] if totals[best] else "unicode"


def from_vni(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _VNI_MARKS and out and out[-1][:1] in _VNI_BASES:
            out[-1] += _VNI_MARKS[ch]
        elif ch in _VNI_LETTERS:
            out.append(_VNI_LETTERS[ch])
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _capitals(text: str) -> str:
    """A text typed in capitals in a ".VnTimeH" font: its toned capitals sit on the lower-case
    codes, so "NGUYÔN V¡N" reads "NGUYễN VĂN". A text whose plain letters (two or more) are all
    capitals is all capitals; "Lß V¨n" has small plain letters and stays as it is."""
    plain = [ch for ch in text if "A" <= ch <= "Z" or "a" <= ch <= "z"]
    return text.upper() if len(plain) > 1 and all(ch.isupper() for ch in plain) else text


def to_unicode(text: str, encoding: str) -> str:
    """Convert `text` typed in `encoding` ("tcvn3", "vni"; "unicode" leaves it, NFC)."""
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", _capitals(text.translate(TCVN3)))
    if encoding == "vni":
        return from_vni(text)
    return unicodedata.normalize("NFC", text)
