"""Administrative units users add: villages (thôn, bản, tổ dân phố) and pre-2025 units."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.codes import UnitKind, UnitLevel
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Collective, Person, Site
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


@dataclass(frozen=True)
class VillageRow:
    """A village as the Địa bàn screen lists it: ended ones too, with what they became."""

    id: uuid.UUID
    name: str
    kind: str
    valid_to: dt.date | None
    successor: str | None
    people: int


def village_rows(db: Database) -> list[VillageRow]:
    """Every village of this commune, the ended ones last, each with how many people live there."""
    with db.session() as session:
        commune_id = session.scalars(select(Site.home_unit_id)).one()
        successor = aliased(AdminUnit)
        residents = (
            select(func.count())
            .where(Person.village_id == AdminUnit.id, Person.deleted_at.is_(None))
            .scalar_subquery()
        )
        rows = session.execute(
            select(
                AdminUnit.id, AdminUnit.name, AdminUnit.kind, AdminUnit.valid_to, successor.name, residents
            )
            .outerjoin(successor, successor.id == AdminUnit.successor_id)
            .where(
                AdminUnit.parent_id == commune_id,
                AdminUnit.level == UnitLevel.VILLAGE.value,
                AdminUnit.deleted_at.is_(None),
            )
            .order_by(AdminUnit.valid_to.is_not(None), AdminUnit.name_key)
        )
        return [VillageRow(*row) for row in rows]


def _village(session: Session, village_id: uuid.UUID) -> AdminUnit:
    village = session.get(AdminUnit, village_id)
    if village is None or village.is_deleted or village.level != UnitLevel.VILLAGE.value:
        raise NotFoundError(_("The village does not exist or was deleted."))
    return village


def rename_village(db: Database, username: str | None, village_id: uuid.UUID, name: str) -> None:
    """A new name for a village (its records keep pointing at it)."""
    clean = nfc(name or "")
    if not clean:
        raise ValidationError("name", _("The village needs a name."))
    with db.transaction(username) as session:
        village = _village(session, village_id)
        village.name, village.name_key = clean, search_key(clean)
        stated = village_kind(clean)  # "Bản …" says the kind; a bare name keeps the one it had
        village.kind = stated if stated != UnitKind.THON.value else village.kind
        audit.record(session, "unit.rename", username, "admin_unit", village.id)


def end_village(db: Database, username: str | None, village_id: uuid.UUID, day: dt.date) -> None:
    """The village ceased to exist on `day`: it is offered no more for new records, and the records
    that name it keep it, as the place they were then."""
    with db.transaction(username) as session:
        village = _village(session, village_id)
        if village.valid_from is not None and day < village.valid_from:
            raise ValidationError("valid_to", _("A village cannot end before it began."))
        village.valid_to = day
        audit.record(session, "unit.end", username, "admin_unit", village.id, {"on": day.isoformat()})


def merge_villages(
    db: Database, username: str | None, merged_id: uuid.UUID, into_id: uuid.UUID, day: dt.date
) -> int:
    """Village `merged_id` joined `into_id` on `day` (sáp nhập thôn): the people and collectives
    living there now live in the other one; the merged village ends, naming its successor, so a
    list that still names it finds the village it became. Returns how many records moved."""
    if merged_id == into_id:
        raise ValidationError("village", _("Choose another village to merge into."))
    with db.transaction(username) as session:
        merged, into = _village(session, merged_id), _village(session, into_id)
        if into.valid_to is not None:
            raise ValidationError(
                "village", _("{name} has ended; merge into a village that exists.").format(name=into.name)
            )
        moved = 0
        for model, column in ((Person, Person.village_id), (Collective, Collective.unit_id)):
            for record in session.scalars(
                select(model).where(column == merged.id, model.deleted_at.is_(None))
            ):
                setattr(record, column.key, into.id)
                moved += 1
        merged.valid_to, merged.successor_id = day, into.id
        audit.record(
            session, "unit.merge", username, "admin_unit", merged.id, {"into": str(into.id), "moved": moved}
        )
        return moved
