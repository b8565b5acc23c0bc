"""The same person recorded twice, usually by two communes: found, reviewed, merged or told apart.

Two live records are offered as a pair when they share the ID-card number, or when two communes
recorded the same name (without accents or case) and birth year, with genders, birth dates and ID
numbers that do not disagree. Each side shows its commune and village, so the reviewer sees where
each record comes from.

A merge changes no one's records: it writes a verdict (`PersonMatch`) at this level. The other
record stays, hidden from lists and search, so the commune that owns it can go on sending changes
to it and they apply as they are; everything recorded for it counts as the kept person's, and
the rules see the whole history (`merged_into`, used by `eligibility.load_histories`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.codes import MatchVerdict, UserRole
from desktop.db import Database
from desktop.db.chunks import in_chunks
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.models import AdminUnit, Award, Person, PersonMatch, utcnow
from desktop.services import audit
from desktop.services.accounts import require


@dataclass(frozen=True)
class Side:
    id: uuid.UUID
    full_name: str
    born: str
    commune: str
    village: str
    awards: int


@dataclass(frozen=True)
class Candidate:
    first: Side
    second: Side
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Settled:
    """A verdict already given, which its reviewer may take back."""

    id: uuid.UUID
    kept: Side
    other: Side
    same: bool
    at: dt.datetime
    """When it was given (UTC)."""
    by: str


def merged_into(session: Session) -> dict[uuid.UUID, uuid.UUID]:
    """Each merged record and the person it now counts as (chains followed to their end)."""
    links = dict(
        session.execute(
            select(PersonMatch.other_person_id, PersonMatch.kept_person_id).where(
                PersonMatch.verdict == MatchVerdict.SAME.value, PersonMatch.deleted_at.is_(None)
            )
        ).all()
    )
    resolved = {}
    for other in links:
        kept, seen = links[other], {other}
        while kept in links and kept not in seen:
            seen.add(kept)
            kept = links[kept]
        resolved[other] = kept
    return resolved


def records_of(session: Session, person_id: uuid.UUID) -> list[uuid.UUID]:
    """Every record that counts as this person, the kept one first: where its history lies."""
    return records_in(merged_into(session), person_id)


def records_in(merged: dict[uuid.UUID, uuid.UUID], person_id: uuid.UUID) -> list[uuid.UUID]:
    """`records_of`, from the merges read once for many people."""
    kept = merged.get(person_id, person_id)
    return [kept, *sorted(other for other, into in merged.items() if into == kept)]


def merged_ids():
    """A subquery of the records merged into another: lists and search leave them out."""
    return select(PersonMatch.other_person_id).where(
        PersonMatch.verdict == MatchVerdict.SAME.value, PersonMatch.deleted_at.is_(None)
    )


First, Second = aliased(Person, name="first_person"), aliased(Person, name="second_person")


def _agree(first, second):
    """Two values that do not contradict each other: equal, or one of them unknown."""
    return or_(first.is_(None), second.is_(None), first == second)


SAME_CARD = (First.id_number.is_not(None), Second.id_number == First.id_number)
_SAME_NAME = (
    Second.name_key == First.name_key,
    First.birth_year.is_not(None),
    Second.birth_year == First.birth_year,
    Second.owner_unit_id != First.owner_unit_id,
    _agree(First.gender, Second.gender),
    _agree(First.id_number, Second.id_number),
)
SAME_DATE = (*_SAME_NAME, Second.birth_date == First.birth_date)
SAME_YEAR = (*_SAME_NAME, or_(First.birth_date.is_(None), Second.birth_date.is_(None)))
"""How a pair is found, strongest first. A name alone is weak (many people share one), so a pair
found by name comes from two communes, and its genders, birth dates and ID numbers must not
disagree; within one commune the person form warns before the second record is saved."""


def matching_pairs(*matching):
    """Live, unmerged records First and Second that match and have no verdict yet."""
    verdict = select(PersonMatch.id).where(
        PersonMatch.deleted_at.is_(None),
        or_(
            and_(PersonMatch.kept_person_id == First.id, PersonMatch.other_person_id == Second.id),
            and_(PersonMatch.kept_person_id == Second.id, PersonMatch.other_person_id == First.id),
        ),
    )
    return select(First.id, Second.id).where(
        First.id != Second.id,
        First.deleted_at.is_(None),
        Second.deleted_at.is_(None),
        First.id.not_in(merged_ids()),
        Second.id.not_in(merged_ids()),
        ~verdict.exists(),
        *matching,
    )


def _born(person: Person) -> str:
    if person.birth_date:
        return format_date(person.birth_date)
    return str(person.birth_year or "")


def _reasons(first: Person, second: Person) -> tuple[str, ...]:
    why = []
    if first.id_number and first.id_number == second.id_number:
        why.append(_("same ID number"))
    dates_agree = (
        first.birth_date is None or second.birth_date is None or first.birth_date == second.birth_date
    )
    if first.name_key == second.name_key and first.birth_year == second.birth_year and dates_agree:
        both_dated = first.birth_date is not None and second.birth_date is not None
        why.append(_("same name and birth date") if both_dated else _("same name and birth year"))
    return tuple(sorted(why))


SHOWN = 500
"""Pairs offered at once: a reviewer settles the strongest first, and the next ones follow."""


def candidates(db: Database, limit: int = SHOWN) -> list[Candidate]:
    """Pairs of live records that may be one person, not yet merged or told apart: at most `limit`,
    the strongest matches first."""
    with db.session() as session:
        found = _pair_ids(session, limit)
        people = _people(session, {person_id for pair in found for person_id in pair})
        sides = _sides(session, list(people.values()))
        pairs = [
            Candidate(sides[first], sides[second], _reasons(people[first], people[second]))
            for first, second in found
        ]
    pairs.sort(key=lambda pair: (-len(pair.reasons), pair.first.full_name))
    return pairs


def waiting_pairs(db: Database, limit: int = SHOWN) -> int:
    """How many pairs wait for a verdict, counted up to `limit` (past it, the reviewer needs no
    exact figure, and counting every pair of a province's million records takes long)."""
    with db.session() as session:
        return len(_pair_ids(session, limit))


def _pair_ids(session: Session, limit: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """At most `limit` pairs waiting for a verdict, the strongest matches first."""
    found: dict[tuple[uuid.UUID, uuid.UUID], None] = {}
    for matching in (SAME_CARD, SAME_DATE, SAME_YEAR):
        wanted = limit - len(found)
        if wanted <= 0:
            break
        for pair in session.execute(matching_pairs(First.id < Second.id, *matching).limit(wanted)):
            found[(pair[0], pair[1])] = None
    return list(found)


def pairs_with(session: Session, person_ids: Collection[uuid.UUID]) -> int:
    """How many candidate pairs these records are part of: what an import tells the reviewer."""
    found = set()
    for chunk in in_chunks(list(person_ids)):
        for matching in (SAME_CARD, SAME_DATE, SAME_YEAR):
            for first, second in session.execute(matching_pairs(First.id.in_(chunk), *matching)):
                found.add((min(first, second), max(first, second)))
    return len(found)


def _people(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, Person]:
    people = {}
    for chunk in in_chunks(list(ids)):
        people.update(
            (person.id, person) for person in session.scalars(select(Person).where(Person.id.in_(chunk)))
        )
    return people


def _sides(session: Session, people: list[Person]) -> dict[uuid.UUID, Side]:
    awards: dict[uuid.UUID, int] = {}
    for chunk in in_chunks([person.id for person in people]):
        awards.update(
            session.execute(
                select(Award.person_id, func.count())
                .where(Award.person_id.in_(chunk), Award.deleted_at.is_(None), Award.revoked_on.is_(None))
                .group_by(Award.person_id)
            ).all()
        )
    units = {person.owner_unit_id for person in people} | {person.village_id for person in people}
    names = dict(session.execute(select(AdminUnit.id, AdminUnit.name).where(AdminUnit.id.in_(units))).all())
    return {
        person.id: Side(
            person.id,
            person.full_name,
            _born(person),
            names.get(person.owner_unit_id, ""),
            names.get(person.village_id, ""),
            awards.get(person.id, 0),
        )
        for person in people
    }


def _live_person(session: Session, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.is_deleted:
        raise NotFoundError(_("The person does not exist or was deleted."))
    return person


def merge(db: Database, username: str | None, kept_id: uuid.UUID, other_id: uuid.UUID) -> None:
    """Count `other` as `kept` from now on, here and at the levels above (an approver's act)."""
    with db.transaction(username) as session:
        require(session, username, UserRole.APPROVER)
        if kept_id == other_id:
            raise ValidationError("other", _("A person cannot be merged with itself."))
        kept, other = _live_person(session, kept_id), _live_person(session, other_id)
        merged = merged_into(session)
        if kept.id in merged or other.id in merged:
            raise ValidationError("other", _("One of these records was already merged into another person."))
        session.add(PersonMatch(kept_person_id=kept.id, other_person_id=other.id, verdict=MatchVerdict.SAME))
        session.flush()
        audit.record(session, "person.merge", username, "person", kept.id, {"merged": str(other.id)})


def tell_apart(db: Database, username: str | None, first_id: uuid.UUID, second_id: uuid.UUID) -> None:
    """Record that the two are different people, so the pair is not offered again."""
    with db.transaction(username) as session:
        require(session, username, UserRole.OFFICER)
        first, second = _live_person(session, first_id), _live_person(session, second_id)
        session.add(
            PersonMatch(kept_person_id=first.id, other_person_id=second.id, verdict=MatchVerdict.DIFFERENT)
        )
        session.flush()
        audit.record(session, "person.distinct", username, "person", first.id, {"other": str(second.id)})


def settled(db: Database, limit: int = SHOWN) -> list[Settled]:
    """The verdicts in force, newest first: merges and pairs told apart."""
    with db.session() as session:
        matches = session.scalars(
            select(PersonMatch)
            .where(PersonMatch.deleted_at.is_(None))
            .order_by(PersonMatch.created_at.desc())
            .limit(limit)
        ).all()
        ids = {match.kept_person_id for match in matches} | {match.other_person_id for match in matches}
        sides = _sides(session, list(_people(session, ids).values()))
        return [
            Settled(
                match.id,
                sides[match.kept_person_id],
                sides[match.other_person_id],
                match.verdict == MatchVerdict.SAME.value,
                match.created_at,
                match.created_by or "",
            )
            for match in matches
            if match.kept_person_id in sides and match.other_person_id in sides
        ]


def withdraw(db: Database, username: str | None, match_id: uuid.UUID) -> None:
    """Take a verdict back: a merged record counts on its own again, a pair told apart is offered
    again. Undoing a merge is an approver's act, as the merge was."""
    with db.transaction(username) as session:
        match = session.get(PersonMatch, match_id)
        if match is None or match.is_deleted:
            raise NotFoundError(_("This verdict was already withdrawn."))
        same = match.verdict == MatchVerdict.SAME.value
        require(session, username, UserRole.APPROVER if same else UserRole.OFFICER)
        match.deleted_at = utcnow()
        session.flush()
        audit.record(
            session,
            "person.merge_undone" if same else "person.distinct_undone",
            username,
            "person",
            match.kept_person_id,
            {"other": str(match.other_person_id)},
        )
