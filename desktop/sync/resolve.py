"""A person settles what an import could not: conflicts and quarantined changes.

Nothing here is decided silently. A conflict already shows the value chosen by the clock on every
site; the officer confirms it, or puts the other value back, which is an ordinary edit here that
travels like any other. A quarantined change is tried again, or set aside with a reason; either is
written in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.changes.change import Change
from desktop.changes.codec import readers, record_class, synced_tables, to_json
from desktop.codes import UserRole
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.models import PeerSite, Site, SyncConflict, SyncQuarantine, utcnow
from desktop.services import audit
from desktop.services.accounts import require
from desktop.services.unit_tree import UnitTree
from desktop.sync.merge import INVALID, QUARANTINED, WAITING, Merger
from desktop.sync.ownership import (
    FOREIGN_SUBJECT,
    NOT_FROM_ABOVE,
    NOT_OWNER,
    OWNER_CHANGE,
    REFUSALS,
    may_write,
)

FIELD_NAMES = {
    "full_name": N_("Full name"),
    "name": N_("Name"),
    "gender": N_("Gender"),
    "birth_date": N_("Date of birth"),
    "birth_year": N_("Year of birth"),
    "ethnic_code": N_("Ethnicity"),
    "id_number": N_("ID card number"),
    "position": N_("Position"),
    "workplace": N_("Workplace"),
    "hometown": N_("Home town"),
    "notes": N_("Notes"),
    "status": N_("Status"),
    "title": N_("Title"),
    "number": N_("Number"),
    "deleted_at": N_("Deleted"),
}
REASONS = {
    WAITING: N_("Waiting for an earlier change or a record it refers to"),
    NOT_OWNER: N_("The sending office may not change this record"),
    NOT_FROM_ABOVE: N_("Only an office above this one may issue this; the sending office is not above it"),
    FOREIGN_SUBJECT: N_("It is about a person, collective or record of another office"),
    OWNER_CHANGE: N_("It would hand the record to another office; no office below may do that"),
    INVALID: N_("The values are not valid"),
}
LABEL_COLUMNS = ("full_name", "name", "number", "title", "code")


def field_name(field: str) -> str:
    return _(FIELD_NAMES[field]) if field in FIELD_NAMES else field


def reason_text(code: str, detail: str = "") -> str:
    """Why a change waits, for the officer: the technical detail (a change key, a record id) only
    where it helps someone tracing what is missing or invalid, not where the office is refused."""
    text = _(REASONS[code]) if code in REASONS else code
    return f"{text}: {detail}" if detail and code not in REFUSALS else text


def _record_label(session: Session, table: str, record_id: uuid.UUID) -> str:
    """What a person recognises the record by: its name, number or title."""
    record = session.get(record_class(table), record_id) if table in synced_tables() else None
    if record is None:
        return _("(not here)")
    for column in LABEL_COLUMNS:
        value = getattr(record, column, None)
        if value:
            return str(value)
    return str(record_id)[:8]


def _units(session: Session) -> dict[str, str]:
    """Site id → unit name, for saying who wrote an edit."""
    names = {str(row.id): row.unit_name for row in session.scalars(select(PeerSite))}
    names[str(session.scalars(select(Site.id)).one())] = _("this office")
    return names


def _written_by(key: str, author: str | None, units: dict[str, str]) -> str:
    where = units.get(key.split(":")[0], _("another office"))
    return f"{author} ({where})" if author else where


def waiting_count(db: Database) -> int:
    """Open conflicts and quarantined changes: what waits for a person."""
    with db.session() as session:
        conflicts = session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
        )
        held = session.scalar(select(func.count()).select_from(SyncQuarantine))
        return (conflicts or 0) + (held or 0)


# -- conflicts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictView:
    id: int
    table: str
    record_id: uuid.UUID
    record: str
    field: str
    base: Any
    kept: Any
    kept_by: str
    other: Any
    other_by: str
    detected_at: dt.datetime


def open_conflicts(db: Database) -> list[ConflictView]:
    """Conflicts no one has settled, oldest first."""
    with db.session() as session:
        units = _units(session)
        rows = session.scalars(
            select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id)
        ).all()
        return [
            ConflictView(
                row.id,
                row.table_name,
                row.record_id,
                _record_label(session, row.table_name, row.record_id),
                row.field,
                json.loads(row.base_value),
                json.loads(row.winner_value),
                _written_by(row.winner_key, row.winner_author, units),
                json.loads(row.loser_value),
                _written_by(row.loser_key, row.loser_author, units),
                row.detected_at,
            )
            for row in rows
        ]


def keep_current(db: Database, username: str | None, conflict_id: int) -> None:
    """The value every site shows now is the right one."""
    with db.transaction(username) as session:
        require(session, username, UserRole.OFFICER)
        row = _open_conflict(session, conflict_id)
        row.resolved_at, row.resolved_by = utcnow(), username
        audit.record(
            session, "sync.conflict_keep", username, row.table_name, row.record_id, {"field": row.field}
        )


def take_other(db: Database, username: str | None, conflict_id: int) -> None:
    """Put back the value set aside: an edit here, which reaches the other sites like any edit."""
    with db.transaction(username) as session:
        require(session, username, UserRole.OFFICER)
        row = _open_conflict(session, conflict_id)
        record = session.get(record_class(row.table_name), row.record_id)
        if record is None:
            raise NotFoundError(_("The record of this conflict is not on this PC."))
        site = session.scalars(select(Site)).one()
        tree = UnitTree(session.connection())
        if not may_write(tree, row.table_name, record.owner_unit_id, site.home_unit_id, [row.field], False):
            raise ValidationError(
                "conflict",
                _("Only the office that owns this record can change it; tell them which value is right."),
            )
        column = synced_tables()[row.table_name].c[row.field]
        current = json.loads(row.winner_value)
        if to_json(column, getattr(record, row.field)) != current:
            raise ValidationError(
                "conflict", _("The record was changed again since; open it and check the value by hand.")
            )
        other = json.loads(row.loser_value)
        setattr(record, row.field, None if other is None else readers(row.table_name)[row.field](other))
        record.updated_by = username
        row.resolved_at, row.resolved_by = utcnow(), username
        audit.record(
            session, "sync.conflict_other", username, row.table_name, row.record_id, {"field": row.field}
        )


def _open_conflict(session: Session, conflict_id: int) -> SyncConflict:
    row = session.get(SyncConflict, conflict_id)
    if row is None or row.resolved_at is not None:
        raise NotFoundError(_("This conflict was already settled."))
    return row


# -- quarantine ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarantineView:
    id: int
    table: str
    record_id: uuid.UUID
    record: str
    origin: str
    reason: str
    detail: str
    fields: list[str]
    arrived_at: dt.datetime


def quarantined(db: Database) -> list[QuarantineView]:
    with db.session() as session:
        units = _units(session)
        views = []
        for row in session.scalars(select(SyncQuarantine).order_by(SyncQuarantine.id)):
            try:
                names = sorted(json.loads(row.change).get("fields", {}))
            except (ValueError, AttributeError):
                names = []
            views.append(
                QuarantineView(
                    row.id,
                    row.table_name,
                    row.record_id,
                    _record_label(session, row.table_name, row.record_id),
                    units.get(str(row.origin_site_id), _("another office")),
                    row.reason,
                    row.detail,
                    [field_name(name) for name in names],
                    row.arrived_at,
                )
            )
        return views


def retry(db: Database, username: str | None, quarantine_id: int) -> bool:
    """Try the change again now (after a record it needed was entered here, say); whether it applied."""
    with db.transaction(username) as session:
        require(session, username, UserRole.OFFICER)
        row = session.get(SyncQuarantine, quarantine_id)
        if row is None:
            raise NotFoundError(_("This change is no longer in quarantine."))
        change = Change.from_json(json.loads(row.change))
        connection = session.connection()
        merger = Merger(connection, UnitTree(connection), row.bundle_id)
        verdict = merger.apply([change])[change.key]
        if verdict.outcome == QUARANTINED:
            row.reason, row.detail = verdict.reason, verdict.detail
            return False
        merger.release([change.key])
        audit.record(session, "sync.quarantine_retry", username, row.table_name, row.record_id)
        return True


def set_aside(db: Database, username: str | None, quarantine_id: int, reason: str) -> None:
    """Drop a change that must never apply (a commune editing a province's decision), saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", _("Say why this change is set aside."))
    with db.transaction(username) as session:
        require(session, username, UserRole.APPROVER)
        row = session.get(SyncQuarantine, quarantine_id)
        if row is None:
            raise NotFoundError(_("This change is no longer in quarantine."))
        audit.record(
            session,
            "sync.quarantine_set_aside",
            username,
            row.table_name,
            row.record_id,
            {"change": row.change_key, "reason": reason},
        )
        session.delete(row)
