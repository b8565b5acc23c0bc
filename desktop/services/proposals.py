"""Award proposals (đề nghị): the header, the items with their eligibility, and what is read back.

A proposal is edited only while it is a draft; after that the workflow (`proposal_workflow.py`)
moves it on, and a returned one is corrected in a new revision. An item whose award the rules
refuse is saved only with a written reason: the council and the upper level see both.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import ConferringLevel, ItemStatus, ProposalKind, ProposalStatus
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Movement, Proposal, ProposalItem, utcnow
from desktop.rules.catalog import Catalog, shipped_catalog
from desktop.rules.verdict import Outcome, Verdict
from desktop.services import audit
from desktop.services.eligibility import judge
from desktop.services.proposal_steps import Step, offered
from desktop.services.releases import catalog_in_force
from desktop.services.site import site_info
from desktop.services.subjects import live_subject
from desktop.text import nfc

MAX_TITLE_LENGTH = 500
POSTED_AWARDS = frozenset({"GDVH", "THON_VH"})
"""Awards whose list is posted publicly before the council votes (ND 86/2023: 10 days)."""
POSTING_DAYS = 10


@dataclass(frozen=True)
class ProposalFields:
    title: str
    kind: str = ProposalKind.REGULAR.value
    year: int | None = None
    to_level: str = ConferringLevel.COMMUNE.value
    """Who decides: the own chairman (the site's level) or an upper level."""
    movement_id: uuid.UUID | None = None
    number: str | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    posting_place: str | None = None
    posting_from: dt.date | None = None
    posting_to: dt.date | None = None
    posting_comments: str | None = None


@dataclass(frozen=True)
class ItemFields:
    subject_id: uuid.UUID
    """A person, or a collective or household."""
    award_code: str
    achievement: str | None = None
    override_reason: str | None = None


@dataclass(frozen=True)
class ItemView:
    id: uuid.UUID
    subject_kind: str
    subject_id: uuid.UUID
    subject_name: str
    award_code: str
    award_name: str
    achievement: str | None
    status: str
    override_reason: str | None


@dataclass(frozen=True)
class ProposalView:
    id: uuid.UUID
    fields: ProposalFields
    status: str
    revision: int
    previous_revision_id: uuid.UUID | None
    from_unit: str | None
    submitted_on: dt.date | None
    received_on: dt.date | None
    return_reason: str | None
    appraisal_note: str | None
    items: tuple[ItemView, ...]
    incoming: bool
    """Sent up by a lower unit: this office appraises it, the one that wrote it waits."""
    steps: frozenset[Step] = frozenset()
    """The steps the account the view was read for may take now (`proposal_steps.offered`)."""


@dataclass(frozen=True)
class ProposalSummary:
    id: uuid.UUID
    number: str | None
    title: str
    year: int | None
    status: str
    revision: int
    from_unit: str | None
    items: int


def _clean(value: str | None) -> str | None:
    text = nfc(value or "").strip()
    return text or None


def validate_fields(session: Session, fields: ProposalFields) -> ProposalFields:
    """The fields normalised, or ValidationError naming the first bad one."""
    title = _clean(fields.title)
    if title is None:
        raise ValidationError("title", _("The proposal needs a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError("title", _("The title is too long."))
    if fields.kind not in {kind.value for kind in ProposalKind}:
        raise ValidationError("kind", _("Unknown kind of proposal: {code}.").format(code=fields.kind))
    if fields.to_level not in {level.value for level in ConferringLevel}:
        raise ValidationError("to_level", _("Unknown level: {code}.").format(code=fields.to_level))
    if fields.year is not None and not 1945 <= fields.year <= 2200:
        raise ValidationError("year", _("The year must be between 1945 and 2200."))
    if fields.movement_id is not None:
        movement = session.get(Movement, fields.movement_id)
        if movement is None or movement.deleted_at is not None:
            raise ValidationError("movement_id", _("The movement does not exist."))
    for start, end, field in (
        (fields.period_from, fields.period_to, "period_to"),
        (fields.posting_from, fields.posting_to, "posting_to"),
    ):
        if start is not None and end is not None and end < start:
            raise ValidationError(field, _("The end date is before the start date."))
    return ProposalFields(
        title=title,
        kind=fields.kind,
        year=fields.year,
        to_level=fields.to_level,
        movement_id=fields.movement_id,
        number=_clean(fields.number),
        period_from=fields.period_from,
        period_to=fields.period_to,
        posting_place=_clean(fields.posting_place),
        posting_from=fields.posting_from,
        posting_to=fields.posting_to,
        posting_comments=_clean(fields.posting_comments),
    )


def _apply(proposal: Proposal, fields: ProposalFields) -> None:
    for name in ProposalFields.__dataclass_fields__:
        setattr(proposal, name, getattr(fields, name))


def create_proposal(
    db: Database, username: str, fields: ProposalFields, from_unit_id: uuid.UUID | None = None
) -> uuid.UUID:
    """A new draft from this site's unit."""
    home = site_info(db).unit_id
    with db.transaction(username) as session:
        return new_proposal(session, username, fields, from_unit_id or home).id


def new_proposal(
    session: Session, username: str, fields: ProposalFields, from_unit_id: uuid.UUID
) -> Proposal:
    clean = validate_fields(session, fields)
    proposal = Proposal(status=ProposalStatus.DRAFT.value, revision=1, from_unit_id=from_unit_id)
    _apply(proposal, clean)
    session.add(proposal)
    session.flush()
    audit.record(session, "proposal.create", username, "proposal", proposal.id, {"title": clean.title})
    return proposal


def editable_proposal(session: Session, proposal_id: uuid.UUID) -> Proposal:
    """The proposal, if it may still be changed; a sent or decided one is locked."""
    proposal = live_proposal(session, proposal_id)
    if proposal.status != ProposalStatus.DRAFT.value:
        raise ValidationError(
            "status",
            _(
                "This proposal is no longer a draft and cannot be changed; "
                "a returned one is corrected in a new revision."
            ),
        )
    return proposal


def live_proposal(session: Session, proposal_id: uuid.UUID) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.deleted_at is not None:
        raise NotFoundError(_("No proposal has this id."))
    return proposal


def update_proposal(db: Database, username: str, proposal_id: uuid.UUID, fields: ProposalFields) -> None:
    with db.transaction(username) as session:
        proposal = editable_proposal(session, proposal_id)
        clean = validate_fields(session, fields)
        _apply(proposal, clean)
        audit.record(session, "proposal.update", username, "proposal", proposal.id, {"title": clean.title})


def item_verdict(db: Database, proposal_year: int | None, item: ItemFields, as_of: dt.date) -> Verdict:
    return judge(db, item.subject_id, item.award_code, proposal_year or as_of.year, as_of)


def add_item(
    db: Database, username: str, proposal_id: uuid.UUID, item: ItemFields, as_of: dt.date
) -> uuid.UUID:
    """Add a nominee. One the rules find not eligible needs `override_reason`, or is refused."""
    with db.session() as session:
        year = live_proposal(session, proposal_id).year
    _check_award(item.award_code)
    verdict = item_verdict(db, year, item, as_of)
    reason = _clean(item.override_reason)
    if verdict.outcome == Outcome.INELIGIBLE and reason is None:
        failed = "; ".join(r.text().rstrip(".") for r in verdict.reasons if r.status == "fail")
        raise ValidationError(
            "override_reason",
            _("The rules find this award not eligible ({reasons}). Write why it is proposed anyway.").format(
                reasons=failed
            ),
        )
    with db.transaction(username) as session:
        proposal = editable_proposal(session, proposal_id)
        row = insert_item(session, proposal, item, reason)
        audit.record(
            session,
            "proposal.item_add",
            username,
            "proposal_item",
            row.id,
            {
                "proposal": str(proposal.id),
                "award": item.award_code,
                "verdict": verdict.outcome.value,
                "override": reason is not None,
            },
        )
        return row.id


def _check_award(code: str) -> None:
    if code not in shipped_catalog().known_codes():  # the same in every catalog
        raise ValidationError("award_code", _("Unknown award: {code}.").format(code=code))


def insert_item(
    session: Session, proposal: Proposal, item: ItemFields, override_reason: str | None
) -> ProposalItem:
    """The item row, after its person or collective and its award are checked to exist."""
    _check_award(item.award_code)
    subject = live_subject(session, item.subject_id).columns
    row = ProposalItem(
        proposal_id=proposal.id,
        position=len([i for i in proposal.items if i.deleted_at is None]),
        award_code=item.award_code,
        achievement=_clean(item.achievement),
        override_reason=override_reason,
        status=ItemStatus.PROPOSED.value,
        **subject,
    )
    session.add(row)
    session.flush()
    return row


def remove_item(db: Database, username: str, item_id: uuid.UUID) -> None:
    with db.transaction(username) as session:
        item = session.get(ProposalItem, item_id)
        if item is None or item.deleted_at is not None:
            raise NotFoundError(_("No proposal item has this id."))
        editable_proposal(session, item.proposal_id)
        item.deleted_at = utcnow()  # a tombstone, so that the removal travels with sync
        audit.record(session, "proposal.item_remove", username, "proposal_item", item_id)


def _item_view(session: Session, catalog: Catalog, item: ProposalItem) -> ItemView:
    subject_id = item.person_id or item.collective_id
    assert subject_id is not None
    kind, name = _subject_or_gone(session, subject_id)
    return ItemView(
        item.id,
        kind,
        subject_id,
        name,
        item.award_code,
        catalog.name(item.award_code),
        item.achievement,
        item.status,
        item.override_reason,
    )


def item_subject_name(item: ProposalItem) -> str:
    """The name of the person or collective an item proposes (for lists, minutes, decisions)."""
    if item.person is not None:
        return item.person.full_name
    return item.collective.name if item.collective is not None else ""


def _subject_or_gone(session: Session, subject_id: uuid.UUID) -> tuple[str, str]:
    try:
        subject = live_subject(session, subject_id)
        return subject.kind, subject.name
    except ValidationError:
        return "person", _("(deleted)")


def proposal_view(db: Database, proposal_id: uuid.UUID, username: str | None = None) -> ProposalView:
    """The proposal as it stands; with `username`, the steps that account is offered now."""
    home = site_info(db).unit_id
    with db.session() as session:
        proposal = live_proposal(session, proposal_id)
        fields = ProposalFields(
            **{name: getattr(proposal, name) for name in ProposalFields.__dataclass_fields__}
        )
        unit = session.get(AdminUnit, proposal.from_unit_id) if proposal.from_unit_id else None
        catalog = catalog_in_force(session)
        items = tuple(
            _item_view(session, catalog, item) for item in proposal.items if item.deleted_at is None
        )
        return ProposalView(
            proposal.id,
            fields,
            proposal.status,
            proposal.revision,
            proposal.previous_revision_id,
            unit.name if unit else None,
            proposal.submitted_on,
            proposal.received_on,
            proposal.return_reason,
            proposal.appraisal_note,
            items,
            proposal.from_unit_id not in (None, home),
            offered(session, username, proposal) if username else frozenset(),
        )


def proposals(db: Database, incoming: bool = False) -> list[ProposalSummary]:
    """This site's own proposals, or (`incoming`) those other units sent up to it; newest first."""
    home = site_info(db).unit_id
    items = (
        select(func.count())
        .where(ProposalItem.proposal_id == Proposal.id, ProposalItem.deleted_at.is_(None))
        .correlate(Proposal)
        .scalar_subquery()
    )
    statement = (
        select(
            Proposal.id,
            Proposal.number,
            Proposal.title,
            Proposal.year,
            Proposal.status,
            Proposal.revision,
            AdminUnit.name,
            items,
        )
        .outerjoin(AdminUnit, AdminUnit.id == Proposal.from_unit_id)
        .where(Proposal.deleted_at.is_(None))
        .order_by(Proposal.created_at.desc())
    )
    if incoming:  # sent up: a lower unit's drafts and own-authority proposals only travel for the record
        sent_up = Proposal.submitted_on.is_not(None) | Proposal.received_on.is_not(None)
        statement = statement.where(Proposal.from_unit_id != home, sent_up)
    else:
        statement = statement.where((Proposal.from_unit_id == home) | Proposal.from_unit_id.is_(None))
    with db.session() as session:
        return [ProposalSummary(*row) for row in session.execute(statement)]


def posting_problem(fields: ProposalFields, award_codes: set[str], before: dt.date) -> str | None:
    """Why the public posting does not yet allow a vote on `before`, or None when it does."""
    if not award_codes & POSTED_AWARDS:
        return None
    if fields.posting_from is None or fields.posting_to is None or not fields.posting_place:
        return _(
            "Gia đình văn hóa and Thôn văn hóa lists are posted for {days} days first: "
            "enter the place and dates."
        ).format(days=POSTING_DAYS)
    if (fields.posting_to - fields.posting_from).days + 1 < POSTING_DAYS:
        return _("The list must stay posted for at least {days} days.").format(days=POSTING_DAYS)
    if fields.posting_to >= before:
        return _("The posting period must end before the council meets.")
    return None
