"""Administrative units users add: villages (thôn, bản, tổ dân phố) and pre-2025 units."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.codes import UnitKind, UnitLevel
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Site
from desktop.services import audit
from desktop.text import nfc, search_key

VILLAGE_KINDS = (UnitKind.THON, UnitKind.BAN, UnitKind.TO_DAN_PHO, UnitKind.AP, UnitKind.KHU_PHO)


@dataclass(frozen=True)
class UnitView:
    id: uuid.UUID
    code: str | None
    name: str
    level: str
    kind: str


def add_village(
    db: Database,
    username: str | None,
    name: str,
    kind: str = UnitKind.THON.value,
    commune_id: uuid.UUID | None = None,
) -> UnitView:
    """Add a village under a commune (by default this site's own)."""
    clean = nfc(name or "")
    if not clean:
        raise ValidationError("name", _("The village needs a name."))
    if kind not in {k.value for k in VILLAGE_KINDS}:
        raise ValidationError("kind", _("Unknown kind of village: {kind}.").format(kind=kind))
    with db.transaction(username) as session:
        if commune_id is None:
            commune_id = session.scalars(select(Site.home_unit_id)).one()
        commune = session.get(AdminUnit, commune_id)
        if commune is None or commune.level != UnitLevel.COMMUNE.value:
            raise ValidationError("commune", _("A village must belong to a commune."))
        village = village_row(clean, kind, commune.id)
        session.add(village)
        session.flush()
        audit.record(session, "unit.create", username, "admin_unit", village.id)
        return UnitView(village.id, village.code, village.name, village.level, village.kind)


def village_row(
    name: str, kind: str, commune_id: uuid.UUID, village_id: uuid.UUID | None = None
) -> AdminUnit:
    """A new village record: the one place that builds one (the form and a list's import)."""
    return AdminUnit(
        id=village_id or uuid.uuid4(),
        name=name,
        name_key=search_key(name),
        level=UnitLevel.VILLAGE.value,
        kind=kind,
        parent_id=commune_id,
    )


KIND_WORDS = (
    ("tổ dân phố", UnitKind.TO_DAN_PHO),
    ("tdp", UnitKind.TO_DAN_PHO),
    ("khu phố", UnitKind.KHU_PHO),
    ("bản", UnitKind.BAN),
    ("ấp", UnitKind.AP),
)
"""A village's kind from the word its name begins with; any other is a thôn."""


def village_kind(name: str) -> str:
    lower = nfc(name).lower()
    return next(
        (kind.value for word, kind in KIND_WORDS if lower.startswith(word + " ")), UnitKind.THON.value
    )


def villages(db: Database, commune_id: uuid.UUID | None = None) -> list[UnitView]:
    return _children(db, commune_id, (UnitLevel.VILLAGE.value,))


def lower_units(db: Database) -> list[UnitView]:
    """The communes (and former districts) under this site's unit: who sends it proposals."""
    return _children(db, None, (UnitLevel.DISTRICT.value, UnitLevel.COMMUNE.value))


def _children(db: Database, parent_id: uuid.UUID | None, levels: tuple[str, ...]) -> list[UnitView]:
    """Live units directly under `parent_id` (this site's unit by default), by name."""
    with db.session() as session:
        if parent_id is None:
            parent_id = session.scalars(select(Site.home_unit_id)).one()
        rows = session.scalars(
            select(AdminUnit)
            .where(
                AdminUnit.parent_id == parent_id,
                AdminUnit.level.in_(levels),
                AdminUnit.deleted_at.is_(None),
            )
            .order_by(AdminUnit.name_key)
        )
        return [UnitView(u.id, u.code, u.name, u.level, u.kind) for u in rows]
