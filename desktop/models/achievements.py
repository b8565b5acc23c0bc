"""What the eligibility rules read besides awards: ratings, initiatives, discipline."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import DisciplineLevel, InitiativeKind, InitiativeScope, Rating
from desktop.models.base import Base, SubjectMixin, SyncedRecord, exactly_one_subject, one_of
from desktop.models.people import Person

_LIVE = "deleted_at IS NULL"


class TaskRating(SubjectMixin, SyncedRecord, Base):
    """The yearly rating of a person or collective (HTXS, HTT, HT, KHT): one per subject and year."""

    __tablename__ = "task_rating"
    __table_args__ = (
        exactly_one_subject(),
        one_of("rating", Rating),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        Index(
            "uq_task_rating_person_year",
            "person_id",
            "year",
            unique=True,
            sqlite_where=text(f"person_id IS NOT NULL AND {_LIVE}"),
            postgresql_where=text(f"person_id IS NOT NULL AND {_LIVE}"),
        ),
        Index(
            "uq_task_rating_collective_year",
            "collective_id",
            "year",
            unique=True,
            sqlite_where=text(f"collective_id IS NOT NULL AND {_LIVE}"),
            postgresql_where=text(f"collective_id IS NOT NULL AND {_LIVE}"),
        ),
    )

    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(8))
    rated_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class Initiative(SyncedRecord, Base):
    """A recognised initiative (sáng kiến) or accepted research work: the evidence CSTĐ titles need."""

    __tablename__ = "initiative"
    __table_args__ = (one_of("scope", InitiativeScope), one_of("kind", InitiativeKind))

    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16), default=InitiativeKind.INITIATIVE.value)
    scope: Mapped[str] = mapped_column(String(16))
    recognised_by: Mapped[str | None] = mapped_column(String(300))
    recognition_number: Mapped[str | None] = mapped_column(String(64))
    recognised_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    summary: Mapped[str | None] = mapped_column(Text)

    authors: Mapped[list[InitiativeAuthor]] = relationship(back_populates="initiative")


class InitiativeAuthor(SyncedRecord, Base):
    __tablename__ = "initiative_author"

    initiative_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("initiative.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)

    initiative: Mapped[Initiative] = relationship(back_populates="authors")
    person: Mapped[Person] = relationship()


class Discipline(SyncedRecord, Base):
    """A disciplinary measure: it bars titles while in force (e.g. TTLĐTT when ≥ cảnh cáo)."""

    __tablename__ = "discipline"
    __table_args__ = (
        one_of("level", DisciplineLevel),
        CheckConstraint("effective_until IS NULL OR effective_until >= decided_on", name="period"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    effective_until: Mapped[dt.date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(64))
    issuer: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()
