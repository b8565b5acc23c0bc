"""Records a commune officer enters, written straight into a real database for tests."""

from __future__ import annotations

import datetime as dt
import uuid

from desktop.models import (
    Award,
    Collective,
    CollectiveMember,
    Decision,
    Initiative,
    InitiativeAuthor,
    Proposal,
    ProposalItem,
    Registration,
    TaskRating,
)
from desktop.services.people import PersonFields, create_person
from desktop.services.site import site_info
from desktop.text import search_key


class Records:
    """Adds what a commune officer records, in one transaction per call."""

    def __init__(self, db):
        self.db = db
        self.unit_id = site_info(db).unit_id

    def person(self, name: str) -> uuid.UUID:
        return create_person(self.db, "admin", PersonFields(full_name=name)).id

    def collective(self, name: str, members: list[uuid.UUID]) -> uuid.UUID:
        with self.db.transaction("admin") as session:
            collective = Collective(name=name, name_key=search_key(name), kind="agency", unit_id=self.unit_id)
            session.add(collective)
            session.flush()
            session.add_all(CollectiveMember(collective_id=collective.id, person_id=p) for p in members)
            return collective.id

    @staticmethod
    def _subject(subject_id: uuid.UUID, collective: bool) -> dict:
        return {"collective_id": subject_id} if collective else {"person_id": subject_id}

    def award(
        self, subject_id, code: str, year: int, collective: bool = False, revoked: bool = False
    ) -> None:
        with self.db.transaction("admin") as session:
            number = f"{uuid.uuid4().hex[:4]}/QĐ-UBND"
            decision = Decision(
                number=number,
                number_key=search_key(number),
                name_key=search_key(number),
                signed_on=dt.date(year + 1, 1, 10),
                issuer_unit_id=self.unit_id,
                authority="chu_tich_ubnd_xa",
                summary=f"{code} {year}",
            )
            session.add(decision)
            session.flush()
            session.add(
                Award(
                    decision_id=decision.id,
                    award_code=code,
                    year=year,
                    revoked_on=dt.date(year + 1, 6, 1) if revoked else None,
                    **self._subject(subject_id, collective),
                )
            )

    def year(self, person_id, year: int, rating: str, initiative: bool = False) -> None:
        """A rating, a registration and, if asked, a recognised initiative for `year`."""
        with self.db.transaction("admin") as session:
            session.add(TaskRating(person_id=person_id, year=year, rating=rating))
            session.add(Registration(person_id=person_id, year=year, award_code="LDTT", state="approved"))
            if initiative:
                found = Initiative(title="Sáng kiến", scope="co_so", recognised_on=dt.date(year, 11, 20))
                session.add(found)
                session.flush()
                session.add(InitiativeAuthor(initiative_id=found.id, person_id=person_id))

    def proposal(self, year: int, lines: list[tuple[uuid.UUID, str]], collective_ids=()) -> uuid.UUID:
        with self.db.transaction("admin") as session:
            proposal = Proposal(title=f"Đề nghị năm {year}", kind="regular", year=year, to_level="commune")
            session.add(proposal)
            session.flush()
            for position, (subject_id, code) in enumerate(lines):
                session.add(
                    ProposalItem(
                        proposal_id=proposal.id,
                        position=position,
                        award_code=code,
                        **self._subject(subject_id, subject_id in collective_ids),
                    )
                )
            return proposal.id
