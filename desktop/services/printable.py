"""Names that appear on certificates and decisions must print: checked when they are entered."""

from __future__ import annotations

from desktop.errors import ValidationError
from desktop.i18n import _


def require_printable(field: str, text: str) -> None:
    """ValidationError naming the characters of `text` the documents cannot print."""
    from desktop.typeface import unprintable  # the font is read only when a name is checked

    missing = unprintable(text)
    if missing:
        raise ValidationError(
            field,
            _("These characters cannot be printed on documents; remove them: {characters}").format(
                characters=" ".join(missing)
            ),
        )
