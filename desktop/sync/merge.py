"""Apply received changes to the records: field by field, the same result in any order.

Each field takes the value of the latest change to it by the hybrid logical clock (ties broken by
the change's key), so every site ends with the same value whatever order bundles arrive in. Two
changes to one field where neither writer had seen the other's are also recorded as a conflict
(base / kept / set aside) for a person to confirm. A change that cannot be applied yet — its
record's earlier changes or a record it refers to have not arrived — or may not be applied — the
sender does not own the record, the values are invalid — is quarantined with the reason, never
dropped; a waiting one is tried again when an import brings what it waits for (`awaited_by`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop.changes import erasure
from desktop.changes.change import Change, to_text
from desktop.changes.codec import BACKGROUND_COLUMNS, carried_columns, readers, synced_tables, uuid_of
from desktop.db import search_index
from desktop.db.bulk import insert_rows
from desktop.db.chunks import in_chunks
from desktop.db.search_index import SEARCHABLE
from desktop.models import Attachment, SyncChange, SyncConflict, SyncQuarantine, change_key, utcnow
from desktop.services.unit_tree import UnitTree
from desktop.sync import ownership

APPLIED, CONFLICT, QUARANTINED, HELD = "applied", "conflicts", "quarantined", "already_held"
WAITING, INVALID = "waiting", "invalid"
INCOMPLETE = "incomplete"
"""The detail of a new record's change that lacks required values: it waits for the record's
next change."""


@dataclass
class Verdict:
    outcome: str
    reason: str = ""
    detail: str = ""


@dataclass
class _Record:
    """What this import knows of one record: does it exist, whose is it, and its changes so far."""

    exists: bool
    owner: uuid.UUID | None
    history: list[Change] = field(default_factory=list)


class _Invalid(Exception):
    pass


class Merger:
    """Applies a batch of changes on one connection, inside the caller's transaction."""

    def __init__(self, connection: Connection, tree: UnitTree, bundle_id: uuid.UUID | None) -> None:
        self.connection = connection
        self.tree = tree
        self.bundle_id = bundle_id
        self.careful = False
        self._forget()

    def _forget(self) -> None:
        """Drop what was learnt of the database and what waits to be written (an undone batch)."""
        self.records: dict[uuid.UUID, _Record] = {}
        self.exists: dict[str, set[Any]] = {}
        self.holders: dict[uuid.UUID, uuid.UUID | None] = {}
        """Owners of records that changes here are about (`ownership.Kind.about`)."""
        self.logged: set[str] = set()
        self._clear_pending()

    def _clear_pending(self) -> None:
        self.inserts: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
        self.updates: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
        self.log: list[dict[str, Any]] = []
        self.scrubs: list[tuple[uuid.UUID, frozenset[str], str]] = []
        """Personal fields cleared, to remove from the log once it is written (`erasure`)."""

    # -- loading what the database knows ---------------------------------------------------------

    def _load(self, changes: list[Change]) -> None:
        by_table: dict[str, set[uuid.UUID]] = {}
        for change in changes:
            if change.record not in self.records:
                by_table.setdefault(change.table, set()).add(change.record)
        ids = []
        for table, records in by_table.items():
            source = synced_tables().get(table)
            if source is None:
                continue  # not a travelling table: the change is judged invalid before its record is sought
            found = {}
            for chunk in in_chunks(list(records)):
                found.update(
                    self.connection.execute(
                        select(source.c.id, source.c.owner_unit_id).where(source.c.id.in_(chunk))
                    ).all()
                )
            for record in records:
                self.records[record] = _Record(record in found, found.get(record))
            ids.extend(found)  # a record not here has no history here: its changes write it
        for chunk in in_chunks(ids):
            for row in self.connection.execute(select(SyncChange).where(SyncChange.record_id.in_(chunk))):
                self.records[row.record_id].history.append(Change.from_log(row))
                self.logged.add(change_key(row.origin_site_id, row.origin_epoch, row.seq))
        self._load_holders(changes)

    def _load_holders(self, changes: list[Change]) -> None:
        """The owners of the records the changes are about, in one query per table and chunk."""
        wanted: dict[str, set[uuid.UUID]] = {}
        for change in changes:
            targets = _references(change.table) if change.table in synced_tables() else {}
            for name in ownership.kind(change.table).about:
                value = change.fields.get(name)
                target = targets.get(name)
                if target in synced_tables() and target != "admin_unit" and isinstance(value, str):
                    try:
                        wanted.setdefault(target, set()).add(uuid_of(value))
                    except ValueError:
                        continue  # judged invalid when the change is applied
        for table, records in wanted.items():
            source = synced_tables()[table]
            unknown = [record for record in records if record not in self.holders]
            for chunk in in_chunks(unknown):
                self.holders.update(
                    self.connection.execute(
                        select(source.c.id, source.c.owner_unit_id).where(source.c.id.in_(chunk))
                    ).all()
                )

    def _holder(self, table: str, record: uuid.UUID) -> uuid.UUID | None:
        """The unit a referenced record belongs to: a unit itself, any other record its owner."""
        if table == "admin_unit":
            return record
        entry = self.records.get(record)
        if entry is not None and entry.exists:
            return entry.owner
        if record not in self.holders:
            source = synced_tables()[table]
            self.holders[record] = self.connection.execute(
                select(source.c.owner_unit_id).where(source.c.id == record)
            ).scalar()
        return self.holders[record]

    def _exists(self, table: str, record: Any) -> bool:
        known = self.exists.setdefault(table, set())
        if table == "attachment":
            found = self.connection.execute(
                select(Attachment.sha256).where(Attachment.sha256 == record)
            ).first()
            return found is not None
        if record in known:
            return True
        entry = self.records.get(record)
        if entry is not None and entry.exists:
            known.add(record)
            return True
        source = synced_tables().get(table)
        if source is None:
            return False
        if self.connection.execute(select(source.c.id).where(source.c.id == record)).first() is not None:
            known.add(record)
            return True
        return False

    def held_keys(self, changes: list[Change]) -> set[str]:
        """Keys among `changes` already logged or quarantined here."""
        streams: dict[tuple[uuid.UUID, int], list[int]] = {}
        for change in changes:
            streams.setdefault((change.origin, change.epoch), []).append(change.seq)
        held = set()
        for (origin, epoch), seqs in streams.items():
            query = select(SyncChange.seq).where(
                SyncChange.origin_site_id == origin,
                SyncChange.origin_epoch == epoch,
                SyncChange.seq.between(min(seqs), max(seqs)),
            )
            held.update(change_key(origin, epoch, seq) for seq in self.connection.execute(query).scalars())
        if self.connection.execute(select(SyncQuarantine.id).limit(1)).first() is None:
            return held  # nothing waits here, the usual case: no key to look for
        keys = [change.key for change in changes]
        for chunk in in_chunks(keys):
            held.update(
                self.connection.execute(
                    select(SyncQuarantine.change_key).where(SyncQuarantine.change_key.in_(chunk))
                ).scalars()
            )
        return held

    # -- applying ---------------------------------------------------------------------------------

    def apply(self, changes: list[Change]) -> dict[str, Verdict]:
        """Apply in dependency order, retrying those that wait on others of the same batch.

        Writes are gathered and sent in a few multi-row statements. Should the database still
        refuse one (a value the checks here do not know), the batch is undone and applied again
        one change at a time, each in its own savepoint, so only the bad change is quarantined."""
        try:
            with self.connection.begin_nested():
                verdicts = self._apply_all(changes)
                self._flush()
            return verdicts
        except IntegrityError:
            self._forget()
            self.careful = True
            try:
                return self._apply_all(changes)
            finally:
                self.careful = False

    def _apply_all(self, changes: list[Change]) -> dict[str, Verdict]:
        rank = {name: index for index, name in enumerate(synced_tables())}
        pending = sorted(changes, key=lambda change: rank.get(change.table, -1))
        verdicts: dict[str, Verdict] = {}
        while pending:
            self._load(pending)
            waiting = []
            for change in pending:
                verdict = self._one(change)
                if verdict.reason == WAITING:
                    waiting.append(change)
                verdicts[change.key] = verdict
            if len(waiting) == len(pending):
                break
            pending = waiting
        return verdicts

    def _flush(self) -> None:
        """Send the gathered writes; they are gone from the buffers whether or not they succeed."""
        try:
            self._send_pending()
        finally:
            self._clear_pending()

    def _send_pending(self) -> None:
        added = {
            name: {
                record: row["name_key"]
                for record, row in self.inserts.get(name, {}).items()
                if row.get("deleted_at") is None
            }
            for name in SEARCHABLE
        }
        changed = {name: list(self.updates.get(name, ())) for name in SEARCHABLE}
        with search_index.batched(self.connection, added, changed):
            self._send_records()
        if self.log:
            insert_rows(self.connection, SyncChange.__table__, self.log)
        for record, names, hlc in self.scrubs:
            erasure.scrub(self.connection, record, names, hlc)

    def _send_records(self) -> None:
        tables = synced_tables()
        for name in tables:
            shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in self.inserts.get(name, {}).values():
                shapes.setdefault(tuple(sorted(row)), []).append(row)
            for rows in shapes.values():
                insert_rows(self.connection, tables[name], rows)
        for name, records in self.updates.items():
            source = tables[name]
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for record, values in records.items():
                groups.setdefault(tuple(sorted(values)), []).append({"_record": record, **values})
            for columns, rows in groups.items():
                statement = (
                    update(source)
                    .where(source.c.id == bindparam("_record"))
                    .values({column: bindparam(column) for column in columns})
                    .values(row_version=source.c.row_version + 1)
                )
                self.connection.execute(statement, rows)

    def _one(self, change: Change) -> Verdict:
        if change.key in self.logged:
            return Verdict(HELD)
        try:
            values = self._values(change)
        except _Invalid as problem:
            return Verdict(QUARANTINED, INVALID, str(problem))
        entry = self.records[change.record]
        if change.bases:
            seen = {past.key for past in entry.history}
            missing = [base for base in change.bases if base not in seen]
            if missing:
                return Verdict(QUARANTINED, WAITING, f"base:{missing[0]}")
        new = not entry.exists
        owner = values.get("owner_unit_id") if new else entry.owner
        refused = ownership.refusal(self.tree, change.table, change.unit, values, new, owner)
        if refused is not None:
            return Verdict(QUARANTINED, *refused)
        references = _references(change.table)
        for name, target in references.items():
            value = values.get(name)
            itself = target == change.table and value == change.record  # a unit owning itself
            if value is not None and not itself and not self._exists(target, value):
                return Verdict(QUARANTINED, WAITING, f"{target}:{value}")
        if new and any(values.get(name) is None for name in _required(change.table)):
            return Verdict(QUARANTINED, WAITING if not change.bases else INVALID, INCOMPLETE)
        refused = ownership.foreign_subject(
            self.tree, change.table, change.record, change.unit, values, references, self._holder
        )
        if refused is not None:
            return Verdict(QUARANTINED, *refused)
        if self.careful:
            try:
                with self.connection.begin_nested():
                    outcome = self._write(change, entry, values, new)
                    self._flush()
            except IntegrityError as error:
                if new:
                    self.exists[change.table].discard(change.record)
                return Verdict(QUARANTINED, INVALID, str(error.orig)[:200])
        else:
            outcome = self._write(change, entry, values, new)
        entry.history.append(change)
        entry.exists = True
        entry.owner = owner
        self.logged.add(change.key)
        return Verdict(outcome)

    def _values(self, change: Change) -> dict[str, Any]:
        """The travelled values as Python values: converted in one go, and looked at field by
        field only to name the one at fault."""
        if change.table not in synced_tables():
            raise _Invalid(f"table:{change.table}")
        if not change.fields:
            raise _Invalid("empty")
        convert = readers(change.table)
        unknown = change.fields.keys() - convert.keys()
        if unknown:
            raise _Invalid(f"field:{min(unknown)}")
        try:
            return {
                name: None if value is None else convert[name](value) for name, value in change.fields.items()
            }
        except (ValueError, TypeError, AttributeError):
            name = next(name for name, value in change.fields.items() if not _readable(convert[name], value))
            raise _Invalid(f"value:{name}") from None

    def _write(self, change: Change, entry: _Record, values: dict[str, Any], new: bool) -> str:
        if not entry.history:
            winning, outcome = values, APPLIED
        else:
            winning, outcome = self._merge(change, entry, values)
        stamp = {"origin_site_id": change.origin, "seq": change.seq}
        pending = self.inserts.setdefault(change.table, {})
        if new:
            pending[change.record] = {
                "id": change.record,
                "row_version": 1,
                **_defaults(change.table),
                **values,
                **stamp,
            }
        elif change.record in pending:
            pending[change.record].update(winning, **stamp)
        elif winning:
            self.updates.setdefault(change.table, {}).setdefault(change.record, {}).update(winning, **stamp)
        self.log.append(change.log_row())
        self.exists.setdefault(change.table, set()).add(change.record)
        names = erasure.cleared(change.table, change.fields) if not new else frozenset()
        if names:
            self.scrubs.append((change.record, names, change.hlc))
        return outcome

    def _merge(self, change: Change, entry: _Record, values: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """The fields `change` wins (later by the clock than every edit its writer had not seen),
        and whether it met such an edit with another value (a conflict, recorded)."""
        ancestors = _ancestors(change, entry.history)
        winning = {}
        outcome = APPLIED
        for name, value in values.items():
            rivals = [past for past in entry.history if name in past.fields and past.key not in ancestors]
            if all(change.order > past.order for past in rivals):
                winning[name] = value
            if name in BACKGROUND_COLUMNS:
                continue
            for past in rivals:
                if past.fields[name] != change.fields[name]:
                    self._conflict(change, past, name)
                    outcome = CONFLICT
        return winning, outcome

    def _conflict(self, change: Change, past: Change, name: str) -> None:
        winner, loser = (change, past) if change.order > past.order else (past, change)
        base = change.previous.get(name, past.previous.get(name))
        exists = self.connection.execute(
            select(SyncConflict.id).where(
                SyncConflict.record_id == change.record,
                SyncConflict.field == name,
                SyncConflict.winner_key == winner.key,
                SyncConflict.loser_key == loser.key,
            )
        ).first()
        if exists is None:
            self.connection.execute(
                insert(SyncConflict).values(
                    table_name=change.table,
                    record_id=change.record,
                    field=name,
                    base_value=to_text(base),
                    winner_key=winner.key,
                    winner_value=to_text(winner.fields[name]),
                    winner_author=winner.author,
                    loser_key=loser.key,
                    loser_value=to_text(loser.fields[name]),
                    loser_author=loser.author,
                    detected_at=utcnow(),
                )
            )

    # -- quarantine -------------------------------------------------------------------------------

    def quarantine(self, items: list[tuple[Change, Verdict]]) -> None:
        """Keep these changes in quarantine with their reasons: the new ones in a few multi-row
        statements, those already there with their reasons brought up to date."""
        kept: set[str] = set()
        for chunk in in_chunks([change.key for change, _verdict in items]):
            kept.update(
                self.connection.execute(
                    select(SyncQuarantine.change_key).where(SyncQuarantine.change_key.in_(chunk))
                ).scalars()
            )
        now = utcnow()
        rows = [
            {
                "change_key": change.key,
                "origin_site_id": change.origin,
                "origin_epoch": change.epoch,
                "seq": change.seq,
                "table_name": change.table[:64],
                "record_id": change.record,
                "change": to_text(change.as_json()),
                "reason": verdict.reason,
                "detail": verdict.detail,
                "bundle_id": self.bundle_id,
                "arrived_at": now,
            }
            for change, verdict in items
            if change.key not in kept
        ]
        if rows:
            insert_rows(self.connection, SyncQuarantine.__table__, rows)
        for change, verdict in items:
            if change.key in kept:
                self.connection.execute(
                    update(SyncQuarantine)
                    .where(SyncQuarantine.change_key == change.key)
                    .values(reason=verdict.reason, detail=verdict.detail)
                )

    def release(self, keys: Iterable[str]) -> None:
        for chunk in in_chunks(list(keys)):
            self.connection.execute(delete(SyncQuarantine).where(SyncQuarantine.change_key.in_(chunk)))


def awaited_by(connection: Connection, changes: list[Change], digests: Iterable[str]) -> list[Change]:
    """The quarantined changes waiting for what `changes` and the files `digests` bring, and for
    what those bring in turn: found by what each waits for (indexed), never by reading them all,
    so thousands waiting for a record that never comes cost a later import nothing."""
    found: dict[int, Change] = {}
    arriving, digests = list(changes), list(digests)
    while arriving or digests:
        awaited = {f"attachment:{digest}" for digest in digests}
        for change in arriving:
            awaited.update((f"base:{change.key}", f"{change.table}:{change.record}"))
        records = list({change.record for change in arriving})
        rows = []
        for chunk in in_chunks(sorted(awaited)):
            rows += connection.execute(
                select(SyncQuarantine.id, SyncQuarantine.change).where(
                    SyncQuarantine.reason == WAITING, SyncQuarantine.detail.in_(chunk)
                )
            ).all()
        for chunk in in_chunks(records):
            rows += connection.execute(
                select(SyncQuarantine.id, SyncQuarantine.change).where(
                    SyncQuarantine.reason == WAITING,
                    SyncQuarantine.detail == INCOMPLETE,
                    SyncQuarantine.record_id.in_(chunk),
                )
            ).all()
        new = {number: Change.from_json(json.loads(text)) for number, text in rows if number not in found}
        found.update(new)
        arriving, digests = list(new.values()), []
    return [found[number] for number in sorted(found)]


def waiting_count(connection: Connection, origin: uuid.UUID) -> int:
    return connection.execute(
        select(func.count())
        .select_from(SyncQuarantine)
        .where(SyncQuarantine.origin_site_id == origin, SyncQuarantine.reason == WAITING)
    ).scalar_one()


def _ancestors(change: Change, history: list[Change]) -> set[str]:
    """The keys of every change of the record that `change`'s writer had seen."""
    by_key = {past.key: past for past in history}
    seen: set[str] = set()
    stack = list(change.bases)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        past = by_key.get(key)
        if past is not None:
            stack.extend(past.bases)
    return seen


@cache
def _references(table: str) -> dict[str, str]:
    """The columns of `table` that refer to another travelling record (or an attachment), with
    the table referred to: a change naming one that has not arrived must wait for it."""
    found = {}
    for name in carried_columns(table):
        keys = synced_tables()[table].c[name].foreign_keys
        if keys:
            target = next(iter(keys)).column.table.name
            if target in synced_tables() or target == "attachment":
                found[name] = target
    return found


@cache
def _defaults(table: str) -> dict[str, Any]:
    """Plain defaults of the columns, for a new record whose change (from an older version of
    the app) does not carry them."""
    return {
        name: column.default.arg
        for name, column in carried_columns(table).items()
        if column.default is not None and column.default.is_scalar
    }


@cache
def _required(table: str) -> frozenset[str]:
    return frozenset(
        column.name
        for column in carried_columns(table).values()
        if not column.nullable and column.default is None and column.server_default is None
    )


def _readable(reader: Callable[[Any], Any], value: Any) -> bool:
    try:
        if value is not None:
            reader(value)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
