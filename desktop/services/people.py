"""Recording people: every field checked, and a refusal names the field it is about."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from desktop.codes import Gender, Occupation, UnitLevel, UserRole
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, EthnicGroup, Person
from desktop.models.people import MIN_BIRTH_YEAR
from desktop.services import audit
from desktop.services.accounts import require
from desktop.services.printable import require_printable
from desktop.text import nfc, search_key

ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
"""Citizen ID (CCCD, 12 digits) or the older identity card (CMND, 9 digits)."""
MAX_NAME_LENGTH = 200


@dataclass
class PersonFields:
    """What a form or an import row supplies for a person."""

    full_name: str
    gender: str | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    ethnic_code: str | None = None
    id_number: str | None = None
    position: str | None = None
    workplace: str | None = None
    village_id: uuid.UUID | None = None
    hometown: str | None = None
    occupation: str = Occupation.OTHER.value
    notes: str | None = None


@dataclass(frozen=True)
class PersonView:
    id: uuid.UUID
    full_name: str
    gender: str | None
    birth_date: dt.date | None
    birth_year: int | None
    village: str | None
    occupation: str


def _clean_text(value: str | None) -> str | None:
    return nfc(value) or None if value is not None else None


def validate(
    session: Session, fields: PersonFields, person_id: uuid.UUID | None = None, unique_id_number: bool = True
) -> PersonFields:
    """Return the fields normalised, or raise ValidationError naming the first bad field. An import
    passes `unique_id_number=False`: a number already recorded there means the same person."""
    name = nfc(fields.full_name or "")
    if not name:
        raise ValidationError("full_name", _("The full name is required."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("full_name", _("The full name is too long."))
    require_printable("full_name", name)
    if fields.gender is not None and fields.gender not in {g.value for g in Gender}:
        raise ValidationError("gender", _("The gender must be male or female."))
    this_year = dt.date.today().year
    birth_year = fields.birth_year
    if fields.birth_date is not None:
        if fields.birth_date > dt.date.today():
            raise ValidationError("birth_date", _("The birth date is in the future."))
        if birth_year is not None and birth_year != fields.birth_date.year:
            raise ValidationError("birth_year", _("The birth year differs from the birth date."))
        birth_year = fields.birth_date.year
    if birth_year is not None and not MIN_BIRTH_YEAR <= birth_year <= this_year:
        raise ValidationError(
            "birth_year",
            _("The birth year must be between {low} and {high}.").format(low=MIN_BIRTH_YEAR, high=this_year),
        )
    if fields.ethnic_code is not None and session.get(EthnicGroup, fields.ethnic_code) is None:
        raise ValidationError(
            "ethnic_code", _("Unknown ethnic group code: {code}.").format(code=fields.ethnic_code)
        )
    id_number = (fields.id_number or "").strip() or None
    if id_number is not None:
        if not ID_NUMBER.match(id_number):
            raise ValidationError("id_number", _("An ID number has 12 digits (or 9 for an old card)."))
        clash = (
            unique_id_number
            and session.scalars(
                select(Person.id).where(
                    Person.id_number == id_number, Person.deleted_at.is_(None), Person.id != person_id
                )
            ).first()
        )
        if clash:
            raise ValidationError("id_number", _("Another person already has this ID number."))
    if fields.occupation not in {o.value for o in Occupation}:
        raise ValidationError(
            "occupation", _("Unknown occupation category: {code}.").format(code=fields.occupation)
        )
    if fields.village_id is not None:
        village = session.get(AdminUnit, fields.village_id)
        if village is None or village.level != UnitLevel.VILLAGE.value:
            raise ValidationError("village_id", _("The village does not exist."))
    return PersonFields(
        full_name=name,
        gender=fields.gender,
        birth_date=fields.birth_date,
        birth_year=birth_year,
        ethnic_code=fields.ethnic_code,
        id_number=id_number,
        position=_clean_text(fields.position),
        workplace=_clean_text(fields.workplace),
        village_id=fields.village_id,
        hometown=_clean_text(fields.hometown),
        occupation=fields.occupation,
        notes=_clean_text(fields.notes),
    )


def _view(session: Session, person: Person) -> PersonView:
    village = session.get(AdminUnit, person.village_id) if person.village_id else None
    return PersonView(
        person.id,
        person.full_name,
        person.gender,
        person.birth_date,
        person.birth_year,
        village.name if village else None,
        person.occupation,
    )


def person_row(fields: PersonFields, person_id: uuid.UUID | None = None) -> Person:
    """A new person record from checked fields, with its search key: the one place that builds
    one (the form, the Excel import and the demo commune)."""
    return Person(id=person_id or uuid.uuid4(), name_key=search_key(fields.full_name), **vars(fields))


FILLABLE = (
    "gender",
    "birth_date",
    "birth_year",
    "ethnic_code",
    "id_number",
    "position",
    "workplace",
    "village_id",
    "hometown",
    "notes",
)
"""What a list can add to a person already recorded: only fields still empty there."""


def fillable(person: Person, fields: PersonFields) -> dict[str, Any]:
    """The fields of `person` that are empty and that `fields` gives; never a recorded value changed."""
    filled = {
        name: getattr(fields, name)
        for name in FILLABLE
        if getattr(person, name) is None and getattr(fields, name) is not None
    }
    if "birth_date" in filled and person.birth_year not in (None, filled["birth_date"].year):
        del filled["birth_date"]  # a date that contradicts the recorded year is not the same birth
    return filled


def create_person(db: Database, username: str | None, fields: PersonFields) -> PersonView:
    with db.transaction(username) as session:
        clean = validate(session, fields)
        person = person_row(clean)
        session.add(person)
        session.flush()
        audit.record(session, "person.create", username, "person", person.id)
        return _view(session, person)


def update_person(
    db: Database, username: str | None, person_id: uuid.UUID, fields: PersonFields
) -> PersonView:
    with db.transaction(username) as session:
        person = session.get(Person, person_id)
        if person is None or person.is_deleted:
            raise NotFoundError(_("The person does not exist or was deleted."))
        clean = validate(session, fields, person_id)
        changed = [name for name, value in vars(clean).items() if getattr(person, name) != value]
        for name, value in vars(clean).items():
            setattr(person, name, value)
        person.name_key = search_key(clean.full_name)
        session.flush()
        audit.record(session, "person.update", username, "person", person.id, {"fields": changed})
        return _view(session, person)


def _fields_of(person: Person) -> PersonFields:
    return PersonFields(**{name: getattr(person, name) for name in PersonFields.__dataclass_fields__})


def details(db: Database, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PersonFields]:
    """The recorded fields of these people (one page of a list), for an export that carries them all."""
    with db.session() as session:
        found = session.scalars(select(Person).where(Person.id.in_(list(person_ids))))
        return {person.id: _fields_of(person) for person in found}


def person_fields(db: Database, person_id: uuid.UUID) -> PersonFields:
    """The recorded fields of a person, as the edit form shows them."""
    with db.session() as session:
        person = session.get(Person, person_id)
        if person is None or person.is_deleted:
            raise NotFoundError(_("The person does not exist or was deleted."))
        return _fields_of(person)


@dataclass(frozen=True)
class PossibleDuplicate:
    person: PersonView
    same_id_number: bool
    """True: the same ID number (saving is refused); False: the same name and birth year."""


def possible_duplicates(
    db: Database, fields: PersonFields, person_id: uuid.UUID | None = None
) -> list[PossibleDuplicate]:
    """People already recorded who may be this one: same ID number, or same name and birth year.

    Asked before saving, so the officer can open the existing record instead of typing a second.
    """
    key = search_key(nfc(fields.full_name or ""))
    birth_year = fields.birth_date.year if fields.birth_date else fields.birth_year
    id_number = (fields.id_number or "").strip() or None
    conditions: list[ColumnElement[bool]] = []
    if key and birth_year is not None:
        conditions.append((Person.name_key == key) & (Person.birth_year == birth_year))
    if id_number is not None:
        conditions.append(Person.id_number == id_number)
    if not conditions:
        return []
    with db.session() as session:
        found = session.scalars(
            select(Person)
            .where(or_(*conditions), Person.deleted_at.is_(None), Person.id != person_id)
            .order_by(Person.full_name)
            .limit(20)
        )
        return [
            PossibleDuplicate(_view(session, person), id_number is not None and person.id_number == id_number)
            for person in found
        ]


def erase_personal_data(db: Database, username: str | None, person_id: uuid.UUID) -> list[str]:
    """Clear a person's personal fields at the end of the retention period, keeping what the award
    history needs to name them (an administrator's act, audited, and carried to the other levels
    like any edit; the change log forgets the values, `changes.erasure`). Returns the fields that
    held something."""
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        person = session.get(Person, person_id)
        if person is None or person.is_deleted:
            raise NotFoundError(_("The person does not exist or was deleted."))
        erased = [name for name in Person.ERASABLE_FIELDS if getattr(person, name) is not None]
        for name in erased:
            setattr(person, name, None)
        session.flush()
        audit.record(session, "person.erase", username, "person", person.id, {"fields": erased})
        return erased
