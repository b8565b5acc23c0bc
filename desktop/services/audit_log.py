"""The audit trail as people read it: who did what to which record, when, filtered.

Writing and verifying the trail is `audit`'s work; here it is only read, newest first, with the
names of the records it mentions and, for edits, what each field was and became.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select

from desktop.db import Database
from desktop.db.chunks import in_chunks
from desktop.i18n import N_, _
from desktop.models import (
    AdminUnit,
    AuditEntry,
    Collective,
    Decision,
    ExemplaryModel,
    Movement,
    PeerSite,
    Person,
    Proposal,
    User,
)
from desktop.services import audit

DEFAULT_LIMIT = 2_000

RECORD_NAMES: dict[str, Any] = {
    "person": Person.full_name,
    "collective": Collective.name,
    "movement": Movement.name,
    "proposal": Proposal.title,
    "decision": Decision.number,
    "exemplary_model": ExemplaryModel.title,
    "admin_unit": AdminUnit.name,
    "peer_site": PeerSite.unit_name,
    "app_user": User.username,
}
"""Per kind of record, the column that names one in the list."""

RECORD_KINDS = {
    "person": N_("Person"),
    "collective": N_("Collective"),
    "movement": N_("Movement"),
    "registration": N_("Registration"),
    "proposal": N_("Proposal"),
    "proposal_item": N_("Proposal line"),
    "dossier_document": N_("Dossier document"),
    "decision": N_("Decision"),
    "exemplary_model": N_("Exemplary model"),
    "good_deed": N_("Good deed"),
    "council_meeting": N_("Council meeting"),
    "admin_unit": N_("Village"),
    "app_user": N_("Account"),
    "peer_site": N_("Linked office"),
    "site": N_("This office"),
    "setting": N_("Settings"),
    "reference_release": N_("Rule release"),
}
VERBS = {
    "create": N_("added"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "import": N_("imported from Excel"),
    "login": N_("signed in"),
    "login_failed": N_("failed sign-in"),
    "issue": N_("issued"),
    "revoke": N_("revoked"),
    "enroll": N_("enrolled"),
    "publish": N_("published"),
    "withdraw": N_("withdrawn"),
    "init": N_("set up"),
    "role": N_("role changed"),
    "password_changed": N_("password changed"),
    "password_reset": N_("password reset"),
    "erase": N_("personal data erased"),
    "merge": N_("merged with another record of the same person"),
    "distinct": N_("told apart from a record that looked alike"),
}
"""What the last part of an action code says; other actions are shown by their code."""
ACTIONS = {
    "sync.import": N_("bundle imported"),
    "sync.export": N_("bundle written"),
    "sync.keys_create": N_("sync keys made"),
    "sync.audit_rebuilt": N_("its activity log was rebuilt"),
    "backup.create": N_("backup made"),
    "backup.restore": N_("backup restored"),
    "person.merge_undone": N_("merge undone"),
    "person.distinct_undone": N_("no longer told apart"),
}
"""Actions whose last part alone would mislead (a bundle imported is no Excel import)."""


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    record_ids: list[str] | None = None
    """The records of one person, collective … (found by name on the screen)."""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    """Local time."""
    username: str | None
    action: str
    record_type: str | None
    record_id: str | None
    record_name: str | None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def what(self) -> str:
        kind = RECORD_KINDS.get(self.record_type or "")
        verb = ACTIONS.get(self.action) or VERBS.get(self.action.rpartition(".")[2])
        if verb is None:
            return self.action
        return f"{_(kind)}: {_(verb)}" if kind else _(verb).capitalize()

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) of an edit."""
        before, after = self.details.get("before", {}), self.details.get("after", {})
        return [(name, before.get(name), after[name]) for name in after]


def _utc_to_local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _local_day_start(day: dt.date) -> dt.datetime:
    """Midnight of `day` on this PC, in the UTC the trail is stamped in."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)


def _query(wanted: AuditFilter, limit: int) -> Select[tuple[AuditEntry]]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if wanted.username:
        query = query.where(AuditEntry.username == wanted.username)
    if wanted.since:
        query = query.where(AuditEntry.at >= _local_day_start(wanted.since))
    if wanted.until:
        query = query.where(AuditEntry.at < _local_day_start(wanted.until + dt.timedelta(days=1)))
    if wanted.record_ids is not None:
        query = query.where(AuditEntry.record_id.in_(wanted.record_ids))
    return query


def audit_rows(db: Database, wanted: AuditFilter, limit: int = DEFAULT_LIMIT) -> list[AuditRow]:
    """The entries `wanted` picks, newest first, at most `limit`."""
    with db.session() as session:
        entries = session.scalars(_query(wanted, limit)).all()
        names: dict[tuple[str, str], str] = {}
        wanted_ids: dict[str, set[str]] = {}
        for entry in entries:
            if entry.record_type in RECORD_NAMES and entry.record_id:
                wanted_ids.setdefault(entry.record_type, set()).add(entry.record_id)
        for kind, ids in wanted_ids.items():
            column = RECORD_NAMES[kind]
            key = column.class_.id
            for chunk in in_chunks(sorted(ids)):
                for record_id, name in session.execute(
                    select(key, column).where(key.in_([_as_key(key, value) for value in chunk]))
                ):
                    names[(kind, str(record_id))] = name
        return [
            AuditRow(
                entry.id,
                _utc_to_local(entry.at),
                entry.username,
                entry.action,
                entry.record_type,
                entry.record_id,
                names.get((entry.record_type or "", entry.record_id or "")),
                json.loads(entry.details or "{}"),
            )
            for entry in entries
        ]


def audit_users(db: Database) -> list[str]:
    """Every name the trail holds, for the filter."""
    with db.session() as session:
        named = select(AuditEntry.username).distinct().where(AuditEntry.username.is_not(None))
        return sorted(session.scalars(named))


def _as_key(column: Any, value: str) -> Any:
    """The record id as the key column holds it (most are UUIDs; an account's is a number)."""
    python_type = column.type.python_type
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    return python_type(value)


def trail_breaks(db: Database) -> list[str]:
    """Where the trail does not hold (an entry changed, removed or reordered), in words."""
    with db.session() as session:
        return [
            _("entry {number}: {reason}").format(number=item.entry_id, reason=_(item.reason))
            for item in audit.verify_chain(session)
        ]
