"""The document typeface: a Times New Roman-metric serif that has every Vietnamese letter.

What it is and which characters it has; `reports.fonts` registers it with reportlab.

ND 30/2020 asks for Times New Roman; Liberation Serif (SIL OFL, shipped in resources/fonts)
has the same metrics, so line breaks match what offices get from Word. Fonts are embedded
(subset) in every PDF, so a document prints the same on a PC without them.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resource

FAMILY = "SoVangSerif"
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"
FILES = {
    FAMILY: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS = "".join(
    sorted(
        {unicodedata.normalize("NFC", base + tone) for base in _VOWELS for tone in _TONES}
        | set("bcdđghklmnpqrstvx")
    )
)
"""Every lower-case letter of Vietnamese, precomposed (NFC): 12 vowels × 6 tones and the consonants."""


def font_path(name: str) -> Path:
    return resource("fonts", FILES[name])


def missing_letters(path: Path) -> str:
    """The Vietnamese letters (both cases) the font at `path` has no glyph for."""
    font = TTFont("probe", str(path))
    cmap = font.face.charToGlyph
    letters = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
    return "".join(ch for ch in letters if ord(ch) not in cmap)


@functools.cache
def _printable_code_points() -> frozenset[int]:
    return frozenset(TTFont("probe", str(font_path(FAMILY))).face.charToGlyph)


def unprintable(text: str) -> str:
    """The characters of `text` the document typeface has no glyph for (an emoji, a Chinese
    character): they would print as empty boxes on a certificate."""
    glyphs = _printable_code_points()
    return "".join(dict.fromkeys(ch for ch in text if ord(ch) not in glyphs and not ch.isspace()))
