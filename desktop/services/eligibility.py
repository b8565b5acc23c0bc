"""Eligibility from the records: build the rules engine's cases from the database and judge them.

Histories are loaded in bulk (a few queries for any number of subjects), so a whole commune's
annual proposal is judged in one pass.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import ItemStatus, ProposalStatus, RegistrationState, SubjectKind
from desktop.db import Database
from desktop.db.chunks import in_chunks
from desktop.db.id_text import hex_in, hex_of
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import (
    Award,
    Collective,
    CollectiveMember,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    Person,
    Proposal,
    ProposalItem,
    Registration,
    TaskRating,
)
from desktop.rules.case import (
    AwardRecord,
    Case,
    DisciplineRecord,
    History,
    InitiativeRecord,
    Member,
    UnitCounts,
)
from desktop.rules.engine import (
    NextStep,
    ProposalItemCase,
    ProposalReport,
    check_proposal,
    evaluate,
    what_next,
)
from desktop.rules.verdict import Verdict
from desktop.services.duplicates import merged_into
from desktop.services.releases import parameters_in_force

OPEN_PROPOSAL = tuple(
    status.value
    for status in ProposalStatus
    if status not in (ProposalStatus.REJECTED, ProposalStatus.DECIDED, ProposalStatus.APPROVED)
)
"""Proposals still waiting for a decision: their lines count as "already proposed"."""
_CHUNK = 900


@dataclass(frozen=True)
class Subject:
    """A person or a collective (households are collectives of kind `household`)."""

    id: uuid.UUID
    kind: str
    name: str
    owner_unit_id: uuid.UUID | None


def _subject_column(model):
    """A record's person or collective: what its history is keyed by."""
    return func.coalesce(model.person_id, model.collective_id)


class _Histories:
    """Everything recorded about many subjects (keyed by id hex), one query per kind of record."""

    def __init__(self) -> None:
        self.awards: dict[str, list[AwardRecord]] = defaultdict(list)
        self.ratings: dict[str, dict[int, str]] = defaultdict(dict)
        self.initiatives: dict[str, list[InitiativeRecord]] = defaultdict(list)
        self.disciplines: dict[str, list[DisciplineRecord]] = defaultdict(list)
        self.registrations: dict[str, dict[int, tuple[str, ...]]] = defaultdict(dict)

    def fold(self, merged: dict[str, str]) -> None:
        """Count each merged record's history as its kept person's."""
        for other, kept in merged.items():
            self.awards[kept].extend(self.awards.pop(other, []))
            self.initiatives[kept].extend(self.initiatives.pop(other, []))
            self.disciplines[kept].extend(self.disciplines.pop(other, []))
            for year, rating in self.ratings.pop(other, {}).items():
                self.ratings[kept].setdefault(year, rating)
            for year, codes in self.registrations.pop(other, {}).items():
                self.registrations[kept][year] = (*self.registrations[kept].get(year, ()), *codes)

    def history(self, subject_id: uuid.UUID) -> History:
        key = subject_id.hex
        return History(
            awards=tuple(self.awards.get(key, ())),
            ratings=dict(self.ratings.get(key, {})),
            initiatives=tuple(self.initiatives.get(key, ())),
            disciplines=tuple(self.disciplines.get(key, ())),
            registrations=dict(self.registrations.get(key, {})),
        )


def load_histories(
    session: Session, subject_ids: Iterable[uuid.UUID], exclude_proposal: uuid.UUID | None = None
) -> _Histories:
    """Awards (not revoked), open proposal lines, ratings, initiatives, disciplines, registrations."""
    wanted = list(dict.fromkeys(subject_id.hex for subject_id in subject_ids))
    merged = {other.hex: kept.hex for other, kept in merged_into(session).items() if kept.hex in wanted}
    ids = wanted + list(merged)  # a person merged into a subject: its records are the subject's
    found = _Histories()
    dialect = session.get_bind().dialect.name
    award_subject, item_subject = _subject_column(Award), _subject_column(ProposalItem)
    rating_subject, registration_subject = _subject_column(TaskRating), _subject_column(Registration)
    author, disciplined = InitiativeAuthor.person_id, Discipline.person_id
    for chunk in in_chunks(ids, _CHUNK):
        for subject, code, year, number, signed_on in session.execute(
            select(
                hex_of(award_subject, dialect),
                Award.award_code,
                Award.year,
                Decision.number,
                Decision.signed_on,
            )
            .join(Decision, Decision.id == Award.decision_id)
            .where(
                hex_in(award_subject, chunk, dialect),
                Award.year.is_not(None),
                Award.revoked_on.is_(None),
                Award.deleted_at.is_(None),
            )
        ):
            found.awards[subject].append(AwardRecord(code, year, number, signed_on))
        open_items = (
            select(hex_of(item_subject, dialect), ProposalItem.award_code, Proposal.year, Proposal.number)
            .join(Proposal, Proposal.id == ProposalItem.proposal_id)
            .where(
                hex_in(item_subject, chunk, dialect),
                Proposal.year.is_not(None),
                Proposal.status.in_(OPEN_PROPOSAL),
                ProposalItem.status != ItemStatus.REJECTED.value,
                ProposalItem.deleted_at.is_(None),
                Proposal.deleted_at.is_(None),
            )
        )
        if exclude_proposal is not None:
            open_items = open_items.where(Proposal.id != exclude_proposal)
        for subject, code, year, number in session.execute(open_items):
            found.awards[subject].append(AwardRecord(code, year, number, proposed=True))
        for subject, year, rating in session.execute(
            select(hex_of(rating_subject, dialect), TaskRating.year, TaskRating.rating).where(
                hex_in(rating_subject, chunk, dialect), TaskRating.deleted_at.is_(None)
            )
        ):
            found.ratings[subject][year] = rating
        for person, scope, recognised_on in session.execute(
            select(hex_of(author, dialect), Initiative.scope, Initiative.recognised_on)
            .join(Initiative, Initiative.id == InitiativeAuthor.initiative_id)
            .where(
                hex_in(author, chunk, dialect),
                Initiative.recognised_on.is_not(None),
                Initiative.deleted_at.is_(None),
                InitiativeAuthor.deleted_at.is_(None),
            )
        ):
            found.initiatives[person].append(InitiativeRecord(recognised_on.year, scope, recognised_on))
        for person, level, decided_on, until in session.execute(
            select(
                hex_of(disciplined, dialect),
                Discipline.level,
                Discipline.decided_on,
                Discipline.effective_until,
            ).where(hex_in(disciplined, chunk, dialect), Discipline.deleted_at.is_(None))
        ):
            last = (until or decided_on).year
            found.disciplines[person].extend(
                DisciplineRecord(year, level) for year in range(decided_on.year, last + 1)
            )
        for subject, year, code in session.execute(
            select(hex_of(registration_subject, dialect), Registration.year, Registration.award_code).where(
                hex_in(registration_subject, chunk, dialect),
                Registration.state != RegistrationState.RETURNED.value,
                Registration.deleted_at.is_(None),
            )
        ):
            found.registrations[subject][year] = (*found.registrations[subject].get(year, ()), code)
    found.fold(merged)
    return found


def _members(session: Session, collective_ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, list[tuple]]:
    """The members of each collective during `year`: (person id, name)."""
    members: dict[uuid.UUID, list[tuple]] = defaultdict(list)
    for chunk in in_chunks(collective_ids, _CHUNK):
        for collective_id, person_id, name, joined, left in session.execute(
            select(
                CollectiveMember.collective_id,
                Person.id,
                Person.full_name,
                CollectiveMember.joined_on,
                CollectiveMember.left_on,
            )
            .join(Person, Person.id == CollectiveMember.person_id)
            .where(
                CollectiveMember.collective_id.in_(chunk),
                CollectiveMember.deleted_at.is_(None),
                Person.deleted_at.is_(None),
            )
        ):
            if (joined is None or joined.year <= year) and (left is None or left.year >= year):
                members[collective_id].append((person_id, name))
    return members


def _unit_titles(
    session: Session, owner_unit_id: uuid.UUID | None, year: int, exclude_proposal: uuid.UUID | None = None
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Who in the unit holds or is proposed for LĐTT in `year`, and who for CSTĐCS."""

    def holders(code: str) -> set[uuid.UUID]:
        awarded = select(Award.person_id).where(
            Award.award_code == code,
            Award.year == year,
            Award.person_id.is_not(None),
            Award.owner_unit_id == owner_unit_id,
            Award.revoked_on.is_(None),
            Award.deleted_at.is_(None),
        )
        proposed = (
            select(ProposalItem.person_id)
            .join(Proposal, Proposal.id == ProposalItem.proposal_id)
            .where(
                ProposalItem.award_code == code,
                Proposal.year == year,
                ProposalItem.person_id.is_not(None),
                Proposal.owner_unit_id == owner_unit_id,
                Proposal.status.in_(OPEN_PROPOSAL),
                ProposalItem.status != ItemStatus.REJECTED.value,
                ProposalItem.deleted_at.is_(None),
            )
        )
        if exclude_proposal is not None:
            proposed = proposed.where(Proposal.id != exclude_proposal)
        return set(session.scalars(awarded)) | set(session.scalars(proposed))

    return holders("LDTT"), holders("CSTDCS")


def _unit_counts(titles: tuple[set[uuid.UUID], set[uuid.UUID]], others_than: set[uuid.UUID]) -> UnitCounts:
    """Every LĐTT counts towards the quota; a CSTĐCS counts unless it is one being judged."""
    ldtt, cstdcs = titles
    return UnitCounts(len(ldtt), len(cstdcs - others_than))


def _subject(session: Session, subject_id: uuid.UUID) -> Subject:
    subject = _subjects(session, [subject_id]).get(subject_id)
    if subject is None:
        raise NotFoundError(_("No person or collective has this id."))
    return subject


def _cases(
    session: Session,
    lines: list[tuple[Subject, str]],
    year: int,
    as_of: dt.date,
    exclude_proposal: uuid.UUID | None = None,
) -> list[Case]:
    collectives = [subject.id for subject, _award in lines if subject.kind != SubjectKind.PERSON]
    members = _members(session, collectives, year)
    member_ids = [person_id for rows in members.values() for person_id, _name in rows]
    histories = load_histories(session, [s.id for s, _a in lines] + member_ids, exclude_proposal)
    titles: dict[uuid.UUID | None, tuple[set[uuid.UUID], set[uuid.UUID]]] = {}
    cases = []
    for subject, award in lines:
        unit = None
        if award == "CSTDCS":
            if subject.owner_unit_id not in titles:
                titles[subject.owner_unit_id] = _unit_titles(
                    session, subject.owner_unit_id, year, exclude_proposal
                )
            unit = _unit_counts(titles[subject.owner_unit_id], {subject.id})
        cases.append(
            Case(
                as_of=as_of,
                subject_kind=subject.kind,
                subject_name=subject.name,
                award=award,
                year=year,
                history=histories.history(subject.id),
                members=(
                    tuple(
                        Member(name, histories.history(person_id), str(person_id))
                        for person_id, name in members.get(subject.id, [])
                    )
                    if subject.kind != SubjectKind.PERSON
                    else None
                ),
                unit=unit,
            )
        )
    return cases


def judge(db: Database, subject_id: uuid.UUID, award: str, year: int, as_of: dt.date) -> Verdict:
    """The verdict for one award proposed for a recorded person or collective."""
    with db.session() as session:
        case = _cases(session, [(_subject(session, subject_id), award)], year, as_of)[0]
        return evaluate(case, parameters_in_force(session))


def next_steps(db: Database, subject_id: uuid.UUID, year: int, as_of: dt.date) -> list[NextStep]:
    """What a recorded person or collective can be proposed for in `year`, and what would come next."""
    with db.session() as session:
        subject = _subject(session, subject_id)
        # A person's case is built as for CSTĐCS so that it carries the unit's counts (quota).
        award = "CSTDCS" if subject.kind == SubjectKind.PERSON else "GK_XA"
        return what_next(_cases(session, [(subject, award)], year, as_of)[0], parameters_in_force(session))


@dataclass(frozen=True)
class ProposalCheck:
    proposal_id: uuid.UUID
    item_ids: tuple[uuid.UUID, ...]
    report: ProposalReport


def check_recorded_proposal(db: Database, proposal_id: uuid.UUID, as_of: dt.date) -> ProposalCheck:
    """Judge every line of a proposal together (quota, double lines, LĐTT counted for CSTĐCS)."""
    with db.session() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None or proposal.deleted_at is not None:
            raise NotFoundError(_("No proposal has this id."))
        if proposal.year is None:
            raise NotFoundError(_("The proposal has no year; annual titles cannot be judged without one."))
        rows = session.execute(
            select(
                ProposalItem.id,
                func.coalesce(ProposalItem.person_id, ProposalItem.collective_id),
                ProposalItem.award_code,
            )
            .where(ProposalItem.proposal_id == proposal_id, ProposalItem.deleted_at.is_(None))
            .order_by(ProposalItem.position)
        ).all()
        subjects = _subjects(session, [uuid.UUID(str(subject)) for _id, subject, _code in rows])
        lines = [(subjects[uuid.UUID(str(subject))], code) for _id, subject, code in rows]
        cases = _cases(session, lines, proposal.year, as_of, exclude_proposal=proposal_id)
        unit_ids = {subject.owner_unit_id for subject, _code in lines}
        unit = (
            _unit_counts(
                _unit_titles(session, unit_ids.pop(), proposal.year, proposal_id), {s.id for s, _c in lines}
            )
            if len(unit_ids) == 1
            else None
        )
        items = [
            ProposalItemCase(str(subject.id), case)
            for (subject, _code), case in zip(lines, cases, strict=True)
        ]
        return ProposalCheck(
            proposal_id,
            tuple(item_id for item_id, _s, _c in rows),
            check_proposal(items, unit, parameters_in_force(session)),
        )


def _subjects(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Subject]:
    found: dict[uuid.UUID, Subject] = {}
    for chunk in in_chunks(list(dict.fromkeys(ids)), _CHUNK):
        for row in session.execute(
            select(Person.id, Person.full_name, Person.owner_unit_id).where(
                Person.id.in_(chunk), Person.deleted_at.is_(None)
            )
        ):
            found[row.id] = Subject(row.id, SubjectKind.PERSON, row.full_name, row.owner_unit_id)
        for row in session.execute(
            select(Collective.id, Collective.name, Collective.kind, Collective.owner_unit_id).where(
                Collective.id.in_(chunk), Collective.deleted_at.is_(None)
            )
        ):
            found[row.id] = Subject(row.id, SubjectKind.of_collective(row.kind), row.name, row.owner_unit_id)
    return found
