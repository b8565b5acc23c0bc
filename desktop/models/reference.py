"""Reference data: administrative units, ethnic groups, and the award catalog."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import (
    AwardForm,
    AwardSubject,
    ConferringLevel,
    ReleaseKind,
    UnitKind,
    UnitLevel,
)
from desktop.models.base import Base, SyncedRecord, one_of

OFFICIAL_UNIT_NAMESPACE = uuid.UUID("5f0b8f52-2c55-4a4e-9a53-6b2c1c0f7a10")


def official_unit_id(level: str, code: str) -> uuid.UUID:
    """Official reference rows get the same id on every site, so records citing them sync cleanly."""
    return uuid.uuid5(OFFICIAL_UNIT_NAMESPACE, f"{level}:{code}")


class AdminUnit(SyncedRecord, Base):
    """A province, (historical) district, commune or village, with its period of validity.

    Official units come from the national list; villages and pre-2025 units are added by users and
    kept after they cease to exist, so old records keep their historical unit.
    """

    __tablename__ = "admin_unit"
    __table_args__ = (
        one_of("level", UnitLevel),
        one_of("kind", UnitKind),
        Index("ix_admin_unit_level_code", "level", "code"),
        Index("ix_admin_unit_parent", "parent_id"),
    )

    code: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("admin_unit.id"))
    successor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("admin_unit.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    official: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[AdminUnit | None] = relationship(remote_side="AdminUnit.id", foreign_keys=[parent_id])


class EthnicGroup(Base):
    """The 54 official ethnic groups (sensitive data when attached to a person)."""

    __tablename__ = "ethnic_group"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))


class AwardType(Base):
    """One version of a title or form of commendation in the catalog (design.md §7 codes).

    A change of name, conferrer or reward from a day on is a new row with its own validity
    period, pushed down from the province; a catalog that corrects a version corrects its row.
    """

    __tablename__ = "award_type"
    __table_args__ = (
        UniqueConstraint("code", "valid_from", name="uq_award_type_code_valid_from"),
        one_of("subject", AwardSubject),
        one_of("form", AwardForm),
        one_of("conferring_level", ConferringLevel),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(16))
    conferring_level: Mapped[str] = mapped_column(String(16))
    conferrer: Mapped[str] = mapped_column(String(64))
    reward_multiplier: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    annual: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_basis: Mapped[str] = mapped_column(String(300))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    catalog_version: Mapped[str] = mapped_column(String(32))


class ReferenceRelease(SyncedRecord, Base):
    """A newer version of the rule parameters or the base salary, published by a province or a
    district for itself and the units below it, where the rules use it from its arrival.

    Never edited: a correction is a release with a higher version. `content` is the JSON document,
    in the shape of the file the app ships for that kind.
    """

    __tablename__ = "reference_release"
    __table_args__ = (one_of("kind", ReleaseKind),)

    kind: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
