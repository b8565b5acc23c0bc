"""The dashboard's figures: this year's awards, what is recorded, what waits, what is due soon."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.codes import CollectiveKind, MilestoneKind, MovementStatus, ProposalStatus, RegistrationState
from desktop.db import Database
from desktop.i18n import _, language
from desktop.models import (
    Award,
    Collective,
    Movement,
    MovementMilestone,
    Person,
    Proposal,
    Registration,
)
from desktop.services.releases import parameters_in_force

DEADLINE_HORIZON_DAYS = 120
OPEN_PROPOSAL_STATES = tuple(
    status.value
    for status in ProposalStatus
    if status not in (ProposalStatus.DECIDED, ProposalStatus.REJECTED)
)
"""Proposals still waiting for a decision or a correction. Approved ones count here (their decision
is not recorded yet), unlike `eligibility.OPEN_PROPOSAL`, which asks what is still only proposed."""


@dataclass(frozen=True)
class AwardCount:
    code: str
    name: str
    count: int
    previous: int
    """The same award the year before, for comparison."""


@dataclass(frozen=True)
class Deadline:
    on: dt.date
    title: str
    movement_id: uuid.UUID | None = None
    overdue: bool = False
    """A review whose day has passed without being held."""


@dataclass(frozen=True)
class Overview:
    year: int
    people: int
    collectives: int
    households: int
    awards: list[AwardCount]
    open_proposals: int
    unsent_registrations: int
    deadlines: list[Deadline]

    @property
    def awards_total(self) -> int:
        return sum(count.count for count in self.awards)

    @property
    def previous_total(self) -> int:
        return sum(count.previous for count in self.awards)


def overview(db: Database, year: int, today: dt.date) -> Overview:
    """Counts for `year` and the deadlines of the next four months, soonest first, after the
    reviews that are overdue (of movements still running)."""
    with db.session() as session:
        people = session.scalar(select(func.count()).select_from(Person).where(Person.deleted_at.is_(None)))
        by_kind = dict(
            session.execute(
                select(Collective.kind, func.count())
                .where(Collective.deleted_at.is_(None))
                .group_by(Collective.kind)
            ).all()
        )
        counts: dict[str, dict[int, int]] = {}
        for code, award_year, count in session.execute(
            select(Award.award_code, Award.year, func.count())
            .where(Award.year.in_((year - 1, year)), Award.deleted_at.is_(None), Award.revoked_on.is_(None))
            .group_by(Award.award_code, Award.year)
        ):
            counts.setdefault(code, {})[award_year] = count
        open_proposals = session.scalar(
            select(func.count())
            .select_from(Proposal)
            .where(Proposal.deleted_at.is_(None), Proposal.status.in_(OPEN_PROPOSAL_STATES))
        )
        unsent = session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.year == year,
                Registration.deleted_at.is_(None),
                Registration.state.in_([RegistrationState.NOT_SENT.value, RegistrationState.RETURNED.value]),
            )
        )
        horizon = today + dt.timedelta(days=DEADLINE_HORIZON_DAYS)
        milestones = session.execute(
            select(MovementMilestone.due_on, MovementMilestone.kind, Movement.name, Movement.id)
            .join(Movement, Movement.id == MovementMilestone.movement_id)
            .where(
                MovementMilestone.held_on.is_(None),
                MovementMilestone.deleted_at.is_(None),
                MovementMilestone.due_on <= horizon,
                Movement.deleted_at.is_(None),
                Movement.status != MovementStatus.CLOSED.value,
            )
        ).all()
        parameters = parameters_in_force(session)
    deadlines = [
        Deadline(
            due_on,
            (
                _("Interim review (sơ kết): {name}")
                if kind == MilestoneKind.SO_KET
                else _("Final review (tổng kết): {name}")
            ).format(name=name),
            movement_id,
            overdue=due_on < today,
        )
        for due_on, kind, name, movement_id in milestones
    ]
    for date in parameters.calendar:
        on = date.next_on_or_after(today)
        if on <= horizon:
            deadlines.append(Deadline(on, date.names[language()]))
    households = by_kind.get(CollectiveKind.HOUSEHOLD.value, 0)
    return Overview(
        year=year,
        people=people or 0,
        collectives=sum(by_kind.values()) - households,
        households=households,
        awards=sorted(
            (
                AwardCount(
                    code, parameters.catalog.name(code), by_year.get(year, 0), by_year.get(year - 1, 0)
                )
                for code, by_year in counts.items()
            ),
            key=lambda count: (-count.count, -count.previous, count.name),
        ),
        open_proposals=open_proposals or 0,
        unsent_registrations=unsent or 0,
        deadlines=sorted(deadlines, key=lambda deadline: deadline.on),
    )
