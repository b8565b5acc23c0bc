"""People, collectives (agencies, villages, schools, households …) and who belongs to which."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import CollectiveKind, Gender, MatchVerdict, Occupation
from desktop.models.base import Base, SyncedRecord, live_index, one_of
from desktop.models.reference import AdminUnit

MIN_BIRTH_YEAR = 1900


class Person(SyncedRecord, Base):
    """An individual: a candidate, an award holder, a household member.

    The birth date may be known only as a year: `birth_year` is then set and `birth_date` empty.
    Ethnicity and the ID-card number are sensitive and never leave the machine unencrypted.
    """

    __tablename__ = "person"
    __table_args__ = (
        one_of("gender", Gender),
        one_of("occupation", Occupation),
        CheckConstraint(f"birth_year IS NULL OR birth_year >= {MIN_BIRTH_YEAR}", name="birth_year"),
        CheckConstraint("length(full_name) > 0", name="full_name"),
        CheckConstraint("birth_date IS NULL OR birth_year IS NOT NULL", name="birth_year_with_date"),
        Index("ix_person_name_key_birth_year", "name_key", "birth_year"),
        live_index("ix_person_live_name", "name_key"),
        Index(  # per owner: a province holds the same card under two communes until it merges them
            "uq_person_owner_id_number_live",
            "owner_unit_id",
            "id_number",
            unique=True,
            sqlite_where=text("id_number IS NOT NULL AND deleted_at IS NULL"),
            postgresql_where=text("id_number IS NOT NULL AND deleted_at IS NULL"),
        ),
    )

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"birth_date", "birth_year", "ethnic_code", "id_number", "hometown", "notes"}
    )
    """Kept out of the audit trail's before/after and of every log."""
    ERASABLE_FIELDS: ClassVar[tuple[str, ...]] = (
        "birth_date",
        "ethnic_code",
        "id_number",
        "hometown",
        "notes",
    )
    """What erasure at the end of the retention period clears. The name, gender, birth year,
    village, position and workplace stay: they are how the award history names the person."""

    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    ethnic_code: Mapped[str | None] = mapped_column(ForeignKey("ethnic_group.code"))
    id_number: Mapped[str | None] = mapped_column(String(12))
    position: Mapped[str | None] = mapped_column(String(200))
    workplace: Mapped[str | None] = mapped_column(String(200))
    village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    hometown: Mapped[str | None] = mapped_column(String(200))
    occupation: Mapped[str] = mapped_column(String(16), default=Occupation.OTHER.value)
    notes: Mapped[str | None] = mapped_column(Text)

    village: Mapped[AdminUnit | None] = relationship(foreign_keys=[village_id])


class Collective(SyncedRecord, Base):
    """A collective that can be rated and awarded: an agency, a village, a school, a household …"""

    __tablename__ = "collective"
    __table_args__ = (
        one_of("kind", CollectiveKind),
        CheckConstraint("length(name) > 0", name="name"),
        live_index("ix_collective_live_name", "name_key"),
    )

    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("collective.id"))
    head_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    notes: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[AdminUnit | None] = relationship(foreign_keys=[unit_id])
    head: Mapped[Person | None] = relationship(foreign_keys=[head_person_id])
    memberships: Mapped[list[CollectiveMember]] = relationship(back_populates="collective")


class CollectiveMember(SyncedRecord, Base):
    """Membership over a period: the rules count members as of the year reviewed."""

    __tablename__ = "collective_member"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on", name="period"),
    )

    collective_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("collective.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(100))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    collective: Mapped[Collective] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship()


class PersonMatch(SyncedRecord, Base):
    """A reviewer's word on two person records that look alike, often entered in two communes.

    "same": `other` is merged into `kept`, and everything recorded for `other` counts as
    `kept`'s (the rules see the whole history). `other` itself stays, hidden from lists: the
    commune that owns it may go on sending changes to it, and they apply as they are.
    "different": the pair is not offered again. Withdrawn by deleting the verdict.
    """

    __tablename__ = "person_match"
    __table_args__ = (
        one_of("verdict", MatchVerdict),
        CheckConstraint("kept_person_id <> other_person_id", name="two_people"),
    )

    kept_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    other_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    verdict: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
