"""Which steps a proposal offers now, and to whom: the one statement of it.

The screen offers exactly these (`ProposalView.steps`) and the workflow's step functions check
the same rule before they act (`check`), so a button is never shown for a step the service
refuses, nor a step taken that the screen would not have offered. Whether a step is open depends
on the proposal's state, on whose it is (this office's own, or one a lower unit sent up) and on
whether this level decides it; who may take it depends on the account's role.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import ProposalKind, UserRole
from desktop.codes import ProposalStatus as S
from desktop.errors import PermissionDenied, ValidationError
from desktop.i18n import _
from desktop.labels import PROPOSAL_STATUS, label
from desktop.models import Proposal, Site
from desktop.services.accounts import require


class Step(StrEnum):
    ADD_ITEM = "add_item"
    REMOVE_ITEM = "remove_item"
    ATTACH = "attach"
    EDIT = "edit"
    COUNCIL = "council"
    MINUTES = "minutes"
    SUBMIT = "submit"
    DECIDE = "decide"
    UPPER_DECISION = "upper_decision"
    RECORD_RETURN = "record_return"
    REVISE = "revise"
    APPRAISE = "appraise"
    APPROVE = "approve"
    REJECT = "reject"
    SEND_BACK = "send_back"


DECIDING = frozenset({Step.DECIDE, Step.UPPER_DECISION, Step.APPROVE, Step.REJECT})
"""The steps that decide: an approver's; every other step is an officer's."""


def open_steps(proposal: Proposal, site: Site) -> frozenset[Step]:
    """The steps the proposal's state opens at this office, whoever asks."""
    status = proposal.status
    incoming = proposal.from_unit_id not in (None, site.home_unit_id)
    own = proposal.to_level == site.role  # this level's chairman decides it
    simplified = proposal.kind == ProposalKind.SIMPLIFIED  # sent up without the council
    rules = {
        Step.ADD_ITEM: status == S.DRAFT,
        Step.REMOVE_ITEM: status == S.DRAFT,
        Step.EDIT: status == S.DRAFT,
        Step.ATTACH: status in (S.DRAFT, S.COUNCIL_REVIEWED),
        Step.COUNCIL: status == S.DRAFT and not incoming,
        Step.MINUTES: status not in (S.DRAFT, S.RECEIVED, S.APPRAISED, S.APPROVED) and not incoming,
        Step.SUBMIT: not own and (status == S.COUNCIL_REVIEWED or (status == S.DRAFT and simplified)),
        Step.DECIDE: (own and status == S.COUNCIL_REVIEWED) or (incoming and status == S.APPROVED),
        Step.UPPER_DECISION: status == S.SUBMITTED and not incoming,
        Step.RECORD_RETURN: status == S.SUBMITTED and not incoming,
        Step.REVISE: status == S.RETURNED and not incoming,
        Step.APPRAISE: status == S.RECEIVED and incoming,
        Step.APPROVE: status == S.APPRAISED and incoming,
        Step.REJECT: status == (S.APPRAISED if incoming else S.SUBMITTED),
        Step.SEND_BACK: status in (S.RECEIVED, S.APPRAISED) and incoming,
    }
    return frozenset(step for step, is_open in rules.items() if is_open)


def _needs(step: Step) -> UserRole:
    return UserRole.APPROVER if step in DECIDING else UserRole.OFFICER


def _reaches(session: Session, username: str | None, step: Step) -> bool:
    try:
        require(session, username, _needs(step))
    except PermissionDenied:
        return False
    return True


def offered(session: Session, username: str | None, proposal: Proposal) -> frozenset[Step]:
    """The steps `username` may take on `proposal` now: none for a viewer, none that decides for
    an officer."""
    site = session.scalars(select(Site)).one()
    return frozenset(step for step in open_steps(proposal, site) if _reaches(session, username, step))


def check(session: Session, username: str | None, proposal: Proposal, step: Step) -> None:
    """PermissionDenied if the account may not take `step`, ValidationError if the proposal's state
    does not open it here: what `offered` leaves out is refused."""
    require(session, username, _needs(step))
    site = session.scalars(select(Site)).one()
    if step not in open_steps(proposal, site):
        raise ValidationError(
            "status",
            _("This step is not open for a proposal that is “{now}”.").format(
                now=label(PROPOSAL_STATUS, proposal.status)
            ),
        )
