"""The same person recorded twice, usually by two communes: found, reviewed, merged or told apart.

Two live records are offered as a pair when they share the ID-card number, or the name (without
accents or case) and the birth year with birth dates that do not disagree. Each side shows its
commune and village, so the reviewer sees where each record comes from.

A merge changes no one's records: it writes a verdict (`PersonMatch`) at this level. The other
record stays, hidden from lists and search, so the commune that owns it can go on sending changes
to it and they apply as they are; everything recorded for it counts as the kept person's, and
the rules see the whole history (`merged_into`, used by `eligibility.load_histories`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import MatchVerdict, UserRole
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.models import AdminUnit, Award, Person, PersonMatch
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


def merged_ids():  # type: ignore[no-untyped-def]
    """A subquery of the records merged into another: lists and search leave them out."""
    return select(PersonMatch.other_person_id).where(
        PersonMatch.verdict == MatchVerdict.SAME.value, PersonMatch.deleted_at.is_(None)
    )


def _born(person: Person) -> str:
    if person.birth_date:
        return format_date(person.birth_date)
    return str(person.birth_year or "")


def _dates_agree(first: Person, second: Person) -> bool:
    return first.birth_date is None or second.birth_date is None or first.birth_date == second.birth_date


def candidates(db: Database, limit: int = 500) -> list[Candidate]:
    """Pairs of live records that may be one person, not yet merged or told apart."""
    with db.session() as session:
        live = (Person.deleted_at.is_(None), Person.id.not_in(merged_ids()))
        shared_cards = (
            select(Person.id_number)
            .where(Person.id_number.is_not(None), *live)
            .group_by(Person.id_number)
            .having(func.count() > 1)
        )
        shared_names = (
            select(Person.name_key)
            .where(Person.birth_year.is_not(None), *live)
            .group_by(Person.name_key, Person.birth_year)
            .having(func.count() > 1)
        )
        groups: dict[tuple, list[Person]] = defaultdict(list)
        for person in session.scalars(select(Person).where(Person.id_number.in_(shared_cards), *live)):
            groups[("card", person.id_number)].append(person)
        for person in session.scalars(
            select(Person).where(Person.name_key.in_(shared_names), Person.birth_year.is_not(None), *live)
        ):
            groups[("name", person.name_key, person.birth_year)].append(person)
        told = set(
            session.execute(
                select(PersonMatch.kept_person_id, PersonMatch.other_person_id).where(
                    PersonMatch.deleted_at.is_(None)
                )
            ).all()
        )
        reasons: dict[tuple[uuid.UUID, uuid.UUID], set[str]] = defaultdict(set)
        people: dict[uuid.UUID, Person] = {}
        for key, members in groups.items():
            for first, second in combinations(sorted(members, key=lambda p: p.id), 2):
                if (first.id, second.id) in told or (second.id, first.id) in told:
                    continue
                if key[0] == "card":
                    reasons[(first.id, second.id)].add(_("same ID number"))
                elif first.birth_year == second.birth_year and _dates_agree(first, second):
                    both_dated = first.birth_date is not None and second.birth_date is not None
                    reasons[(first.id, second.id)].add(
                        _("same name and birth date") if both_dated else _("same name and birth year")
                    )
                else:
                    continue
                people[first.id], people[second.id] = first, second
        sides = _sides(session, list(people.values()))
        found = [
            Candidate(sides[first], sides[second], tuple(sorted(why)))
            for (first, second), why in reasons.items()
        ]
    found.sort(key=lambda pair: (-len(pair.reasons), pair.first.full_name))
    return found[:limit]


def _sides(session: Session, people: list[Person]) -> dict[uuid.UUID, Side]:
    ids = [person.id for person in people]
    awards = dict(
        session.execute(
            select(Award.person_id, func.count())
            .where(Award.person_id.in_(ids), Award.deleted_at.is_(None), Award.revoked_on.is_(None))
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
