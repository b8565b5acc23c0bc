"""The document typeface (`desktop.typeface`) registered with reportlab, once per process."""

from __future__ import annotations

import functools

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resource
from desktop.typeface import BOLD, BOLD_ITALIC, FAMILY, FILES, ITALIC


@functools.cache
def register_fonts() -> str:
    """Register the family once per process; returns its name for paragraph styles."""
    for name, file_name in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file_name))))
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY
