"""The change log: every write to a synced record through a session appends one change.

Written after the flush, when new records have their ids and defaults, in the flush's own
transaction, so a record and its change are committed or rolled back together. Writes that bypass
the ORM are the import's (which logs what it applies itself) and the official reference lists that
every site loads identically from the package.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from desktop.changes import clock, erasure
from desktop.changes.change import Change
from desktop.changes.codec import carried_columns, synced_tables, to_json
from desktop.changes.stamping import CLOCK_KEY
from desktop.db.bulk import insert_rows
from desktop.db.database import USERNAME_KEY
from desktop.models import Setting, Site, SyncChange, SyncedRecord, change_key


def heads(rows: Iterable[tuple[uuid.UUID, str, str]]) -> dict[uuid.UUID, list[str]]:
    """Per record, its changes that no other change of it builds on, from (record, key, bases)."""
    keys: dict[uuid.UUID, set[str]] = {}
    covered: dict[uuid.UUID, set[str]] = {}
    for record_id, key, bases in rows:
        keys.setdefault(record_id, set()).add(key)
        covered.setdefault(record_id, set()).update(json.loads(bases))
    return {record: sorted(found - covered[record]) for record, found in keys.items()}


def heads_of(session: Session, record_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    rows: list[tuple[uuid.UUID, str, str]] = []
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        query = select(
            SyncChange.record_id,
            SyncChange.origin_site_id,
            SyncChange.origin_epoch,
            SyncChange.seq,
            SyncChange.bases,
        ).where(SyncChange.record_id.in_(chunk))
        rows.extend(
            (record, change_key(site, epoch, seq), bases)
            for record, site, epoch, seq, bases in session.connection().execute(query)
        )
    return heads(rows)


EDITS_KEY = "sync.edits"
"""In `session.info`: per record updated in this session, its fields before and after (the
audit trail keeps them beside the entry that names the record)."""


def edits_of(session: Session, record_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of `record_id` this session changed, as they were and as they are now."""
    return session.info.get(EDITS_KEY, {}).get(record_id, ({}, {}))


def _fields(obj: SyncedRecord, names: Iterable[str]) -> dict[str, Any]:
    columns = carried_columns(obj.__table__.name)
    return {name: to_json(columns[name], getattr(obj, name)) for name in names}


def _capture(session: Session, _flush_context: object) -> None:
    stamped = session.info.pop(CLOCK_KEY, None)
    if stamped is None:
        return
    hlc, site_id, epoch, unit_id = stamped
    author = session.info.get(USERNAME_KEY)
    rows = []
    updates = []
    for obj in session.new:
        if isinstance(obj, SyncedRecord):
            names = carried_columns(obj.__table__.name)
            rows.append((obj, _fields(obj, names), {}))
    for obj in session.dirty:
        if not isinstance(obj, SyncedRecord):
            continue
        state = inspect(obj)
        changed, before = {}, {}
        columns = carried_columns(obj.__table__.name)
        for name, column in columns.items():
            history = state.attrs[name].history
            if history.added:
                changed[name] = to_json(column, history.added[0])
                before[name] = to_json(column, history.deleted[0]) if history.deleted else None
        if set(changed) - {"updated_at", "updated_by"}:
            updates.append((obj, changed, before))
    if not rows and not updates:
        return
    bases = heads_of(session, [obj.id for obj, _, _ in updates]) if updates else {}
    changes = [
        Change(
            site_id,
            epoch,
            obj.seq,
            unit_id,
            hlc,
            obj.__table__.name,
            obj.id,
            fields,
            before,
            bases.get(obj.id, []),
            author,
        )
        for obj, fields, before in [*rows, *updates]
    ]
    insert_rows(session.connection(), SyncChange.__table__, [change.log_row() for change in changes])
    for obj, fields, _before in updates:
        names = erasure.cleared(obj.__table__.name, fields)
        if names:
            erasure.scrub(session.connection(), obj.id, names, hlc)
    edits = session.info.setdefault(EDITS_KEY, {})
    for obj, fields, before in updates:
        was, now = edits.setdefault(obj.id, ({}, {}))
        for name, value in before.items():
            was.setdefault(name, value)  # as it was before the session's first change of it
        now.update(fields)


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _capture):
        event.listen(session_class, "after_flush", _capture)


BASELINE_KEY = "sync.baseline_logged"


def baseline(session: Session) -> int:
    """Log, once, every record kept here before the change log existed (schema 0007), as if just
    created, so an upgraded database sends its whole history on its first bundle. (Schema 0010
    asks for it once more, for the district's own unit that was kept without an owner.)"""
    site = session.scalars(select(Site)).first()
    if site is None or session.get(Setting, BASELINE_KEY) is not None:
        return 0
    site.clock_ms, site.clock_count = clock.tick(site.clock_ms or 0, site.clock_count or 0, clock.now_ms())
    hlc = clock.stamp(site.clock_ms, site.clock_count)
    logged = select(SyncChange.record_id)
    count = 0
    for name, table in synced_tables().items():
        columns = carried_columns(name)
        query = select(table).where(table.c.owner_unit_id.is_not(None), table.c.id.not_in(logged))
        rows = []
        for record in session.connection().execute(query).mappings():
            fields = {column: to_json(columns[column], record[column]) for column in columns}
            seq = site.next_seq + len(rows)
            change = Change(
                site.id,
                site.epoch,
                seq,
                site.home_unit_id,
                hlc,
                name,
                record["id"],
                fields,
                {},
                [],
                record["created_by"],
            )
            rows.append(change.log_row())
        if rows:
            insert_rows(session.connection(), SyncChange.__table__, rows)
            site.next_seq += len(rows)
            count += len(rows)
    session.add(Setting(key=BASELINE_KEY, value=str(count)))
    return count
