"""What each printed document says, read from the database as plain data.

The renderers in `desktop.reports` draw these; they never query. Each read model carries only
the fields its document prints: the public-posting list has no birth date, ID number or
ethnicity because `ListedSubject` has none.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import AwardForm, CollectiveKind, DecisionKind, Gender, RegistrationState
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import (
    AdminUnit,
    Award,
    Collective,
    CollectiveMember,
    CouncilMeeting,
    Decision,
    Movement,
    Person,
    Proposal,
    ProposalItem,
    Registration,
)
from desktop.rules.catalog import Catalog
from desktop.services.decisions import LEGAL_BASIS
from desktop.services.duplicates import records_of
from desktop.services.office import committee_name, office_settings, place_name
from desktop.services.proposals import live_proposal
from desktop.services.releases import catalog_in_force
from desktop.services.site import official_name, site_info
from desktop.text import search_key

GENDER_TEXT = {Gender.MALE.value: "Nam", Gender.FEMALE.value: "Nữ"}
"""Gender as documents and exported lists print it."""
COLLECTIVE_KIND_TEXT = {
    CollectiveKind.AGENCY.value: "Cơ quan, đơn vị",
    CollectiveKind.VILLAGE.value: "Thôn, tổ dân phố",
    CollectiveKind.SCHOOL.value: "Trường học",
    CollectiveKind.HOUSEHOLD.value: "Hộ gia đình",
    CollectiveKind.COOPERATIVE.value: "Hợp tác xã",
    CollectiveKind.ENTERPRISE.value: "Doanh nghiệp",
    CollectiveKind.ASSOCIATION.value: "Hội, đoàn thể",
    CollectiveKind.OTHER.value: "Khác",
}
"""The kind of a collective as exported lists write it (and imports read it back)."""


@dataclass(frozen=True)
class Issuer:
    """Who a document comes from, as printed in its letterhead and signature."""

    unit_name: str
    """ "ỦY BAN NHÂN DÂN XÃ BẢO LÂM"."""
    place: str
    governing_body: str
    seal_holder: str
    signer_name: str
    signer_title: str
    short_name: str
    """ "UBND xã Bảo Lâm": how other documents cite it."""


def _short_name(unit_name: str) -> str:
    return f"UBND {unit_name[:1].lower()}{unit_name[1:]}"


def issuer_of(db: Database, session: Session, unit_id: uuid.UUID | None) -> Issuer:
    """The office settings for this site's own unit; names derived from the unit for any other."""
    home = site_info(db)
    if unit_id is None or unit_id == home.unit_id:
        office = office_settings(db)
        return Issuer(
            office.unit_name,
            office.place_name,
            office.governing_body,
            office.seal_holder,
            office.signer_name,
            office.signer_title,
            _short_name(home.unit_name),
        )
    unit = session.get(AdminUnit, unit_id)
    if unit is None:
        raise NotFoundError(_("The issuing unit does not exist."))
    name = official_name(unit)
    committee = committee_name(name)
    return Issuer(committee, place_name(name), "", committee, "", "CHỦ TỊCH", _short_name(name))


@dataclass(frozen=True)
class ListedSubject:
    """One line of a list: who, where, what. No birth date, ID number or ethnicity."""

    is_person: bool
    name: str
    position: str
    workplace: str
    village: str
    award_code: str
    award_name: str
    achievement: str
    reward_amount: Decimal | None = None
    golden_book_number: str = ""


def _unit_name(session: Session, unit_id: uuid.UUID | None) -> str:
    unit = session.get(AdminUnit, unit_id) if unit_id else None
    return unit.name if unit is not None else ""


def _listed(session: Session, catalog: Catalog, row: Award | ProposalItem) -> ListedSubject:
    """The list line of an award or a proposal item (both name a person or a collective)."""
    extra: dict[str, object] = {}
    if isinstance(row, Award):
        extra = {"reward_amount": row.reward_amount, "golden_book_number": row.golden_book_number or ""}
    person = session.get(Person, row.person_id) if row.person_id is not None else None
    if person is not None:
        who = (person.full_name, person.position or "", person.workplace or "", person.village_id)
    else:
        collective = session.get(Collective, row.collective_id)
        assert collective is not None
        who = (collective.name, "", "", collective.unit_id)
    name, position, workplace, place_id = who
    return ListedSubject(
        person is not None,
        name,
        position,
        workplace,
        _unit_name(session, place_id),
        row.award_code,
        catalog.name(row.award_code),
        row.achievement or "",
        **extra,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class DecisionDocument:
    id: uuid.UUID
    number: str
    signed_on: dt.date
    revocation: bool
    summary: str
    legal_basis: tuple[str, ...]
    proposed_by: str
    """The "Theo đề nghị của …" line's unit, from the proposal answered."""
    authority: str
    """ "Chủ tịch UBND xã Bảo Lâm": who decides, as the annex and certificates cite it."""
    authority_line: str
    """ "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẢO LÂM": the line above "Căn cứ …"."""
    issuer: Issuer
    signer_name: str
    signer_title: str
    sign_mode: str
    lines: tuple[ListedSubject, ...]
    revocation_reason: str
    revoked_decision: str
    """ "15/QĐ-UBND ngày 05/01/2026" for a revocation; empty otherwise."""

    @property
    def total_reward(self) -> Decimal:
        return sum((line.reward_amount or Decimal(0) for line in self.lines), Decimal(0))


def _authority(catalog: Catalog, conferrer: str, issuer: Issuer) -> dict[str, str]:
    """A chairman's power is named after the issuing committee; other conferrers by the catalog."""
    if conferrer.startswith("chu_tich_ubnd"):
        return {
            "authority": f"Chủ tịch {issuer.short_name}",
            "authority_line": f"CHỦ TỊCH {issuer.unit_name}".upper(),
        }
    title = catalog.conferrer_title(conferrer)
    return {"authority": title, "authority_line": title.upper()}


def _live_decision(session: Session, decision_id: uuid.UUID) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None or decision.deleted_at is not None:
        raise NotFoundError(_("No decision has this id."))
    return decision


def decision_document(db: Database, decision_id: uuid.UUID) -> DecisionDocument:
    with db.session() as session:
        decision = _live_decision(session, decision_id)
        revocation = decision.kind == DecisionKind.REVOCATION.value
        if revocation:
            awards = session.scalars(
                select(Award)
                .where(Award.revoked_by_decision_id == decision.id, Award.deleted_at.is_(None))
                .order_by(Award.created_at)
            ).all()
        else:
            awards = [award for award in decision.awards if award.deleted_at is None]
        revoked = (
            session.get(Decision, decision.revokes_decision_id) if decision.revokes_decision_id else None
        )
        proposal = decision.proposal
        proposed_by = ""
        if proposal is not None and proposal.from_unit_id is not None:
            proposed_by = _unit_name(session, proposal.from_unit_id)
        issuer = issuer_of(db, session, decision.issuer_unit_id)
        catalog = catalog_in_force(session)
        return DecisionDocument(
            id=decision.id,
            number=decision.number,
            signed_on=decision.signed_on,
            revocation=revocation,
            summary=decision.summary,
            legal_basis=tuple(
                line for line in (decision.legal_basis or LEGAL_BASIS).splitlines() if line.strip()
            ),
            proposed_by=proposed_by,
            **_authority(catalog, decision.authority, issuer),
            issuer=issuer,
            signer_name=decision.signer_name or issuer.signer_name,
            signer_title=decision.signer_title or issuer.signer_title,
            sign_mode=decision.sign_mode,
            lines=tuple(_listed(session, catalog, award) for award in awards),
            revocation_reason=awards[0].revocation_reason or "" if revocation and awards else "",
            revoked_decision=(
                f"{revoked.number} ngày {revoked.signed_on:%d/%m/%Y}" if revoked is not None else ""
            ),
        )


def find_decision(db: Database, number: str | None = None, year: int | None = None) -> uuid.UUID:
    """The decision with this number (in `year` if given), or the most recent one."""
    with db.session() as session:
        statement = select(Decision.id).where(Decision.deleted_at.is_(None))
        if number:
            statement = statement.where(Decision.number_key == search_key(number))
        if year is not None:
            statement = statement.where(
                Decision.signed_on >= dt.date(year, 1, 1), Decision.signed_on <= dt.date(year, 12, 31)
            )
        found = session.scalars(
            statement.order_by(Decision.signed_on.desc(), Decision.number_key.desc())
        ).first()
    if found is None:
        raise NotFoundError(_("No decision matches."))
    return found


@dataclass(frozen=True)
class ProposalDocument:
    id: uuid.UUID
    number: str
    title: str
    year: int | None
    issuer: Issuer
    to_unit: str
    """The unit whose chairman or council receives it ("Kính gửi: …")."""
    submitted_on: dt.date | None
    lines: tuple[ListedSubject, ...]
    posting_place: str
    posting_from: dt.date | None
    posting_to: dt.date | None


def proposal_document(db: Database, proposal_id: uuid.UUID) -> ProposalDocument:
    with db.session() as session:
        proposal = live_proposal(session, proposal_id)
        items = [item for item in proposal.items if item.deleted_at is None]
        catalog = catalog_in_force(session)
        return ProposalDocument(
            id=proposal.id,
            number=proposal.number or "",
            title=proposal.title,
            year=proposal.year,
            issuer=issuer_of(db, session, proposal.from_unit_id),
            to_unit=_unit_name(session, proposal.to_unit_id),
            submitted_on=proposal.submitted_on,
            lines=tuple(_listed(session, catalog, item) for item in items),
            posting_place=proposal.posting_place or "",
            posting_from=proposal.posting_from,
            posting_to=proposal.posting_to,
        )


def find_proposal(db: Database, year: int | None = None, reviewed: bool = False) -> uuid.UUID:
    """The most recently changed live proposal (of `year`; with a council meeting if `reviewed`)."""
    with db.session() as session:
        statement = select(Proposal.id).where(Proposal.deleted_at.is_(None))
        if reviewed:
            statement = statement.where(
                select(CouncilMeeting.id)
                .where(CouncilMeeting.proposal_id == Proposal.id, CouncilMeeting.deleted_at.is_(None))
                .exists()
            )
        if year is not None:
            statement = statement.where(Proposal.year == year)
        found = session.scalars(statement.order_by(Proposal.updated_at.desc())).first()
    if found is None:
        raise NotFoundError(_("No proposal matches."))
    return found


@dataclass(frozen=True)
class PastAward:
    year: int | None
    award_name: str
    decision: str
    """ "15/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND cấp xã"."""
    is_title: bool


@dataclass(frozen=True)
class AchievementDocument:
    """Báo cáo thành tích (forms 01/02 of the decree): who, what is proposed, earlier awards."""

    is_person: bool
    name: str
    proposed_award: str
    achievement: str
    issuer: Issuer
    # A person: the fields of form 02's "Sơ lược lý lịch".
    gender: str
    birth: str
    hometown: str
    residence: str
    workplace: str
    position: str
    # A collective: form 01's "Sơ lược đặc điểm".
    unit: str
    head: str
    members: int
    history: tuple[PastAward, ...]


def _history(
    session: Session, catalog: Catalog, column, subject_ids: list[uuid.UUID]
) -> tuple[PastAward, ...]:
    titles = catalog.codes_where(form=AwardForm.TITLE.value)
    rows = session.execute(
        select(Award, Decision)
        .join(Decision, Decision.id == Award.decision_id)
        .where(column.in_(subject_ids), Award.deleted_at.is_(None), Award.revoked_on.is_(None))
        .order_by(Award.year, Decision.signed_on)
    )
    return tuple(
        PastAward(
            award.year or decision.signed_on.year,
            catalog.name(award.award_code),
            f"{decision.number} ngày {decision.signed_on:%d/%m/%Y} "
            f"của {catalog.conferrer_title(decision.authority)}",
            award.award_code in titles,
        )
        for award, decision in rows
    )


def achievement_document(
    db: Database, subject_id: uuid.UUID, award_code: str | None = None
) -> AchievementDocument:
    """The report for a person or collective; the award and achievement text come from their most
    recent proposal item (of `award_code` if given)."""
    with db.session() as session:
        person = session.get(Person, subject_id)
        collective = None if person is not None else session.get(Collective, subject_id)
        subject = person or collective
        if subject is None or subject.deleted_at is not None:
            raise NotFoundError(_("No person or collective has this id."))
        column = ProposalItem.person_id if person is not None else ProposalItem.collective_id
        statement = (
            select(ProposalItem)
            .where(column == subject_id, ProposalItem.deleted_at.is_(None))
            .order_by(ProposalItem.created_at.desc())
        )
        if award_code:
            statement = statement.where(ProposalItem.award_code == award_code)
        item = session.scalars(statement).first()
        code = award_code or (item.award_code if item is not None else "")
        catalog = catalog_in_force(session)
        proposed = catalog.name(code) if code else ""
        achievement = item.achievement or "" if item is not None else ""
        issuer = issuer_of(db, session, None)
        if person is not None:
            birth = f"{person.birth_date:%d/%m/%Y}" if person.birth_date else str(person.birth_year or "")
            return AchievementDocument(
                True,
                person.full_name,
                proposed,
                achievement,
                issuer,
                gender=GENDER_TEXT.get(person.gender or "", ""),
                birth=birth,
                hometown=person.hometown or "",
                residence=_unit_name(session, person.village_id),
                workplace=person.workplace or "",
                position=person.position or "",
                unit="",
                head="",
                members=0,
                history=_history(session, catalog, Award.person_id, records_of(session, person.id)),
            )
        assert collective is not None
        members = session.scalar(
            select(func.count(CollectiveMember.id)).where(
                CollectiveMember.collective_id == collective.id,
                CollectiveMember.deleted_at.is_(None),
                CollectiveMember.left_on.is_(None),
            )
        )
        return AchievementDocument(
            False,
            collective.name,
            proposed,
            achievement,
            issuer,
            gender="",
            birth="",
            hometown="",
            residence="",
            workplace="",
            position="",
            unit=_unit_name(session, collective.unit_id),
            head=collective.head.full_name if collective.head is not None else "",
            members=int(members or 0),
            history=_history(session, catalog, Award.collective_id, [collective.id]),
        )


@dataclass(frozen=True)
class RegistrationLine:
    name: str
    is_person: bool
    village: str
    award_name: str
    movement: str
    state: str


@dataclass(frozen=True)
class RegistrationDocument:
    year: int
    issuer: Issuer
    lines: tuple[RegistrationLine, ...]


REGISTRATION_STATE_TEXT = {
    RegistrationState.NOT_SENT.value: "Chưa gửi",
    RegistrationState.PENDING.value: "Chờ duyệt",
    RegistrationState.APPROVED.value: "Đã duyệt",
    RegistrationState.RETURNED.value: "Trả lại",
}


def registration_document(db: Database, year: int | None = None) -> RegistrationDocument:
    """The consolidated registration list of a year (the latest year with registrations)."""
    with db.session() as session:
        if year is None:
            year = session.scalar(
                select(func.max(Registration.year)).where(Registration.deleted_at.is_(None))
            )
            if year is None:
                raise NotFoundError(_("No registration is recorded."))
        place = func.coalesce(Person.village_id, Collective.unit_id)
        rows = session.execute(
            select(Registration, Person.full_name, Collective.name, AdminUnit.name, Movement.name)
            .outerjoin(Person, Person.id == Registration.person_id)
            .outerjoin(Collective, Collective.id == Registration.collective_id)
            .outerjoin(AdminUnit, AdminUnit.id == place)
            .outerjoin(Movement, Movement.id == Registration.movement_id)
            .where(Registration.year == year, Registration.deleted_at.is_(None))
            .order_by(Registration.collective_id.is_(None), Collective.name, Person.name_key)
        ).all()
        catalog = catalog_in_force(session)
        lines = tuple(
            RegistrationLine(
                person_name or collective_name or "",
                person_name is not None,
                village or "",
                catalog.name(registration.award_code),
                movement or "",
                REGISTRATION_STATE_TEXT.get(registration.state, registration.state),
            )
            for registration, person_name, collective_name, village, movement in rows
        )
        return RegistrationDocument(year, issuer_of(db, session, None), lines)
