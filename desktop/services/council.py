"""The emulation council's review (Hội đồng TĐKT): who met, the vote on every item, the minutes.

An item passes when more than the province's share of the members present vote for it (the
share is a parameter; see `resources/rules/parameters.json`). Recording the meeting moves the
proposal to "council reviewed"; lists that must be posted first (Gia đình văn hóa, Thôn văn hóa)
cannot be voted on before their 10 days are over.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.codes import ItemStatus, ProposalStatus
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.models import CouncilMeeting, CouncilVote, ProposalItem
from desktop.services import audit
from desktop.services.proposal_workflow import move
from desktop.services.proposals import item_subject_name, live_proposal, posting_problem, proposal_view
from desktop.services.releases import parameters_in_force
from desktop.text import nfc


@dataclass(frozen=True)
class Vote:
    votes_for: int
    votes_cast: int

    @property
    def percent(self) -> float:
        return 100 * self.votes_for / self.votes_cast if self.votes_cast else 0.0


@dataclass(frozen=True)
class MeetingFields:
    held_on: dt.date
    members_total: int
    members_present: int
    votes: dict[uuid.UUID, Vote]
    """Per proposal item."""
    secret_ballot: bool = False
    place: str | None = None
    chaired_by: str | None = None


@dataclass(frozen=True)
class MinutesLine:
    subject_name: str
    award_name: str
    vote: Vote
    passed: bool


@dataclass(frozen=True)
class Minutes:
    """What the biên bản says, drafted from the meeting: `sovang print minutes` lays it out."""

    proposal_title: str
    held_on: dt.date
    place: str | None
    chaired_by: str | None
    members_total: int
    members_present: int
    secret_ballot: bool
    lines: tuple[MinutesLine, ...]
    text: str


def passes(vote: Vote, members_present: int, share: int) -> bool:
    """More than `share` percent of the members present voted for the item."""
    return vote.votes_for * 100 > share * members_present


def _validate(fields: MeetingFields, item_ids: set[uuid.UUID]) -> None:
    if fields.members_total < 1:
        raise ValidationError("members_total", _("The council has at least one member."))
    if not 1 <= fields.members_present <= fields.members_total:
        raise ValidationError(
            "members_present",
            _("The members present must be between 1 and the {total} members.").format(
                total=fields.members_total
            ),
        )
    missing = item_ids - set(fields.votes)
    if missing:
        raise ValidationError(
            "votes", _("Every item needs its vote; items without one: {count}.").format(count=len(missing))
        )
    for item_id, vote in fields.votes.items():
        if item_id not in item_ids:
            raise ValidationError("votes", _("A vote is for an item that is not in this proposal."))
        if vote.votes_cast > fields.members_present:
            raise ValidationError(
                "votes",
                _("{cast} votes were cast but only {present} members were present.").format(
                    cast=vote.votes_cast, present=fields.members_present
                ),
            )
        if not 0 <= vote.votes_for <= vote.votes_cast:
            raise ValidationError(
                "votes",
                _("{votes_for} votes for is more than the {cast} votes cast.").format(
                    votes_for=vote.votes_for, cast=vote.votes_cast
                ),
            )


def record_meeting(db: Database, username: str, proposal_id: uuid.UUID, fields: MeetingFields) -> uuid.UUID:
    """Save the meeting and its votes, mark each item passed or not, and move the proposal on."""
    view = proposal_view(db, proposal_id)
    problem = posting_problem(view.fields, {item.award_code for item in view.items}, fields.held_on)
    if problem:
        raise ValidationError("posting", problem)
    with db.transaction(username) as session:
        proposal = live_proposal(session, proposal_id)
        if proposal.status != ProposalStatus.DRAFT:
            raise ValidationError("status", _("The council reviews a proposal while it is a draft."))
        items = [item for item in proposal.items if item.deleted_at is None]
        if not items:
            raise ValidationError("items", _("The proposal has no items to vote on."))
        _validate(fields, {item.id for item in items})
        meeting = CouncilMeeting(
            proposal_id=proposal.id,
            held_on=fields.held_on,
            place=nfc(fields.place or "").strip() or None,
            chaired_by=nfc(fields.chaired_by or "").strip() or None,
            members_total=fields.members_total,
            members_present=fields.members_present,
            secret_ballot=fields.secret_ballot,
        )
        session.add(meeting)
        session.flush()
        results = {}
        share = parameters_in_force(session).council_approval_percent_over
        for item in items:
            vote = fields.votes[item.id]
            session.add(
                CouncilVote(
                    meeting_id=meeting.id,
                    item_id=item.id,
                    votes_for=vote.votes_for,
                    votes_cast=vote.votes_cast,
                )
            )
            passed = passes(vote, fields.members_present, share)
            item.status = (ItemStatus.ACCEPTED if passed else ItemStatus.REJECTED).value
            results[str(item.id)] = {"for": vote.votes_for, "cast": vote.votes_cast, "passed": passed}
        session.flush()
        meeting.notes = _minutes_text(_minutes(session, meeting))
        move(
            session,
            proposal,
            ProposalStatus.COUNCIL_REVIEWED,
            username,
            {
                "meeting": str(meeting.id),
                "held_on": fields.held_on.isoformat(),
                "present": fields.members_present,
                "total": fields.members_total,
                "votes": results,
            },
        )
        return meeting.id


def _minutes(session, meeting: CouncilMeeting) -> Minutes:
    lines = []
    parameters = parameters_in_force(session)
    share = parameters.council_approval_percent_over
    for vote in session.scalars(select(CouncilVote).where(CouncilVote.meeting_id == meeting.id)):
        item = session.get(ProposalItem, vote.item_id)
        name = item_subject_name(item)
        tally = Vote(vote.votes_for, vote.votes_cast)
        lines.append(
            MinutesLine(
                name,
                parameters.catalog.name(item.award_code),
                tally,
                passes(tally, meeting.members_present, share),
            )
        )
    return Minutes(
        meeting.proposal.title,
        meeting.held_on,
        meeting.place,
        meeting.chaired_by,
        meeting.members_total,
        meeting.members_present,
        meeting.secret_ballot,
        tuple(lines),
        "",
    )


def _minutes_text(minutes: Minutes) -> str:
    """The body of the biên bản, in the user's language, for the officer to complete."""
    head = [
        _("Meeting of the emulation and commendation council on {date}{place}.").format(
            date=format_date(minutes.held_on), place=f", {minutes.place}" if minutes.place else ""
        ),
        _("Chaired by: {name}.").format(name=minutes.chaired_by or "…"),
        _("Members present: {present} of {total}.").format(
            present=minutes.members_present, total=minutes.members_total
        ),
        _("Voting: {how}.").format(how=_("secret ballot") if minutes.secret_ballot else _("show of hands")),
        _("Subject: {title}.").format(title=minutes.proposal_title),
        "",
    ]
    body = [
        _("{number}. {name}, {award}: {votes_for}/{cast} for ({percent}%), {result}.").format(
            number=number,
            name=line.subject_name,
            award=line.award_name,
            votes_for=line.vote.votes_for,
            cast=line.vote.votes_cast,
            percent=f"{line.vote.percent:.1f}".replace(".", ","),
            result=_("agreed") if line.passed else _("not agreed"),
        )
        for number, line in enumerate(minutes.lines, start=1)
    ]
    return "\n".join(head + body)


def _latest_meeting(session, proposal_id: uuid.UUID) -> CouncilMeeting:
    meeting = session.scalars(
        select(CouncilMeeting)
        .where(CouncilMeeting.proposal_id == proposal_id, CouncilMeeting.deleted_at.is_(None))
        .order_by(CouncilMeeting.held_on.desc(), CouncilMeeting.created_at.desc())
    ).first()
    if meeting is None:
        raise NotFoundError(_("The council has not reviewed this proposal."))
    return meeting


def meeting_minutes(db: Database, proposal_id: uuid.UUID) -> Minutes:
    """The minutes of the latest meeting on this proposal, as drafted or as the officer completed them."""
    with db.session() as session:
        meeting = _latest_meeting(session, proposal_id)
        minutes = _minutes(session, meeting)
        return Minutes(**{**minutes.__dict__, "text": meeting.notes or _minutes_text(minutes)})


def save_minutes_text(db: Database, username: str, proposal_id: uuid.UUID, text: str) -> None:
    """Keep the officer's completed wording of the minutes (the votes themselves do not change)."""
    with db.transaction(username) as session:
        meeting = _latest_meeting(session, proposal_id)
        meeting.notes = nfc(text).strip() or None
        audit.record(session, "council.minutes_edit", username, "council_meeting", meeting.id)
