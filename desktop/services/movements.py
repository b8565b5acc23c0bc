"""Emulation movements (phong trào thi đua): the plan as launched, its targets, criteria and
reviews, the values measured at each review, and the files kept with it.

A movement is saved whole (the plan with its lines) in one transaction, as the editor shows it.
A line the officer removed is tombstoned, never erased; a target that already has measured values
or pledges cannot be removed, so nothing recorded against it is lost.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import MilestoneKind, MovementKind, MovementOrigin, MovementStatus
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.models import (
    Movement,
    MovementCriterion,
    MovementMilestone,
    MovementTarget,
    Proposal,
    Registration,
    RegistrationPledge,
    TargetReading,
    utcnow,
)
from desktop.models.movements import meets_target
from desktop.services import audit
from desktop.text import nfc, search_key

MAX_NAME_LENGTH = 500
MAX_UNIT_LENGTH = 64


@dataclass
class TargetLine:
    indicator: str
    unit: str | None
    target_value: Decimal | None
    at_most: bool = False
    id: uuid.UUID | None = None


@dataclass
class CriterionLine:
    text: str
    max_points: Decimal | None = None
    id: uuid.UUID | None = None


@dataclass
class MilestoneLine:
    kind: str
    due_on: dt.date
    held_on: dt.date | None = None
    notes: str | None = None
    """The officer's assessment, printed in the review report."""
    id: uuid.UUID | None = None


@dataclass
class MovementPlan:
    """A movement as the editor shows it: the launching facts and its lines."""

    name: str
    kind: str = MovementKind.REGULAR.value
    origin: str = MovementOrigin.OWN.value
    status: str = MovementStatus.ACTIVE.value
    code: str | None = None
    slogan: str | None = None
    launched_by: str | None = None
    document_number: str | None = None
    document_date: dt.date | None = None
    scope: str | None = None
    participants: str | None = None
    purpose: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    targets: list[TargetLine] = field(default_factory=list)
    criteria: list[CriterionLine] = field(default_factory=list)
    milestones: list[MilestoneLine] = field(default_factory=list)


MOVEMENT_COLUMNS = (
    "name",
    "kind",
    "origin",
    "status",
    "code",
    "slogan",
    "launched_by",
    "document_number",
    "document_date",
    "scope",
    "participants",
    "purpose",
    "start_date",
    "end_date",
)


@dataclass(frozen=True)
class Reading:
    id: uuid.UUID
    measured_on: dt.date
    value: Decimal


@dataclass(frozen=True)
class TargetProgress:
    """A target with the values measured for it, oldest first."""

    id: uuid.UUID
    indicator: str
    unit: str
    target: Decimal | None
    at_most: bool
    readings: tuple[Reading, ...]

    @property
    def actual(self) -> Decimal | None:
        """The latest value measured; None when never measured."""
        return self.readings[-1].value if self.readings else None

    @property
    def reached(self) -> bool:
        return meets_target(self.actual, self.target, self.at_most)

    @property
    def share(self) -> float:
        """How far along the target is, from 0 to 1, for a progress bar."""
        actual, target = self.actual, self.target
        if actual is None or target is None or self.reached:
            return 1.0 if self.reached else 0.0
        if self.at_most:
            return float(target / actual) if actual > 0 else 1.0
        return max(0.0, float(actual / target)) if target > 0 else 0.0


@dataclass(frozen=True)
class MovementSummary:
    id: uuid.UUID
    code: str
    name: str
    kind: str
    origin: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    next_review: tuple[str, dt.date] | None
    """(milestone kind, due date) of the first review not held yet."""
    registrations: int
    targets: int
    targets_reached: int


def _text(value: str | None) -> str | None:
    return nfc(value or "").strip() or None


def _check_code(field_name: str, value: str, codes: type) -> None:
    if value not in {code.value for code in codes}:
        raise ValidationError(field_name, _("Unknown code: {code}.").format(code=value))


def validate_plan(plan: MovementPlan) -> MovementPlan:
    """The plan cleaned, or a ValidationError that names the field and the problem."""
    name = _text(plan.name)
    if not name:
        raise ValidationError("name", _("The movement needs a name."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("name", _("The name is too long."))
    _check_code("kind", plan.kind, MovementKind)
    _check_code("origin", plan.origin, MovementOrigin)
    _check_code("status", plan.status, MovementStatus)
    if plan.start_date and plan.end_date and plan.end_date < plan.start_date:
        raise ValidationError(
            "end_date",
            _("The movement ends on {end}, before it starts on {start}.").format(
                end=format_date(plan.end_date), start=format_date(plan.start_date)
            ),
        )
    targets = []
    for line in plan.targets:
        indicator = _text(line.indicator)
        if not indicator:
            raise ValidationError("targets", _("A target has no indicator: say what is measured."))
        unit = _text(line.unit)
        if not unit:
            raise ValidationError(
                "targets",
                _("The target “{indicator}” has no unit (for example %, households, km).").format(
                    indicator=indicator
                ),
            )
        if len(unit) > MAX_UNIT_LENGTH:
            raise ValidationError(
                "targets", _("The unit of the target “{indicator}” is too long.").format(indicator=indicator)
            )
        if line.target_value is None:
            raise ValidationError(
                "targets",
                _("The target “{indicator}” has no value to reach.").format(indicator=indicator),
            )
        targets.append(TargetLine(indicator, unit, line.target_value, line.at_most, line.id))
    criteria = []
    for line in plan.criteria:
        text = _text(line.text)
        if not text:
            raise ValidationError("criteria", _("A line of the criteria table is empty."))
        if line.max_points is not None and line.max_points < 0:
            raise ValidationError(
                "criteria", _("The criterion “{text}” has negative points.").format(text=text)
            )
        criteria.append(CriterionLine(text, line.max_points, line.id))
    milestones = []
    for line in plan.milestones:
        _check_code("milestones", line.kind, MilestoneKind)
        if plan.start_date and line.due_on < plan.start_date:
            raise ValidationError(
                "milestones",
                _("A review is due on {due}, before the movement starts on {start}.").format(
                    due=format_date(line.due_on), start=format_date(plan.start_date)
                ),
            )
        if plan.start_date and line.held_on and line.held_on < plan.start_date:
            raise ValidationError(
                "milestones",
                _("A review is held on {held}, before the movement starts on {start}.").format(
                    held=format_date(line.held_on), start=format_date(plan.start_date)
                ),
            )
        milestones.append(MilestoneLine(line.kind, line.due_on, line.held_on, _text(line.notes), line.id))
    values = {name: getattr(plan, name) for name in MOVEMENT_COLUMNS}
    values.update(
        {name: _text(values[name]) for name in MOVEMENT_COLUMNS if isinstance(values[name], str)}, name=name
    )
    return MovementPlan(**values, targets=targets, criteria=criteria, milestones=milestones)


def _live(session: Session, movement_id: uuid.UUID) -> Movement:
    movement = session.get(Movement, movement_id)
    if movement is None or movement.deleted_at is not None:
        raise NotFoundError(_("The movement does not exist or was deleted."))
    return movement


def _target_in_use(session: Session, target_id: uuid.UUID) -> bool:
    for model, column in (
        (TargetReading, TargetReading.target_id),
        (RegistrationPledge, RegistrationPledge.target_id),
    ):
        if session.scalar(select(model.id).where(column == target_id, model.deleted_at.is_(None)).limit(1)):
            return True
    return False


def _sync_lines(
    session: Session, movement: Movement, model: type, lines: list, columns: tuple[str, ...]
) -> None:
    """Make the movement's live rows of `model` match `lines`: update by id, add, tombstone the rest."""
    existing = {
        row.id: row
        for row in session.scalars(
            select(model).where(model.movement_id == movement.id, model.deleted_at.is_(None))
        )
    }
    kept = set()
    for position, line in enumerate(lines):
        row = existing.get(line.id) if line.id else None
        if row is None:
            row = model(movement_id=movement.id)
            session.add(row)
        kept.add(row.id)
        for name in columns:
            setattr(row, name, getattr(line, name))
        if hasattr(row, "position"):
            row.position = position
    for row_id, row in existing.items():
        if row_id in kept:
            continue
        if model is MovementTarget and _target_in_use(session, row_id):
            raise ValidationError(
                "targets",
                _(
                    "The target “{indicator}” already has measured values or pledges and cannot be removed."
                ).format(indicator=row.indicator),
            )
        row.deleted_at = utcnow()


def save_movement(
    db: Database, username: str | None, plan: MovementPlan, movement_id: uuid.UUID | None = None
) -> uuid.UUID:
    """Create the movement (no id) or replace the saved one with `plan`; all or nothing."""
    clean = validate_plan(plan)
    with db.transaction(username) as session:
        if movement_id is None:
            movement = Movement()
            session.add(movement)
        else:
            movement = _live(session, movement_id)
        for name in MOVEMENT_COLUMNS:
            setattr(movement, name, getattr(clean, name))
        movement.name_key = search_key(clean.name)
        session.flush()
        _sync_lines(
            session, movement, MovementTarget, clean.targets, ("indicator", "unit", "target_value", "at_most")
        )
        _sync_lines(session, movement, MovementCriterion, clean.criteria, ("text", "max_points"))
        _sync_lines(
            session, movement, MovementMilestone, clean.milestones, ("kind", "due_on", "held_on", "notes")
        )
        audit.record(
            session,
            "movement.create" if movement_id is None else "movement.update",
            username,
            "movement",
            movement.id,
            {"name": clean.name},
        )
        return movement.id


def movement_plan(db: Database, movement_id: uuid.UUID) -> MovementPlan:
    """The saved movement, as the editor shows it."""
    with db.session() as session:
        movement = _live(session, movement_id)

        def live(model: type, order):
            return session.scalars(
                select(model)
                .where(model.movement_id == movement_id, model.deleted_at.is_(None))
                .order_by(order)
            ).all()

        return MovementPlan(
            **{name: getattr(movement, name) for name in MOVEMENT_COLUMNS},
            targets=[
                TargetLine(t.indicator, t.unit, t.target_value, t.at_most, t.id)
                for t in live(MovementTarget, MovementTarget.position)
            ],
            criteria=[
                CriterionLine(c.text, c.max_points, c.id)
                for c in live(MovementCriterion, MovementCriterion.position)
            ],
            milestones=[
                MilestoneLine(m.kind, m.due_on, m.held_on, m.notes, m.id)
                for m in live(MovementMilestone, MovementMilestone.due_on)
            ],
        )


def delete_movement(db: Database, username: str | None, movement_id: uuid.UUID) -> None:
    """Remove a movement entered by mistake; one with registrations or proposals is kept (close it)."""
    with db.transaction(username) as session:
        movement = _live(session, movement_id)
        for model in (Registration, Proposal):
            used = session.scalar(
                select(model.id).where(model.movement_id == movement_id, model.deleted_at.is_(None)).limit(1)
            )
            if used is not None:
                raise ValidationError(
                    "movement",
                    _(
                        "“{name}” has registrations or proposals and cannot be deleted; "
                        "set its status to closed instead."
                    ).format(name=movement.name),
                )
        movement.deleted_at = utcnow()
        audit.record(session, "movement.delete", username, "movement", movement_id)


def record_reading(
    db: Database,
    username: str | None,
    target_id: uuid.UUID,
    measured_on: dt.date,
    value: Decimal,
    milestone_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """The value a target reached on a day (at a review, when `milestone_id` names it)."""
    with db.transaction(username) as session:
        target = session.get(MovementTarget, target_id)
        if target is None or target.deleted_at is not None:
            raise NotFoundError(_("The target does not exist or was deleted."))
        movement = _live(session, target.movement_id)
        if movement.start_date and measured_on < movement.start_date:
            raise ValidationError(
                "measured_on",
                _("The value is dated {day}, before the movement starts on {start}.").format(
                    day=format_date(measured_on), start=format_date(movement.start_date)
                ),
            )
        if milestone_id is not None:
            milestone = session.get(MovementMilestone, milestone_id)
            if milestone is None or milestone.movement_id != movement.id or milestone.deleted_at is not None:
                raise ValidationError("milestone_id", _("The review is not one of this movement's."))
        same_day = session.scalars(
            select(TargetReading).where(
                TargetReading.target_id == target_id,
                TargetReading.measured_on == measured_on,
                TargetReading.deleted_at.is_(None),
            )
        ).first()
        if same_day is not None:
            reading = same_day
        else:
            reading = TargetReading(target_id=target_id, measured_on=measured_on)
            session.add(reading)
        reading.value = value
        reading.milestone_id = milestone_id
        session.flush()
        audit.record(
            session, "movement.reading", username, "movement", movement.id, {"target": str(target_id)}
        )
        return reading.id


def remove_reading(db: Database, username: str | None, reading_id: uuid.UUID) -> None:
    with db.transaction(username) as session:
        reading = session.get(TargetReading, reading_id)
        if reading is None or reading.deleted_at is not None:
            raise NotFoundError(_("The measured value does not exist or was deleted."))
        reading.deleted_at = utcnow()
        audit.record(session, "movement.reading_remove", username, "target_reading", reading_id)


def target_progress(
    session: Session, movement_id: uuid.UUID, until: dt.date | None = None
) -> list[TargetProgress]:
    """Every live target of the movement with its values measured up to `until` (all when None)."""
    targets = session.scalars(
        select(MovementTarget)
        .where(MovementTarget.movement_id == movement_id, MovementTarget.deleted_at.is_(None))
        .order_by(MovementTarget.position)
    ).all()
    wanted = [
        TargetReading.target_id.in_([target.id for target in targets]),
        TargetReading.deleted_at.is_(None),
    ]
    if until is not None:
        wanted.append(TargetReading.measured_on <= until)
    readings: dict[uuid.UUID, list[Reading]] = {target.id: [] for target in targets}
    for reading in session.scalars(select(TargetReading).where(*wanted).order_by(TargetReading.measured_on)):
        readings[reading.target_id].append(Reading(reading.id, reading.measured_on, reading.value))
    return [
        TargetProgress(
            target.id,
            target.indicator,
            target.unit or "",
            target.target_value,
            target.at_most,
            tuple(readings[target.id]),
        )
        for target in targets
    ]


def movement_progress(db: Database, movement_id: uuid.UUID) -> list[TargetProgress]:
    with db.session() as session:
        _live(session, movement_id)
        return target_progress(session, movement_id)


def movements(db: Database, text: str = "", status: str | None = None) -> list[MovementSummary]:
    """Live movements, running ones first and newest first, with what the list shows of each."""
    with db.session() as session:
        query = select(Movement).where(Movement.deleted_at.is_(None))
        if text.strip():
            query = query.where(Movement.name_key.contains(search_key(text)))
        if status:
            query = query.where(Movement.status == status)
        found = session.scalars(query).all()
        ids = [movement.id for movement in found]
        registrations = dict(
            session.execute(
                select(Registration.movement_id, func.count())
                .where(Registration.movement_id.in_(ids), Registration.deleted_at.is_(None))
                .group_by(Registration.movement_id)
            ).all()
        )
        reviews: dict[uuid.UUID, tuple[str, dt.date]] = {}
        for movement_id, kind, due_on in session.execute(
            select(MovementMilestone.movement_id, MovementMilestone.kind, MovementMilestone.due_on)
            .where(
                MovementMilestone.movement_id.in_(ids),
                MovementMilestone.held_on.is_(None),
                MovementMilestone.deleted_at.is_(None),
            )
            .order_by(MovementMilestone.due_on.desc())
        ):
            reviews[movement_id] = (kind, due_on)
        summaries = []
        for movement in found:
            progress = target_progress(session, movement.id)
            summaries.append(
                MovementSummary(
                    movement.id,
                    movement.code or "",
                    movement.name,
                    movement.kind,
                    movement.origin,
                    movement.status,
                    movement.start_date,
                    movement.end_date,
                    reviews.get(movement.id),
                    registrations.get(movement.id, 0),
                    len(progress),
                    sum(target.reached for target in progress),
                )
            )
    order = {MovementStatus.ACTIVE.value: 0, MovementStatus.DRAFT.value: 1, MovementStatus.CLOSED.value: 2}
    return sorted(
        summaries,
        key=lambda m: (
            order.get(m.status, 3),
            -(m.start_date or dt.date.min).toordinal(),
            search_key(m.name),
        ),
    )


def movement_names(db: Database) -> list[tuple[uuid.UUID, str]]:
    """Every live movement as (id, name), newest first: the choices of a movement filter."""
    with db.session() as session:
        rows = session.execute(
            select(Movement.id, Movement.name)
            .where(Movement.deleted_at.is_(None))
            .order_by(Movement.start_date.desc(), Movement.name)
        )
        return [(movement_id, name) for movement_id, name in rows]
