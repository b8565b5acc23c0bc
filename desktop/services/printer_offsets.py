"""Each printer's drift on pre-printed certificate blanks, measured once with the test page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import Setting
from desktop.services import audit
from desktop.text import nfc

PREFIX = "certificate_offsets."
LIMIT_MM = 30.0


@dataclass(frozen=True)
class Offsets:
    """Millimetres: positive moves the print right and down."""

    right: float = 0.0
    down: float = 0.0


def printer_offsets(db: Database, printer: str) -> Offsets:
    with db.session() as session:
        row = session.get(Setting, PREFIX + nfc(printer))
    if row is None:
        return Offsets()
    right, down = (float(part) for part in row.value.split(";"))
    return Offsets(right, down)


def calibrated_printers(db: Database) -> list[str]:
    """The printers whose offsets were measured, by name."""
    with db.session() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.startswith(PREFIX)))
        return sorted(key.removeprefix(PREFIX) for key in keys)


def save_printer_offsets(db: Database, username: str | None, printer: str, offsets: Offsets) -> None:
    name = nfc(printer)
    if not name:
        raise ValidationError("printer", _("Name the printer these offsets belong to."))
    for field, offset in (("right", offsets.right), ("down", offsets.down)):
        if abs(offset) > LIMIT_MM:
            raise ValidationError(
                field,
                _("An offset of more than {limit} mm is a paper-feed problem, not a drift.").format(
                    limit=int(LIMIT_MM)
                ),
            )
    with db.transaction(username) as session:
        value = f"{offsets.right:g};{offsets.down:g}"
        row = session.get(Setting, PREFIX + name)
        if row is None:
            session.add(Setting(key=PREFIX + name, value=value))
        else:
            row.value = value
        audit.record(session, "settings.printer_offsets", username, "setting", None, {"printer": name})
