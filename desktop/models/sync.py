"""The sync log and its bookkeeping: every change made here or received, what each peer holds,
the bundles taken in, and the conflicts and quarantined changes a person must look at.

These tables are site-local: they describe this installation's exchanges, not the records.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow


def change_key(site_id: uuid.UUID | str, epoch: int, seq: int) -> str:
    """The identity of one change everywhere: the writing site, its epoch, its sequence number."""
    return f"{site_id}:{epoch}:{seq}"


class SyncChange(Base):
    """One write to one record: the fields it set, what the writer saw before, and when.

    `bases` lists the record's latest changes the writer had seen (its heads), so a receiver can
    tell a later edit from a concurrent one. `hlc` is the hybrid logical clock of the write.
    """

    __tablename__ = "sync_change"
    __table_args__ = (
        UniqueConstraint("origin_site_id", "origin_epoch", "seq", name="uq_sync_change_origin"),
        Index("ix_sync_change_record", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin_site_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    origin_epoch: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    origin_unit_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    """The writing site's home unit: ownership is judged by it."""
    hlc: Mapped[str] = mapped_column(String(24))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    fields: Mapped[str] = mapped_column(Text)
    """JSON: field → new value."""
    previous: Mapped[str] = mapped_column(Text, default="{}")
    """JSON: field → the value the writer replaced (empty for a new record)."""
    bases: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of change keys."""
    author: Mapped[str | None] = mapped_column(String(64))
    proof: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    """JSON: its origin's signature, as it came (`desktop.changes.authorship`); a site's own changes
    are signed as they are sent, so theirs stays empty."""

    @property
    def key(self) -> str:
        return change_key(self.origin_site_id, self.origin_epoch, self.seq)


class SyncStream(Base):
    """How far this site holds the changes of one origin (site, epoch) without a gap."""

    __tablename__ = "sync_stream"

    origin_site_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    origin_epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    held: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncAck(Base):
    """How far a peer has said (in its last receipt) it holds the changes of one origin."""

    __tablename__ = "sync_ack"

    peer_site_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    origin_site_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    origin_epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    held: Mapped[int] = mapped_column(BigInteger, default=0)
    receipt_hlc: Mapped[str] = mapped_column(String(24))
    """The clock of the receipt this came from: an older receipt arriving late changes nothing."""


class SyncBundle(Base):
    """A bundle taken in here, so the same file is never applied twice, with what became of it."""

    __tablename__ = "sync_bundle"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    from_site_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str | None] = mapped_column(String(64))
    counts: Mapped[str] = mapped_column(Text)
    """JSON: applied, conflicts, quarantined, already held."""


class SyncConflict(Base):
    """The same field changed on two sites without either seeing the other's change.

    The later change by the clock is applied everywhere (so every site shows the same value);
    the other value is kept here until a person confirms or reverses the choice.
    """

    __tablename__ = "sync_conflict"
    __table_args__ = (
        UniqueConstraint("record_id", "field", "winner_key", "loser_key", name="uq_sync_conflict_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(64))
    base_value: Mapped[str] = mapped_column(Text)
    winner_key: Mapped[str] = mapped_column(String(120))
    winner_value: Mapped[str] = mapped_column(Text)
    winner_author: Mapped[str | None] = mapped_column(String(64))
    loser_key: Mapped[str] = mapped_column(String(120))
    loser_value: Mapped[str] = mapped_column(Text)
    loser_author: Mapped[str | None] = mapped_column(String(64))
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(64))


class SyncQuarantine(Base):
    """A received change that could not be applied yet, with why; retried when an import brings
    what it waits for (`detail`)."""

    __tablename__ = "sync_quarantine"
    __table_args__ = (
        UniqueConstraint("change_key", name="uq_sync_quarantine_change"),
        Index("ix_sync_quarantine_awaits", "reason", "detail"),
        Index("ix_sync_quarantine_record", "record_id"),
        Index("ix_sync_quarantine_origin", "origin_site_id", "reason"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_key: Mapped[str] = mapped_column(String(120))
    origin_site_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    origin_epoch: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    change: Mapped[str] = mapped_column(Text)
    """The change as it travelled (JSON)."""
    reason: Mapped[str] = mapped_column(String(32))
    """A code: waiting (an earlier change or a parent record has not arrived), not_owner, invalid."""
    detail: Mapped[str] = mapped_column(Text, default="")
    arrived_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    bundle_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class SyncRoute(Base):
    """Records of this unit reach this site through that lower peer (a district relays its
    communes): the routing of changes down, and the check that an upper level reviews, use it."""

    __tablename__ = "sync_route"

    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    via_site_id: Mapped[uuid.UUID] = mapped_column(Uuid)
