"""What each committed unit of work wrote, told to whoever shows the data (the window's screens).

A screen built once and never told would show a decision's nominees without their new award
until reopened. So every flush notes the tables and ids it wrote on its session, the import
notes the changes it applied with bulk statements (`note`), and when the transaction commits the
listeners of that database hear it, on the thread that committed. Nothing is noted for a
database nobody listens to (the command line, the hub, the tests of the services).
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from desktop.db import Database

NOTED_KEY = "written"
"""`session.info` key of what the transaction under way wrote: table → ids."""


@dataclass(frozen=True)
class Written:
    """The records one or more commits wrote: table name → their ids (empty when not known)."""

    records: Mapping[str, frozenset[uuid.UUID]] = field(default_factory=dict)

    def touches(self, tables: Iterable[str]) -> bool:
        return not self.records.keys().isdisjoint(tables)

    def ids(self, table: str) -> frozenset[uuid.UUID]:
        return self.records.get(table, frozenset())

    def merged(self, other: Written) -> Written:
        tables = self.records.keys() | other.records.keys()
        return Written({table: self.ids(table) | other.ids(table) for table in tables})


Listener = Callable[[Written], None]
_listeners: weakref.WeakKeyDictionary[Engine, list[Listener]] = weakref.WeakKeyDictionary()


def listen(db: Database, listener: Listener) -> Callable[[], None]:
    """Call `listener` after each commit on `db` that wrote something; returns how to stop."""
    _listeners.setdefault(db.engine, []).append(listener)

    def stop() -> None:
        listeners = _listeners.get(db.engine, [])
        if listener in listeners:
            listeners.remove(listener)

    return stop


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _heard(session: Session) -> bool:
    return bool(_listeners.get(_engine(session)))


def note(session: Session, table: str, ids: Iterable[uuid.UUID]) -> None:
    """Add records written without the ORM (bulk statements) to what the transaction wrote."""
    if _heard(session):
        noted = session.info.setdefault(NOTED_KEY, {})
        noted.setdefault(table, set()).update(ids)


def _after_flush(session: Session, _context: object) -> None:
    if not _heard(session):
        return
    noted = session.info.setdefault(NOTED_KEY, {})
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is not None:
            record = getattr(obj, "id", None)
            ids = noted.setdefault(table, set())
            if isinstance(record, uuid.UUID):
                ids.add(record)


def _after_commit(session: Session) -> None:
    noted = session.info.pop(NOTED_KEY, None)
    if not noted:
        return
    engine = _engine(session)
    written = Written({table: frozenset(ids) for table, ids in noted.items()})
    for listener in list(_listeners.get(engine, [])):
        listener(written)


def _after_rollback(session: Session) -> None:
    session.info.pop(NOTED_KEY, None)


def install(session_class: type[Session]) -> None:
    for name, hook in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)
