"""Where each enrolled office stands: what came from it and when, what it has confirmed, and what
still needs a person here (the Đồng bộ screen's table, the upper level's dashboard).

Read from the sync bookkeeping only; nothing here opens a bundle or reads personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from desktop.changes import clock
from desktop.changes.codec import synced_tables
from desktop.codes import LEVEL
from desktop.db import Database
from desktop.models import (
    PeerSite,
    Site,
    SyncAck,
    SyncBundle,
    SyncChange,
    SyncConflict,
    SyncQuarantine,
    SyncStream,
)
from desktop.services.unit_tree import UnitTree
from desktop.sync.resolve import waiting_count
from desktop.sync.scope import Recipient, Router


@dataclass(frozen=True)
class PeerStatus:
    id: uuid.UUID
    role: str
    unit_name: str
    upper: bool
    """The office above this one (bundles go up to it)."""
    vouched_by: str
    """The office whose bundle vouched for its card, if it was not enrolled here by hand."""
    revoked: bool
    last_bundle_at: dt.datetime | None
    """When this site last took in a bundle from it."""
    last_bundle_made: dt.datetime | None
    """When that bundle was written there (its PC's clock)."""
    last_receipt_at: dt.datetime | None
    """The time of its newest receipt: how recent its confirmation of what it holds is."""
    unconfirmed: int
    """This site's own changes meant for it that it has not confirmed holding."""
    missing: int
    """Changes it had written (as its last bundle or receipt says) that have not reached this site:
    a bundle lost on the way or not imported yet. The drift between the two offices."""
    quarantined: int
    """Changes from its area waiting in quarantine."""
    conflicts: int
    """Open conflicts on records of its area."""


def peer_statuses(db: Database) -> list[PeerStatus]:
    """Every enrolled office, the upper ones first, then by name."""
    with db.session() as session:
        connection = session.connection()
        site = session.scalars(select(Site)).one()
        tree = UnitTree(connection)
        quarantine_units = _quarantine_units(connection)
        conflict_units = _conflict_units(connection)
        rows = []
        enrolled = session.scalars(select(PeerSite).order_by(PeerSite.unit_name)).all()
        names = {peer.id: peer.unit_name for peer in enrolled}
        for peer in enrolled:
            upper = LEVEL[peer.role] > LEVEL[site.role]
            last = session.execute(
                select(SyncBundle.imported_at, SyncBundle.created_at)
                .where(SyncBundle.from_site_id == peer.id)
                .order_by(SyncBundle.imported_at.desc())
                .limit(1)
            ).first()
            receipt = session.scalar(
                select(func.max(SyncAck.receipt_hlc)).where(SyncAck.peer_site_id == peer.id)
            )
            rows.append(
                PeerStatus(
                    peer.id,
                    peer.role,
                    peer.unit_name,
                    upper,
                    names.get(peer.vouched_by_site_id, ""),
                    peer.revoked_at is not None,
                    last.imported_at if last else None,
                    last.created_at if last else None,
                    _stamp_time(receipt) if receipt else None,
                    _unconfirmed(connection, site, peer, upper),
                    _missing(connection, peer.id),
                    _within(quarantine_units, tree, site.home_unit_id, peer.unit_id, upper),
                    _within(conflict_units, tree, site.home_unit_id, peer.unit_id, upper),
                )
            )
    return sorted(rows, key=lambda row: (not row.upper, row.unit_name))


def _stamp_time(stamp: str) -> dt.datetime:
    milliseconds, _count = clock.parse(stamp)
    return dt.datetime.fromtimestamp(milliseconds / 1000, dt.UTC).replace(tzinfo=None)


def _unconfirmed(connection: Connection, site: Site, peer: PeerSite, upper: bool) -> int:
    """Counted the way an export picks them, over this site's own stream only (relayed streams
    would count every other commune's work a commune is never sent)."""
    acked = (
        connection.execute(
            select(SyncAck.held).where(
                SyncAck.peer_site_id == peer.id,
                SyncAck.origin_site_id == site.id,
                SyncAck.origin_epoch == site.epoch,
            )
        ).scalar()
        or 0
    )
    rows = connection.execute(
        select(SyncChange.table_name, SyncChange.record_id).where(
            SyncChange.origin_site_id == site.id,
            SyncChange.origin_epoch == site.epoch,
            SyncChange.seq > acked,
        )
    ).all()
    if not rows or peer.unit_id is None:
        return 0
    router = Router(connection, site.home_unit_id, Recipient(peer.unit_id, upper))
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, record in rows:
        by_table.setdefault(table, []).append(record)
    for table, records in by_table.items():
        router.preload(table, records)
    return sum(1 for table, record in rows if router.holds(table, record))


def _missing(connection: Connection, peer_id: uuid.UUID) -> int:
    written = connection.execute(
        select(SyncAck.origin_epoch, SyncAck.held).where(
            SyncAck.peer_site_id == peer_id, SyncAck.origin_site_id == peer_id
        )
    ).all()
    missing = 0
    for epoch, held_there in written:
        held_here = (
            connection.execute(
                select(SyncStream.held).where(
                    SyncStream.origin_site_id == peer_id, SyncStream.origin_epoch == epoch
                )
            ).scalar()
            or 0
        )
        missing += max(0, held_there - held_here)
    return missing


def _quarantine_units(connection: Connection) -> list[uuid.UUID | None]:
    """The writing unit of each quarantined change (as it travelled)."""
    units: list[uuid.UUID | None] = []
    for text in connection.execute(select(SyncQuarantine.change)).scalars():
        try:
            units.append(uuid.UUID(json.loads(text)["unit"]))
        except (ValueError, KeyError, TypeError):
            units.append(None)
    return units


def _conflict_units(connection: Connection) -> list[uuid.UUID | None]:
    """The owning unit of the record of each open conflict."""
    units = []
    for table, record in connection.execute(
        select(SyncConflict.table_name, SyncConflict.record_id).where(SyncConflict.resolved_at.is_(None))
    ):
        source = synced_tables().get(table)
        owner = None
        if source is not None:
            owner = connection.execute(select(source.c.owner_unit_id).where(source.c.id == record)).scalar()
        units.append(owner)
    return units


def _within(
    units: list[uuid.UUID | None], tree: UnitTree, home: uuid.UUID, peer_unit: uuid.UUID | None, upper: bool
) -> int:
    """How many of `units` concern the peer: for a lower office, those of its area; for an upper
    one, those of its area that are not this office's own."""
    if peer_unit is None:
        return 0
    return sum(
        1
        for unit in units
        if unit is not None and tree.within(unit, peer_unit) and not (upper and tree.within(unit, home))
    )


@dataclass(frozen=True)
class SyncSummary:
    """One line for the status bar."""

    offices: int
    unconfirmed: int
    to_review: int


def sync_summary(db: Database) -> SyncSummary:
    statuses = [status for status in peer_statuses(db) if not status.revoked]
    upper = [status.unconfirmed for status in statuses if status.upper]
    return SyncSummary(
        len(statuses),
        max(upper) if upper else 0,
        waiting_count(db),
    )
