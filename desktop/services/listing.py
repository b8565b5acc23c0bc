"""Browse people, collectives and awards a million rows deep.

A list is two calls: the ordered keys of every row the filter selects (one index-ordered query,
held by the caller as a compact array), then the rows of one page of keys when they come into
view. On SQLite a key is the table's rowid, so the keys of a million people take 8 MB.
"""

from __future__ import annotations

import datetime as dt
import uuid
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from desktop.codes import SubjectKind
from desktop.db import Database
from desktop.db.id_text import hex_of
from desktop.i18n import format_date
from desktop.models import (
    AdminUnit,
    Award,
    Collective,
    CollectiveMember,
    Decision,
    EthnicGroup,
    Person,
    Proposal,
)
from desktop.services.duplicates import merged_ids
from desktop.services.releases import catalog_in_force
from desktop.services.search import name_condition

PAGE_SIZE = 200


@dataclass(frozen=True)
class PeopleFilter:
    text: str = ""
    village_id: uuid.UUID | None = None
    occupation: str | None = None
    gender: str | None = None
    ethnic_code: str | None = None
    award_code: str | None = None
    year: int | None = None
    """With `award_code`: awarded it that year; alone: awarded anything that year."""


@dataclass(frozen=True)
class CollectiveFilter:
    text: str = ""
    kind: str | None = None
    unit_id: uuid.UUID | None = None
    award_code: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class AwardFilter:
    text: str = ""
    """Any part of the name of the person or collective awarded."""
    award_code: str | None = None
    year: int | None = None
    level: str | None = None
    village_id: uuid.UUID | None = None
    movement_id: uuid.UUID | None = None
    decision_id: uuid.UUID | None = None
    include_revoked: bool = False


class PersonRow(NamedTuple):
    """One line of the people list. Display values are worked out when a row is shown, not when
    its page is read: a page holds 200 rows and a screen shows thirty. A named tuple, because
    building 200 of them must cost next to nothing."""

    key: int
    id_hex: str
    full_name: str
    gender: str | None
    birth_date: dt.date | str | None
    """As the driver gives it: ISO text on SQLite, a date elsewhere (see `born`)."""
    birth_year: int | None
    village: str | None
    occupation: str
    ethnicity: str | None

    @property
    def id(self) -> uuid.UUID:
        return uuid.UUID(self.id_hex)

    @property
    def born(self) -> str:
        if self.birth_date:
            return format_date(dt.date.fromisoformat(str(self.birth_date)))
        return str(self.birth_year or "")


@dataclass(frozen=True)
class CollectiveRow:
    key: int
    id: uuid.UUID
    name: str
    kind: str
    place: str
    members: int
    awards: int


@dataclass(frozen=True)
class AwardRow:
    key: int
    id: uuid.UUID
    subject_kind: str
    subject_id: uuid.UUID
    subject_name: str
    award_code: str
    award_name: str
    year: int | None
    decision_number: str
    signed_on: dt.date
    issuer: str
    village: str
    revoked: bool
    birth_year: int | None = None
    """The person's, so that an exported history tells namesakes apart when it comes back."""


def _key(session: Session, table: str, model: type) -> ColumnElement:
    return _dialect_key(session.get_bind().dialect.name, table, model)


def _dialect_key(dialect: str, table: str, model: type) -> ColumnElement:
    """SQLite's rowid (compact, and what the live-row indexes carry); the UUID elsewhere."""
    if dialect == "sqlite":
        return literal_column(f"{table}.rowid")
    return model.id


def _live_awards(code: str | None, year: int | None) -> list[ColumnElement[bool]]:
    conditions = [Award.deleted_at.is_(None), Award.revoked_on.is_(None)]
    if code:
        conditions.append(Award.award_code == code)
    if year is not None:
        conditions.append(Award.year == year)
    return conditions


def _read_keys(db: Database, build: Callable[[Session], Select]) -> Sequence:
    """Run a one-column key query, reading the driver's cursor directly: keys need no conversion,
    and skipping the per-row result objects halves the time at a million rows."""
    with db.session() as session:
        result = session.connection().execute(build(session))
        keys = (key for (key,) in result.cursor)
        return array("q", keys) if db.is_sqlite else list(keys)


def person_keys(db: Database, wanted: PeopleFilter) -> Sequence:
    """The keys of the people `wanted` selects, by name."""

    def build(session: Session) -> Select:
        statement = select(_key(session, "person", Person)).where(
            Person.deleted_at.is_(None), Person.id.not_in(merged_ids())
        )
        matches = name_condition(session, "person", wanted.text)
        if matches is not None:
            statement = statement.where(matches)
        for column, value in (
            (Person.village_id, wanted.village_id),
            (Person.occupation, wanted.occupation),
            (Person.gender, wanted.gender),
            (Person.ethnic_code, wanted.ethnic_code),
        ):
            if value is not None:
                statement = statement.where(column == value)
        if wanted.award_code or wanted.year is not None:
            awarded = select(Award.person_id).where(*_live_awards(wanted.award_code, wanted.year))
            statement = statement.where(Person.id.in_(awarded))
        return statement.order_by(Person.name_key)

    return _read_keys(db, build)


def _award_count(subject_column: ColumnElement) -> ColumnElement:
    return (
        select(func.count())
        .where(subject_column, *_live_awards(None, None))
        .correlate_except(Award)
        .scalar_subquery()
    )


def _in_key_order(rows: list, keys: Sequence) -> list:
    position = {key: index for index, key in enumerate(keys)}
    return sorted(rows, key=lambda row: position[row.key])


@cache
def _person_page(dialect: str) -> Select:
    """The page query, built once per dialect (building it costs as much as running it)."""
    key = _dialect_key(dialect, "person", Person)
    return (
        select(
            key,
            hex_of(Person.id, dialect),
            Person.full_name,
            Person.gender,
            Person.birth_date,
            Person.birth_year,
            AdminUnit.name,
            Person.occupation,
            EthnicGroup.name,
        )
        .outerjoin(AdminUnit, AdminUnit.id == Person.village_id)
        .outerjoin(EthnicGroup, EthnicGroup.code == Person.ethnic_code)
        .where(key.in_(bindparam("keys", expanding=True)))
    )


def person_rows(db: Database, keys: Sequence) -> list[PersonRow]:
    """The rows of these keys, in the same order (one page: a few hundred keys at most).

    Read from the driver's cursor like the keys: the list shows text, so the per-row result
    objects and date conversion of the ORM are skipped."""
    if not len(keys):
        return []
    with db.session() as session:
        statement = _person_page(session.get_bind().dialect.name)
        found = session.connection().execute(statement, {"keys": list(keys)})
        rows = list(map(PersonRow._make, found.cursor))
    return _in_key_order(rows, keys)


def collective_keys(db: Database, wanted: CollectiveFilter) -> Sequence:
    """The keys of the collectives `wanted` selects, by name."""

    def build(session: Session) -> Select:
        statement = select(_key(session, "collective", Collective)).where(Collective.deleted_at.is_(None))
        matches = name_condition(session, "collective", wanted.text)
        if matches is not None:
            statement = statement.where(matches)
        if wanted.kind is not None:
            statement = statement.where(Collective.kind == wanted.kind)
        if wanted.unit_id is not None:
            statement = statement.where(Collective.unit_id == wanted.unit_id)
        if wanted.award_code or wanted.year is not None:
            awarded = select(Award.collective_id).where(*_live_awards(wanted.award_code, wanted.year))
            statement = statement.where(Collective.id.in_(awarded))
        return statement.order_by(Collective.name_key)

    return _read_keys(db, build)


def collective_rows(db: Database, keys: Sequence) -> list[CollectiveRow]:
    if not len(keys):
        return []
    with db.session() as session:
        key = _key(session, "collective", Collective)
        members = (
            select(func.count())
            .where(
                CollectiveMember.collective_id == Collective.id,
                CollectiveMember.deleted_at.is_(None),
                CollectiveMember.left_on.is_(None),
            )
            .correlate_except(CollectiveMember)
            .scalar_subquery()
        )
        found = session.connection().execute(
            select(
                key,
                Collective.id,
                Collective.name,
                Collective.kind,
                AdminUnit.name,
                members,
                _award_count(Award.collective_id == Collective.id),
            )
            .outerjoin(AdminUnit, AdminUnit.id == Collective.unit_id)
            .where(key.in_(bindparam("keys", expanding=True))),
            {"keys": list(keys)},
        )
        rows = [
            CollectiveRow(row_key, collective_id, name, kind, place or "", members, awards)
            for row_key, collective_id, name, kind, place, members, awards in found
        ]
    return _in_key_order(rows, keys)


def award_keys(db: Database, wanted: AwardFilter) -> Sequence:
    """The keys of the awards `wanted` selects, newest year first."""

    def build(session: Session) -> Select:
        key = _key(session, "award", Award)
        statement = select(key).where(Award.deleted_at.is_(None))
        if not wanted.include_revoked:
            statement = statement.where(Award.revoked_on.is_(None))
        if wanted.award_code:
            statement = statement.where(Award.award_code == wanted.award_code)
        if wanted.year is not None:
            statement = statement.where(Award.year == wanted.year)
        if wanted.decision_id is not None:
            statement = statement.where(Award.decision_id == wanted.decision_id)
        people = name_condition(session, "person", wanted.text)
        if people is not None:
            collectives = name_condition(session, "collective", wanted.text)
            statement = statement.where(
                Award.person_id.in_(select(Person.id).where(people))
                | Award.collective_id.in_(select(Collective.id).where(collectives))
            )
        if wanted.village_id is not None:
            statement = statement.where(
                Award.person_id.in_(select(Person.id).where(Person.village_id == wanted.village_id))
                | Award.collective_id.in_(
                    select(Collective.id).where(Collective.unit_id == wanted.village_id)
                )
            )
        if wanted.level:
            codes = catalog_in_force(session).codes_where(conferring_level=wanted.level)
            statement = statement.where(Award.award_code.in_(sorted(codes)))
        if wanted.movement_id is not None:
            statement = (
                statement.join(Decision, Decision.id == Award.decision_id)
                .join(Proposal, Proposal.id == Decision.proposal_id)
                .where(Proposal.movement_id == wanted.movement_id)
            )
        return statement.order_by(Award.year.desc(), key)

    return _read_keys(db, build)


def award_rows(db: Database, keys: Sequence) -> list[AwardRow]:
    if not len(keys):
        return []
    with db.session() as session:
        key = _key(session, "award", Award)
        issuer = aliased(AdminUnit)
        village = aliased(AdminUnit)
        place = aliased(AdminUnit)
        found = session.connection().execute(
            select(
                key,
                Award.id,
                Award.person_id,
                Award.collective_id,
                Person.full_name,
                Person.birth_year,
                Collective.name,
                Collective.kind,
                Award.award_code,
                Award.year,
                Decision.number,
                Decision.signed_on,
                issuer.name,
                village.name,
                place.name,
                Award.revoked_on,
            )
            .join(Decision, Decision.id == Award.decision_id)
            .join(issuer, issuer.id == Decision.issuer_unit_id)
            .outerjoin(Person, Person.id == Award.person_id)
            .outerjoin(village, village.id == Person.village_id)
            .outerjoin(Collective, Collective.id == Award.collective_id)
            .outerjoin(place, place.id == Collective.unit_id)
            .where(key.in_(bindparam("keys", expanding=True))),
            {"keys": list(keys)},
        )
        catalog = catalog_in_force(session)
        rows = [
            AwardRow(
                key=row_key,
                id=award_id,
                subject_kind=SubjectKind.PERSON if person_id else SubjectKind.of_collective(collective_kind),
                subject_id=person_id or collective_id,
                subject_name=person_name or collective_name or "",
                award_code=code,
                award_name=catalog.name(code),
                year=year,
                decision_number=number,
                signed_on=signed_on,
                issuer=issuer_name,
                village=village_name or place_name or "",
                revoked=revoked_on is not None,
                birth_year=birth_year,
            )
            for (
                row_key,
                award_id,
                person_id,
                collective_id,
                person_name,
                birth_year,
                collective_name,
                collective_kind,
                code,
                year,
                number,
                signed_on,
                issuer_name,
                village_name,
                place_name,
                revoked_on,
            ) in found
        ]
    return _in_key_order(rows, keys)
