"""What the upper level looks at before it decides (thẩm định): the rules, the dossier, and doubles.

Proposals come from many communes, so the same person can be proposed twice, or proposed for
what they already hold. A person is the same when it is the same record, has the same ID number,
or the same name and birth year; a collective when it is the same record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.codes import ItemStatus, ProposalStatus
from desktop.db import Database
from desktop.i18n import _, format_date
from desktop.models import AdminUnit, Award, Decision, Person, Proposal, ProposalItem
from desktop.services.dossier import ChecklistLine, checklist
from desktop.services.duplicates import merged_into, records_in
from desktop.services.eligibility import ProposalCheck, check_recorded_proposal
from desktop.services.proposals import item_subject_name, live_proposal
from desktop.services.releases import catalog_in_force

SETTLED = (ProposalStatus.RETURNED.value, ProposalStatus.REJECTED.value, ProposalStatus.DECIDED.value)
"""Proposals no longer pending: a returned one lives on in its new revision, a decided one in
its awards (which the check finds as already held)."""


@dataclass(frozen=True)
class DuplicateFinding:
    item_id: uuid.UUID
    subject_name: str
    award_code: str
    award_name: str
    already_awarded: bool
    """True: holds the award already; False: proposed for it in another proposal."""
    where: str

    def text(self) -> str:
        if self.already_awarded:
            return _("{name} already holds {award} for this year: {where}.").format(
                name=self.subject_name, award=self.award_name, where=self.where
            )
        return _("{name} is also proposed for {award} in {where}.").format(
            name=self.subject_name, award=self.award_name, where=self.where
        )


@dataclass(frozen=True)
class Appraisal:
    check: ProposalCheck
    duplicates: tuple[DuplicateFinding, ...]
    checklist: tuple[ChecklistLine, ...]

    @property
    def dossier_complete(self) -> bool:
        return all(line.present for line in self.checklist)


def _same_people(session: Session, person: Person, merged: dict[uuid.UUID, uuid.UUID]) -> set[uuid.UUID]:
    conditions = [Person.id == person.id]
    if person.id_number:
        conditions.append(Person.id_number == person.id_number)
    if person.birth_year is not None:
        conditions.append((Person.name_key == person.name_key) & (Person.birth_year == person.birth_year))
    alike = set(session.scalars(select(Person.id).where(or_(*conditions), Person.deleted_at.is_(None))))
    return alike | set(records_in(merged, person.id))


def _findings(
    session: Session, proposal: Proposal, item: ProposalItem, merged: dict[uuid.UUID, uuid.UUID]
) -> list[DuplicateFinding]:
    if item.person_id is not None:
        person = session.get(Person, item.person_id)
        assert person is not None
        ids = _same_people(session, person, merged)
        column, award_column = ProposalItem.person_id, Award.person_id
    else:
        ids, column, award_column = {item.collective_id}, ProposalItem.collective_id, Award.collective_id
    name = item_subject_name(item)
    award = catalog_in_force(session).name(item.award_code)
    found = []
    others = session.execute(
        select(Proposal.title, Proposal.number, AdminUnit.name)
        .join(ProposalItem, ProposalItem.proposal_id == Proposal.id)
        .outerjoin(AdminUnit, AdminUnit.id == Proposal.from_unit_id)
        .where(
            column.in_(ids),
            ProposalItem.award_code == item.award_code,
            ProposalItem.deleted_at.is_(None),
            ProposalItem.status != ItemStatus.REJECTED.value,
            Proposal.id != proposal.id,
            Proposal.year == proposal.year,
            Proposal.deleted_at.is_(None),
            Proposal.status.not_in(SETTLED),
        )
    ).all()
    for title, number, unit in others:
        where = ", ".join(part for part in (number or title, unit) if part)
        found.append(DuplicateFinding(item.id, name, item.award_code, award, False, where))
    held = session.execute(
        select(Decision.number, Decision.signed_on)
        .join(Award, Award.decision_id == Decision.id)
        .where(
            award_column.in_(ids),
            Award.award_code == item.award_code,
            Award.year == proposal.year,
            Award.deleted_at.is_(None),
            Award.revoked_on.is_(None),
        )
    ).all()
    for number, signed_on in held:
        found.append(
            DuplicateFinding(
                item.id,
                name,
                item.award_code,
                award,
                True,
                _("decision {number} of {date}").format(number=number, date=format_date(signed_on)),
            )
        )
    return found


def duplicate_findings(db: Database, proposal_id: uuid.UUID) -> list[DuplicateFinding]:
    """Every item proposed elsewhere for the same award and year, or already awarded it."""
    with db.session() as session:
        proposal = live_proposal(session, proposal_id)
        merged = merged_into(session)
        found: list[DuplicateFinding] = []
        for item in proposal.items:
            if item.deleted_at is None:
                found.extend(_findings(session, proposal, item, merged))
        return found


def appraisal(db: Database, proposal_id: uuid.UUID, as_of: dt.date) -> Appraisal:
    """The rules' verdict on every item, the doubles, and the dossier checklist, together."""
    return Appraisal(
        check_recorded_proposal(db, proposal_id, as_of),
        tuple(duplicate_findings(db, proposal_id)),
        tuple(checklist(db, proposal_id)),
    )
