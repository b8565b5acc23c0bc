"""Exemplary models (điển hình tiên tiến) through their cycle, and the log of good deeds."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import ModelStage
from desktop.models.base import Base, SubjectMixin, SyncedRecord, exactly_one_subject, one_of
from desktop.models.movements import Movement
from desktop.models.people import Collective, Person


class ExemplaryModel(SubjectMixin, SyncedRecord, Base):
    """A person or collective held up as a model, at one stage of phát hiện → nhân rộng."""

    __tablename__ = "exemplary_model"
    __table_args__ = (exactly_one_subject(), one_of("stage", ModelStage))

    title: Mapped[str] = mapped_column(String(500))
    stage: Mapped[str] = mapped_column(String(16), default=ModelStage.DISCOVERED.value)
    discovered_on: Mapped[dt.date] = mapped_column(Date)
    movement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("movement.id"))
    summary: Mapped[str | None] = mapped_column(Text)

    movement: Mapped[Movement | None] = relationship()
    events: Mapped[list[ExemplaryEvent]] = relationship(back_populates="model")


class ExemplaryEvent(SyncedRecord, Base):
    """A dated step in a model's life: a stage reached, a visit, a media piece, a replication."""

    __tablename__ = "exemplary_event"
    __table_args__ = (one_of("stage", ModelStage),)

    model_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exemplary_model.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    happened_on: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    model: Mapped[ExemplaryModel] = relationship(back_populates="events")


class GoodDeed(SyncedRecord, Base):
    """A quick note of a good deed (gương người tốt, việc tốt), to promote later if it deserves."""

    __tablename__ = "good_deed"
    __table_args__ = (CheckConstraint("length(what) > 0", name="what"),)

    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    collective_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("collective.id"))
    who: Mapped[str] = mapped_column(String(300))
    what: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(300))
    promoted_model_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exemplary_model.id"))
    promoted_proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"))

    person: Mapped[Person | None] = relationship()
    collective: Mapped[Collective | None] = relationship()
    promoted_model: Mapped[ExemplaryModel | None] = relationship()
