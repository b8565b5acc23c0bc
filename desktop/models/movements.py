"""Emulation movements (phong trào thi đua), their targets and milestones, and registrations."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import (
    MilestoneKind,
    MovementKind,
    MovementOrigin,
    MovementStatus,
    RegistrationState,
)
from desktop.models.base import Base, SubjectMixin, SyncedRecord, exactly_one_subject, one_of


def meets_target(value: Decimal | None, target: Decimal | None, at_most: bool) -> bool:
    """Does a measured value reach a target (a floor, or a ceiling when `at_most`)?"""
    if value is None or target is None:
        return False
    return value <= target if at_most else value >= target


class Movement(SyncedRecord, Base):
    """A movement as launched: by this commune, or received from an upper level."""

    __tablename__ = "movement"
    __table_args__ = (
        one_of("kind", MovementKind),
        one_of("origin", MovementOrigin),
        one_of("status", MovementStatus),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="period"),
    )

    code: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(500))
    name_key: Mapped[str] = mapped_column(String(500), index=True)
    slogan: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))
    launched_by: Mapped[str | None] = mapped_column(String(300))
    document_number: Mapped[str | None] = mapped_column(String(64))
    document_date: Mapped[dt.date | None] = mapped_column(Date)
    scope: Mapped[str | None] = mapped_column(Text)
    participants: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=MovementStatus.ACTIVE.value)

    targets: Mapped[list[MovementTarget]] = relationship(back_populates="movement")
    criteria: Mapped[list[MovementCriterion]] = relationship(back_populates="movement")
    milestones: Mapped[list[MovementMilestone]] = relationship(back_populates="movement")


class MovementTarget(SyncedRecord, Base):
    """A measurable target (chỉ tiêu): indicator, unit and value to reach."""

    __tablename__ = "movement_target"

    movement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("movement.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    indicator: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str | None] = mapped_column(String(64))
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    at_most: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """A ceiling rather than a floor: "tỷ lệ hộ nghèo ≤ 3 %" is reached by going below it."""

    movement: Mapped[Movement] = relationship(back_populates="targets")


class MovementCriterion(SyncedRecord, Base):
    """One line of the movement's criteria (tiêu chí) table, with its points."""

    __tablename__ = "movement_criterion"

    movement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("movement.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    max_points: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))

    movement: Mapped[Movement] = relationship(back_populates="criteria")


class MovementMilestone(SyncedRecord, Base):
    """A sơ kết or tổng kết review: when it is due and when it was held."""

    __tablename__ = "movement_milestone"
    __table_args__ = (one_of("kind", MilestoneKind),)

    movement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("movement.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[dt.date] = mapped_column(Date)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    movement: Mapped[Movement] = relationship(back_populates="milestones")


class TargetReading(SyncedRecord, Base):
    """The actual value of a target as measured at a review."""

    __tablename__ = "target_reading"

    target_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("movement_target.id"), index=True)
    milestone_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("movement_milestone.id"))
    measured_on: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))

    target: Mapped[MovementTarget] = relationship()
    milestone: Mapped[MovementMilestone | None] = relationship()


class Registration(SubjectMixin, SyncedRecord, Base):
    """A yearly emulation registration (đăng ký thi đua) for one title."""

    __tablename__ = "registration"
    __table_args__ = (
        exactly_one_subject(),
        one_of("state", RegistrationState),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
    )

    year: Mapped[int] = mapped_column(Integer, index=True)
    movement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("movement.id"), index=True)
    award_code: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=RegistrationState.NOT_SENT.value)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    movement: Mapped[Movement | None] = relationship()
    pledges: Mapped[list[RegistrationPledge]] = relationship(back_populates="registration")


class RegistrationPledge(SyncedRecord, Base):
    """A movement target the registrant commits to, with the value it pledges to reach."""

    __tablename__ = "registration_pledge"

    registration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("registration.id"), index=True)
    target_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("movement_target.id"))
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))

    registration: Mapped[Registration] = relationship(back_populates="pledges")
    target: Mapped[MovementTarget] = relationship()


class LinkedDocument(SyncedRecord, Base):
    """A file kept with a movement (its plan, a review report) or a model (a photo, an article)."""

    __tablename__ = "linked_document"
    __table_args__ = (CheckConstraint("(movement_id IS NULL) <> (model_id IS NULL)", name="one_owner"),)

    movement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("movement.id"), index=True)
    model_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exemplary_model.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(String(300))
    attachment_sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"))
