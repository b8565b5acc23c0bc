"""Stamp sync metadata on every synced record a session writes.

Each write takes the next number of this site's sequence and bumps the row version, and each
flush takes one tick of the site's hybrid logical clock, so the change log (`desktop.changes.capture`)
can say in what order things happened. The user is read from `session.info`.
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desktop.changes import clock
from desktop.db.database import USERNAME_KEY
from desktop.models import Site, SyncedRecord, utcnow

CLOCK_KEY = "sync_clock"
"""`session.info` key of the clock stamp of the flush under way."""


def _stamp(session: Session, _flush_context: object, _instances: object) -> None:
    new = [obj for obj in session.new if isinstance(obj, SyncedRecord)]
    changed = [
        obj
        for obj in session.dirty
        if isinstance(obj, SyncedRecord) and session.is_modified(obj, include_collections=False)
    ]
    if not new and not changed:
        return
    site = session.scalars(select(Site).limit(1)).first()
    username = session.info.get(USERNAME_KEY)
    now = utcnow()
    for obj in new:
        obj.row_version = 1
        obj.created_by = obj.created_by or username
        obj.updated_by = obj.updated_by or username
        if site is not None and obj.owner_unit_id is None:
            obj.owner_unit_id = site.home_unit_id
    for obj in changed:
        obj.row_version = (obj.row_version or 0) + 1
        obj.updated_at = now
        obj.updated_by = username
    if site is None:
        return
    for obj in [*new, *changed]:
        obj.origin_site_id = site.id
        obj.seq = site.next_seq
        site.next_seq += 1
    site.clock_ms, site.clock_count = clock.tick(site.clock_ms or 0, site.clock_count or 0, clock.now_ms())
    session.info[CLOCK_KEY] = (
        clock.stamp(site.clock_ms, site.clock_count),
        site.id,
        site.epoch,
        site.home_unit_id,
    )


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "before_flush", _stamp):
        event.listen(session_class, "before_flush", _stamp)
