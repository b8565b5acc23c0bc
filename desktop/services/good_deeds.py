"""The quick log of good deeds (gương người tốt, việc tốt), and what a deed can become.

A village head reports a deed; the officer notes it in a few seconds — who, what, when, where,
from whom — and later promotes it to an exemplary model or to an ad-hoc award proposal (khen
thưởng đột xuất). A deed remembers what it became, so it is never promoted twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import ConferringLevel, ProposalKind
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.models import GoodDeed
from desktop.rules.verdict import Outcome
from desktop.services import audit
from desktop.services.exemplary import ModelFields, new_model
from desktop.services.proposals import ItemFields, ProposalFields, insert_item, item_verdict, new_proposal
from desktop.services.site import site_info
from desktop.services.subjects import live_subject
from desktop.text import nfc

AD_HOC_AWARD = "GK_XA"
"""What a commune gives for a deed: the chairman's Giấy khen."""


@dataclass
class DeedFields:
    who: str
    what: str
    happened_on: dt.date
    place: str | None = None
    source: str | None = None
    subject_id: uuid.UUID | None = None
    """The person or collective recorded, when the doer is one; `who` names them otherwise."""


@dataclass(frozen=True)
class DeedRow:
    id: uuid.UUID
    who: str
    what: str
    happened_on: dt.date
    place: str
    source: str
    subject_id: uuid.UUID | None
    model_id: uuid.UUID | None
    proposal_id: uuid.UUID | None


def _clean(value: str | None) -> str | None:
    return nfc(value or "").strip() or None


def log_deed(db: Database, username: str | None, fields: DeedFields, today: dt.date) -> uuid.UUID:
    what = _clean(fields.what)
    if not what:
        raise ValidationError("what", _("Say what the good deed was."))
    if fields.happened_on > today:
        raise ValidationError(
            "happened_on", _("The date {day} is in the future.").format(day=format_date(fields.happened_on))
        )
    with db.transaction(username) as session:
        columns: dict[str, uuid.UUID | None] = {"person_id": None, "collective_id": None}
        who = _clean(fields.who)
        if fields.subject_id is not None:
            subject = live_subject(session, fields.subject_id)
            columns, who = subject.columns, who or subject.name
        if not who:
            raise ValidationError("who", _("Say who did the good deed."))
        deed = GoodDeed(
            who=who[:300],
            what=what,
            happened_on=fields.happened_on,
            place=_clean(fields.place),
            source=_clean(fields.source),
            **columns,
        )
        session.add(deed)
        session.flush()
        audit.record(session, "deed.create", username, "good_deed", deed.id)
        return deed.id


def deeds(db: Database, year: int | None = None) -> list[DeedRow]:
    """Logged deeds, the latest first (of one year when given)."""
    with db.session() as session:
        query = select(GoodDeed).where(GoodDeed.deleted_at.is_(None))
        if year is not None:
            query = query.where(GoodDeed.happened_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        return [
            DeedRow(
                deed.id,
                deed.who,
                deed.what,
                deed.happened_on,
                deed.place or "",
                deed.source or "",
                deed.person_id or deed.collective_id,
                deed.promoted_model_id,
                deed.promoted_proposal_id,
            )
            for deed in session.scalars(
                query.order_by(GoodDeed.happened_on.desc(), GoodDeed.created_at.desc())
            )
        ]


def _deed(session: Session, deed_id: uuid.UUID) -> GoodDeed:
    deed = session.get(GoodDeed, deed_id)
    if deed is None or deed.deleted_at is not None:
        raise NotFoundError(_("The good deed does not exist or was deleted."))
    return deed


def _not_proposed(session: Session, deed_id: uuid.UUID) -> GoodDeed:
    deed = _deed(session, deed_id)
    if deed.promoted_proposal_id is not None:
        raise ValidationError("deed", _("An award has already been proposed for this good deed."))
    return deed


def _doer(deed: GoodDeed) -> uuid.UUID:
    subject_id = deed.person_id or deed.collective_id
    if subject_id is None:
        raise ValidationError(
            "subject_id",
            _(
                "{who} is not recorded as a person or collective yet: record them first, then link the deed."
            ).format(who=deed.who),
        )
    return subject_id


def link_doer(db: Database, username: str | None, deed_id: uuid.UUID, subject_id: uuid.UUID) -> None:
    """Say which recorded person or collective did the deed, once they are recorded."""
    with db.transaction(username) as session:
        deed = _deed(session, deed_id)
        for column, value in live_subject(session, subject_id).columns.items():
            setattr(deed, column, value)
        audit.record(session, "deed.link", username, "good_deed", deed.id)


def promote_to_model(db: Database, username: str | None, deed_id: uuid.UUID, today: dt.date) -> uuid.UUID:
    """The deed's doer becomes an exemplary model, discovered on the day of the deed."""
    with db.transaction(username) as session:
        deed = _deed(session, deed_id)
        if deed.promoted_model_id is not None:
            raise ValidationError("deed", _("This good deed is already an exemplary model."))
        model = new_model(
            session,
            username,
            ModelFields(
                _doer(deed),
                _("Good example: {who}").format(who=deed.who),
                deed.happened_on,
                summary=deed.what,
            ),
            today,
        )
        deed.promoted_model_id = model.id
        audit.record(session, "deed.to_model", username, "good_deed", deed.id, {"model": str(model.id)})
        return model.id


def propose_award(
    db: Database, username: str, deed_id: uuid.UUID, today: dt.date, award_code: str = AD_HOC_AWARD
) -> uuid.UUID:
    """A draft ad-hoc proposal with the deed's doer, for the officer to complete and send.

    The rules judge the award first; one they find ineligible is refused here (the officer can
    still propose it by hand, with a written reason)."""
    with db.session() as session:
        deed = _not_proposed(session, deed_id)
        item = ItemFields(_doer(deed), award_code, deed.what)
        year, who = deed.happened_on.year, deed.who
    verdict = item_verdict(db, year, item, today)
    if verdict.outcome == Outcome.INELIGIBLE:
        failed = "; ".join(reason.text().rstrip(".") for reason in verdict.reasons if reason.status == "fail")
        raise ValidationError(
            "award_code", _("The rules find this award not eligible: {reasons}.").format(reasons=failed)
        )
    home = site_info(db).unit_id
    with db.transaction(username) as session:
        deed = _not_proposed(session, deed_id)
        proposal = new_proposal(
            session,
            username,
            ProposalFields(
                _("Ad-hoc award proposal: {who}").format(who=who),
                kind=ProposalKind.ADHOC.value,
                year=year,
                to_level=ConferringLevel.COMMUNE.value,
            ),
            home,
        )
        insert_item(session, proposal, item, None)
        deed.promoted_proposal_id = proposal.id
        audit.record(
            session, "deed.to_proposal", username, "good_deed", deed.id, {"proposal": str(proposal.id)}
        )
        return proposal.id
