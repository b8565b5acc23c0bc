"""Declarative base, naming conventions, and the metadata every synced record carries.

Design §3–4: a UUID made at creation, an owner unit, the origin site and its per-site sequence,
a row version for conflict detection, who and when, and a soft-delete tombstone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC, the one clock stored in the database."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def one_of(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """A CHECK that keeps a code column inside its closed list."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_code")


def live_index(name: str, *columns: str) -> Index:
    """An index over live rows only: lists never show tombstones, so they need not be indexed."""
    live = text("deleted_at IS NULL")
    return Index(name, *columns, sqlite_where=live, postgresql_where=live)


def exactly_one_subject() -> CheckConstraint:
    """Awards, ratings and proposal items concern a person or a collective, never both."""
    return CheckConstraint("(person_id IS NULL) <> (collective_id IS NULL)", name="one_subject")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedRecord:
    """Columns of every record that travels between sites."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)

    @declared_attr
    def owner_unit_id(cls) -> Mapped[uuid.UUID | None]:  # noqa: N805 - SQLAlchemy passes the class
        return mapped_column(ForeignKey("admin_unit.id"), index=True)

    origin_site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    row_version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    created_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class SubjectMixin:
    """A reference to the person or the collective a record is about."""

    @declared_attr
    def person_id(cls) -> Mapped[uuid.UUID | None]:  # noqa: N805
        return mapped_column(ForeignKey("person.id"), index=True)

    @declared_attr
    def collective_id(cls) -> Mapped[uuid.UUID | None]:  # noqa: N805
        return mapped_column(ForeignKey("collective.id"), index=True)

    @declared_attr
    def person(cls):  # noqa: N805
        return relationship("Person", foreign_keys=f"{cls.__name__}.person_id")

    @declared_attr
    def collective(cls):  # noqa: N805
        return relationship("Collective", foreign_keys=f"{cls.__name__}.collective_id")
