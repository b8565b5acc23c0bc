"""Where a proposal is in its life, and the steps that move it on, each written to the audit trail.

    draft → council_reviewed → decided                      (within the chairman's own authority)
                             → submitted → received → appraised → approved → decided
                                                    ↘ returned   ↘ rejected
A submitted proposal is locked. The upper level receives it (entered by hand from the papers, or
taken into its inbox on the day a bundle brings it), appraises it and approves or rejects it; a
returned one is corrected in a new revision (the old one stays, returned, as history) and
submitted again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import arrivals
from desktop.codes import ConferringLevel, ItemStatus, ProposalKind, ProposalStatus, Role
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.labels import PROPOSAL_STATUS, label
from desktop.models import DossierDocument, Proposal, ProposalItem, Site
from desktop.services import audit
from desktop.services.proposal_steps import Step, check
from desktop.services.proposals import ItemFields, ProposalFields, insert_item, live_proposal, new_proposal
from desktop.services.site import site_info
from desktop.text import nfc

S = ProposalStatus
NEXT: dict[str, set[str]] = {
    S.DRAFT: {S.COUNCIL_REVIEWED, S.SUBMITTED},
    S.COUNCIL_REVIEWED: {S.DECIDED, S.SUBMITTED},
    S.SUBMITTED: {S.RECEIVED, S.RETURNED, S.DECIDED, S.REJECTED},
    S.RECEIVED: {S.APPRAISED, S.RETURNED},
    S.APPRAISED: {S.APPROVED, S.REJECTED, S.RETURNED},
    S.APPROVED: {S.DECIDED},
    S.RETURNED: set(),
    S.REJECTED: set(),
    S.DECIDED: set(),
}
"""The steps allowed from each state. A submitted proposal is returned, rejected or decided when
the upper level's answer is recorded."""


def status_name(status: str) -> str:
    return label(PROPOSAL_STATUS, status)


def move(
    session: Session, proposal: Proposal, to: str, username: str | None, details: dict | None = None
) -> None:
    """Change the state if the workflow allows it, and record the step."""
    before = proposal.status
    if to not in NEXT[ProposalStatus(before)]:
        raise ValidationError(
            "status",
            _("A proposal that is “{now}” cannot become “{next}”.").format(
                now=status_name(before), next=status_name(to)
            ),
        )
    proposal.status = to
    audit.record(
        session,
        f"proposal.{to}",
        username,
        "proposal",
        proposal.id,
        {"from": before, "to": to, **(details or {})},
    )


def _reason(text: str | None) -> str:
    reason = nfc(text or "").strip()
    if not reason:
        raise ValidationError("reason", _("Write the reason; the other side reads it."))
    return reason


def submit(db: Database, username: str, proposal_id: uuid.UUID, on: dt.date) -> None:
    """Send a proposal up. It needs the council's review, except under the simplified procedure."""
    own_level = site_info(db).role
    with db.transaction(username) as session:
        proposal = live_proposal(session, proposal_id)
        if proposal.to_level == own_level:
            raise ValidationError(
                "to_level", _("This proposal is decided by the own chairman; it is not sent up.")
            )
        if proposal.status == S.DRAFT and proposal.kind != ProposalKind.SIMPLIFIED:
            raise ValidationError("status", _("The council reviews a proposal before it is sent up."))
        if not any(item.status != ItemStatus.REJECTED for item in _live_items(proposal)):
            raise ValidationError("items", _("No item of this proposal is left to send up."))
        check(session, username, proposal, Step.SUBMIT)
        move(session, proposal, S.SUBMITTED, username, {"on": on.isoformat()})
        proposal.submitted_on = on


def _live_items(proposal: Proposal) -> list[ProposalItem]:
    return [item for item in proposal.items if item.deleted_at is None]


def return_proposal(db: Database, username: str, proposal_id: uuid.UUID, reason: str) -> None:
    """The upper level sends it back with reasons (or the commune records that it was sent back)."""
    _answer_with_reason(db, username, proposal_id, S.RETURNED, reason)


def reject(db: Database, username: str, proposal_id: uuid.UUID, reason: str) -> None:
    """Turning a proposal down is a decision: an approver's."""
    _answer_with_reason(db, username, proposal_id, S.REJECTED, reason)


def _answer_with_reason(db: Database, username: str, proposal_id: uuid.UUID, to: str, reason: str) -> None:
    text = _reason(reason)
    with db.transaction(username) as session:
        proposal = live_proposal(session, proposal_id)
        incoming = proposal.from_unit_id not in (None, session.scalars(select(Site.home_unit_id)).one())
        step = Step.REJECT if to == S.REJECTED else Step.SEND_BACK if incoming else Step.RECORD_RETURN
        check(session, username, proposal, step)
        move(session, proposal, to, username, {"reason": text})
        proposal.return_reason = text


def new_revision(db: Database, username: str, proposal_id: uuid.UUID) -> uuid.UUID:
    """A draft copy of a returned proposal, to correct and send again; the returned one is kept."""
    with db.transaction(username) as session:
        old = live_proposal(session, proposal_id)
        if old.status != S.RETURNED:
            raise ValidationError("status", _("Only a returned proposal gets a new revision."))
        check(session, username, old, Step.REVISE)
        fields = {name: getattr(old, name) for name in ProposalFields.__dataclass_fields__}
        new = Proposal(
            **fields,
            status=S.DRAFT.value,
            revision=old.revision + 1,
            previous_revision_id=old.id,
            from_unit_id=old.from_unit_id,
            to_unit_id=old.to_unit_id,
        )
        session.add(new)
        session.flush()
        copies: dict[uuid.UUID, uuid.UUID] = {}
        for item in _live_items(old):
            copy = ProposalItem(
                proposal_id=new.id,
                position=item.position,
                person_id=item.person_id,
                collective_id=item.collective_id,
                award_code=item.award_code,
                achievement=item.achievement,
                override_reason=item.override_reason,
                status=ItemStatus.PROPOSED.value,
            )
            session.add(copy)
            session.flush()
            copies[item.id] = copy.id
        for document in old.documents:
            if document.deleted_at is None and document.kind != "bien_ban":
                session.add(
                    DossierDocument(
                        proposal_id=new.id,
                        item_id=copies.get(document.item_id) if document.item_id else None,
                        kind=document.kind,
                        title=document.title,
                        file_name=document.file_name,
                        attachment_sha256=document.attachment_sha256,
                    )
                )
        audit.record(
            session,
            "proposal.revise",
            username,
            "proposal",
            new.id,
            {"previous": str(old.id), "revision": new.revision},
        )
        return new.id


@dataclass(frozen=True)
class ReceivedItem:
    subject_id: uuid.UUID
    award_code: str
    achievement: str | None = None


def receive(
    db: Database,
    username: str,
    from_unit_id: uuid.UUID,
    fields: ProposalFields,
    items: list[ReceivedItem],
    on: dt.date,
) -> uuid.UUID:
    """At the upper level: record a proposal received from a lower unit, as its papers say.

    Items are recorded as proposed whatever the rules say here: judging them is the appraisal's
    work. All or nothing: one unknown person or award and nothing is recorded."""
    with db.transaction(username) as session:
        proposal = new_proposal(session, username, fields, from_unit_id)
        for item in items:
            insert_item(
                session, proposal, ItemFields(item.subject_id, item.award_code, item.achievement), None
            )
            session.refresh(proposal, ["items"])
        proposal.status = S.RECEIVED.value
        proposal.received_on = on
        audit.record(
            session,
            "proposal.received",
            username,
            "proposal",
            proposal.id,
            {"from_unit": str(from_unit_id), "items": len(items), "on": on.isoformat()},
        )
        return proposal.id


def addressed_to(to_level: str, role: str) -> bool:
    """Whether a site of `role` takes in a proposal addressed to `to_level`: its own level, and at
    the province also the levels above it (the province forwards them to the central bodies)."""
    above_province = to_level not in (ConferringLevel.COMMUNE, ConferringLevel.DISTRICT)
    return to_level == role or (role == Role.PROVINCE and above_province)


@arrivals.on_arrival("proposal", "proposals_received")
def receive_arrivals(session: Session, username: str | None, proposal_ids: Iterable[uuid.UUID]) -> int:
    """Proposals a lower unit sent up that a bundle has just brought: into the inbox as received
    on the day they arrived, as `receive` records them from papers. The step travels back down,
    so the commune sees its proposal received. Those addressed to a level above this one only
    pass through. Returns how many were received."""
    site = session.scalars(select(Site)).one()
    today = dt.date.today()
    received = 0
    for proposal_id in set(proposal_ids):
        proposal = session.get(Proposal, proposal_id)
        if (
            proposal is None
            or proposal.deleted_at is not None
            or proposal.status != S.SUBMITTED
            or proposal.from_unit_id in (None, site.home_unit_id)
            or not addressed_to(proposal.to_level, site.role)
        ):
            continue
        move(session, proposal, S.RECEIVED, username, {"on": today.isoformat(), "by": "sync"})
        proposal.received_on = today
        received += 1
    return received


def appraise(
    db: Database,
    username: str,
    proposal_id: uuid.UUID,
    note: str,
    rejected_items: dict[uuid.UUID, str] | None = None,
) -> None:
    """The dossier is complete: record the appraisal, and the items found wanting with why."""
    with db.transaction(username) as session:
        proposal = live_proposal(session, proposal_id)
        check(session, username, proposal, Step.APPRAISE)
        items = {item.id: item for item in _live_items(proposal)}
        for item_id, reason in (rejected_items or {}).items():
            if item_id not in items:
                raise ValidationError("items", _("The item is not part of this proposal."))
            items[item_id].status = ItemStatus.REJECTED.value
            items[item_id].override_reason = _reason(reason)
        for item in items.values():
            if item.status != ItemStatus.REJECTED:
                item.status = ItemStatus.ACCEPTED.value
        move(
            session,
            proposal,
            S.APPRAISED,
            username,
            {"note": nfc(note).strip(), "rejected_items": [str(i) for i in (rejected_items or {})]},
        )
        proposal.appraisal_note = nfc(note).strip() or None


def approve(db: Database, username: str, proposal_id: uuid.UUID) -> None:
    with db.transaction(username) as session:
        proposal = live_proposal(session, proposal_id)
        check(session, username, proposal, Step.APPROVE)
        move(session, proposal, S.APPROVED, username)
