"""Recording collectives (agencies, villages, schools, households …) and their members."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import CollectiveKind
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Collective, CollectiveMember, Person
from desktop.services import audit
from desktop.services.printable import require_printable
from desktop.text import nfc, search_key

MAX_NAME_LENGTH = 300


@dataclass
class CollectiveFields:
    name: str
    kind: str = CollectiveKind.AGENCY.value
    unit_id: uuid.UUID | None = None
    head_person_id: uuid.UUID | None = None
    notes: str | None = None


@dataclass(frozen=True)
class MemberView:
    id: uuid.UUID
    person_id: uuid.UUID
    full_name: str
    role: str
    joined_on: dt.date | None
    left_on: dt.date | None


def validate(session: Session, fields: CollectiveFields) -> CollectiveFields:
    name = nfc(fields.name or "")
    if not name:
        raise ValidationError("name", _("The name is required."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("name", _("The name is too long."))
    require_printable("name", name)
    if fields.kind not in {kind.value for kind in CollectiveKind}:
        raise ValidationError("kind", _("Unknown kind of collective: {code}.").format(code=fields.kind))
    if fields.unit_id is not None and session.get(AdminUnit, fields.unit_id) is None:
        raise ValidationError("unit_id", _("The place does not exist."))
    if fields.head_person_id is not None and session.get(Person, fields.head_person_id) is None:
        raise ValidationError("head_person_id", _("The person does not exist or was deleted."))
    notes = nfc(fields.notes or "") or None
    return CollectiveFields(name, fields.kind, fields.unit_id, fields.head_person_id, notes)


def _live(session: Session, collective_id: uuid.UUID) -> Collective:
    collective = session.get(Collective, collective_id)
    if collective is None or collective.is_deleted:
        raise NotFoundError(_("The collective does not exist or was deleted."))
    return collective


def collective_row(fields: CollectiveFields) -> Collective:
    """A new collective record from checked fields, with its search key: the one place that
    builds one (the form, the Excel import and the demo commune)."""
    return Collective(name_key=search_key(fields.name), **vars(fields))


def create_collective(db: Database, username: str | None, fields: CollectiveFields) -> uuid.UUID:
    with db.transaction(username) as session:
        clean = validate(session, fields)
        collective = collective_row(clean)
        session.add(collective)
        session.flush()
        audit.record(session, "collective.create", username, "collective", collective.id)
        return collective.id


def update_collective(
    db: Database, username: str | None, collective_id: uuid.UUID, fields: CollectiveFields
) -> None:
    with db.transaction(username) as session:
        collective = _live(session, collective_id)
        clean = validate(session, fields)
        changed = [name for name, value in vars(clean).items() if getattr(collective, name) != value]
        for name, value in vars(clean).items():
            setattr(collective, name, value)
        collective.name_key = search_key(clean.name)
        audit.record(session, "collective.update", username, "collective", collective.id, {"fields": changed})


def collective_fields(db: Database, collective_id: uuid.UUID) -> CollectiveFields:
    with db.session() as session:
        collective = _live(session, collective_id)
        return CollectiveFields(
            collective.name, collective.kind, collective.unit_id, collective.head_person_id, collective.notes
        )


def members(db: Database, collective_id: uuid.UUID) -> list[MemberView]:
    """Present and past members, present first, by name."""
    with db.session() as session:
        rows = session.execute(
            select(CollectiveMember, Person.full_name)
            .join(Person, Person.id == CollectiveMember.person_id)
            .where(CollectiveMember.collective_id == collective_id, CollectiveMember.deleted_at.is_(None))
            .order_by(CollectiveMember.left_on.is_not(None), Person.name_key)
        )
        return [
            MemberView(member.id, member.person_id, name, member.role or "", member.joined_on, member.left_on)
            for member, name in rows
        ]


def add_member(
    db: Database,
    username: str | None,
    collective_id: uuid.UUID,
    person_id: uuid.UUID,
    role: str | None = None,
    joined_on: dt.date | None = None,
) -> uuid.UUID:
    with db.transaction(username) as session:
        _live(session, collective_id)
        person = session.get(Person, person_id)
        if person is None or person.is_deleted:
            raise ValidationError("person_id", _("The person does not exist or was deleted."))
        current = session.scalars(
            select(CollectiveMember.id).where(
                CollectiveMember.collective_id == collective_id,
                CollectiveMember.person_id == person_id,
                CollectiveMember.left_on.is_(None),
                CollectiveMember.deleted_at.is_(None),
            )
        ).first()
        if current is not None:
            raise ValidationError("person_id", _("This person is already a member."))
        member = CollectiveMember(
            collective_id=collective_id,
            person_id=person_id,
            role=nfc(role or "") or None,
            joined_on=joined_on,
        )
        session.add(member)
        session.flush()
        audit.record(session, "collective.member_add", username, "collective", collective_id)
        return member.id


def end_membership(db: Database, username: str | None, member_id: uuid.UUID, left_on: dt.date) -> None:
    """A member leaves; the period stays on record, since the rules count members by year."""
    with db.transaction(username) as session:
        member = session.get(CollectiveMember, member_id)
        if member is None or member.deleted_at is not None:
            raise NotFoundError(_("The membership does not exist."))
        if member.joined_on is not None and left_on < member.joined_on:
            raise ValidationError("left_on", _("A member cannot leave before joining."))
        member.left_on = left_on
        audit.record(session, "collective.member_end", username, "collective", member.collective_id)
