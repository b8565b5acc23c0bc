"""The numbers of a movement's review (sơ kết, tổng kết), read from the records so the officer
starts from what the database holds: who registered, how far each target got, which awards the
movement led to, and which exemplary models it brought out. The officer's own assessment is the
milestone's notes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.codes import MilestoneKind, ModelStage, RegistrationState
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import (
    Award,
    Decision,
    ExemplaryModel,
    Movement,
    MovementMilestone,
    Proposal,
    Registration,
)
from desktop.services.documents import Issuer, issuer_of
from desktop.services.movements import TargetProgress, target_progress
from desktop.services.releases import catalog_in_force


@dataclass(frozen=True)
class MovementReview:
    movement_name: str
    slogan: str
    kind: str
    """MilestoneKind of the review: sơ kết or tổng kết."""
    period_from: dt.date | None
    period_to: dt.date
    issuer: Issuer
    registered_people: int
    registered_collectives: int
    registrations_by_state: dict[str, int]
    targets: tuple[TargetProgress, ...]
    awards: tuple[tuple[str, int], ...]
    """(award name, how many) of the awards decided on the movement's proposals, not revoked."""
    models_by_stage: dict[str, int]
    assessment: str

    @property
    def targets_reached(self) -> int:
        return sum(target.reached for target in self.targets)


def _milestone(session, movement_id: uuid.UUID) -> MovementMilestone | None:
    """The review to report: the latest one held, else the next one due."""
    milestones = session.scalars(
        select(MovementMilestone).where(
            MovementMilestone.movement_id == movement_id, MovementMilestone.deleted_at.is_(None)
        )
    ).all()
    held = [m for m in milestones if m.held_on is not None]
    if held:
        return max(held, key=lambda m: m.held_on)
    return min(milestones, key=lambda m: m.due_on, default=None)


def latest_movement(db: Database) -> uuid.UUID:
    """The movement whose review is nearest: the one with the latest milestone held or due."""
    with db.session() as session:
        found = session.scalar(
            select(MovementMilestone.movement_id)
            .join(Movement, Movement.id == MovementMilestone.movement_id)
            .where(Movement.deleted_at.is_(None), MovementMilestone.deleted_at.is_(None))
            .order_by(func.coalesce(MovementMilestone.held_on, MovementMilestone.due_on).desc())
            .limit(1)
        )
    if found is None:
        raise NotFoundError(_("No movement has a review (sơ kết, tổng kết) planned or held."))
    return found


def movement_review(db: Database, movement_id: uuid.UUID, today: dt.date | None = None) -> MovementReview:
    today = today or dt.date.today()
    with db.session() as session:
        movement = session.get(Movement, movement_id)
        if movement is None or movement.deleted_at is not None:
            raise NotFoundError(_("The movement does not exist or was deleted."))
        milestone = _milestone(session, movement_id)
        kind = milestone.kind if milestone else MilestoneKind.TONG_KET.value
        # The report counts up to the day the review was held, or up to today before it is held.
        due = min(milestone.due_on, today) if milestone else today
        until = milestone.held_on if milestone and milestone.held_on else due
        live = Registration.deleted_at.is_(None)
        of_movement = Registration.movement_id == movement_id
        people, collectives = session.execute(
            select(
                func.count(func.distinct(Registration.person_id)),
                func.count(func.distinct(Registration.collective_id)),
            ).where(live, of_movement)
        ).one()
        by_state = dict(
            session.execute(
                select(Registration.state, func.count()).where(live, of_movement).group_by(Registration.state)
            ).all()
        )
        targets = target_progress(session, movement_id, until)
        awards = session.execute(
            select(Award.award_code, func.count())
            .join(Decision, Decision.id == Award.decision_id)
            .join(Proposal, Proposal.id == Decision.proposal_id)
            .where(
                Proposal.movement_id == movement_id,
                Award.deleted_at.is_(None),
                Award.revoked_by_decision_id.is_(None),
                Decision.signed_on <= until,
            )
            .group_by(Award.award_code)
            .order_by(func.count().desc())
        ).all()
        models = dict(
            session.execute(
                select(ExemplaryModel.stage, func.count())
                .where(
                    ExemplaryModel.movement_id == movement_id,
                    ExemplaryModel.deleted_at.is_(None),
                    ExemplaryModel.discovered_on <= until,
                )
                .group_by(ExemplaryModel.stage)
            ).all()
        )
        return MovementReview(
            movement_name=movement.name,
            slogan=movement.slogan or "",
            kind=kind,
            period_from=movement.start_date,
            period_to=until,
            issuer=issuer_of(db, session, None),
            registered_people=people,
            registered_collectives=collectives,
            registrations_by_state={state.value: by_state.get(state.value, 0) for state in RegistrationState},
            targets=tuple(targets),
            awards=tuple((catalog_in_force(session).name(code), count) for code, count in awards),
            models_by_stage={stage.value: models.get(stage.value, 0) for stage in ModelStage},
            assessment=(milestone.notes or "") if milestone else "",
        )
