"""Who holds which records and who may change them (design §4, ownership).

The commune owns its people, collectives, proposals and movements; the deciding level owns its
decisions, awards and the movements it launches. A change goes up when the record belongs to the
sender's unit or one below it; it goes down when it belongs to the recipient's unit (written by its
other PCs, or a review step of the upper level), or when it is one of the upper level's records
that the level below needs: its decisions, the awards given to the recipient's people, the
movements it launched and the units it keeps. Another commune's people never travel down.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, null, select

from desktop.changes.codec import SUBJECT_COLUMNS, synced_tables, withholdable
from desktop.services.unit_tree import UnitTree

FLOWS_DOWN = frozenset(
    {
        "admin_unit",
        "movement",
        "movement_target",
        "movement_criterion",
        "movement_milestone",
        "decision",
        "award",
        "reference_release",
    }
)
"""Tables of the upper level's records sent to the levels below."""
ONLY_DOWN = frozenset({"reference_release"})
"""Tables whose records only the levels below obey: never sent up (`ownership.Kind.from_above`)."""


@dataclass(frozen=True)
class Recipient:
    unit: uuid.UUID
    upper: bool
    """The recipient is above this site."""


class Router:
    """Decides, record by record, whether a peer should receive its changes, and which references
    to pass on: a reference to a record the peer will never hold (another commune's proposal named
    by a decision) travels as empty."""

    def __init__(self, connection: Connection, home_unit: uuid.UUID, recipient: Recipient) -> None:
        self.connection = connection
        self.home = home_unit
        self.recipient = recipient
        self.tree = UnitTree(connection)
        self._owners: dict[tuple[str, uuid.UUID], tuple[uuid.UUID | None, uuid.UUID | None]] = {}

    def preload(self, table: str, ids: Iterable[uuid.UUID]) -> None:
        """Fetch owners, and the owners of the people or collectives they concern, of many
        records in one query per 500."""
        wanted = [record for record in set(ids) if (table, record) not in self._owners]
        if not wanted:
            return
        tables = synced_tables()
        source = tables[table]
        query: Select[Any] = select(source.c.id, source.c.owner_unit_id)
        subject_owners = []
        for name in SUBJECT_COLUMNS:
            if name in source.c:
                subject = tables[name.removesuffix("_id")].alias()
                query = query.outerjoin(subject, subject.c.id == source.c[name])
                subject_owners.append(subject.c.owner_unit_id)
        if len(subject_owners) > 1:
            query = query.add_columns(func.coalesce(*subject_owners))
        else:
            query = query.add_columns(subject_owners[0] if subject_owners else null())
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for record, owner, subject_owner in self.connection.execute(query.where(source.c.id.in_(chunk))):
                self._owners[(table, record)] = (owner, subject_owner)

    def _owner(self, table: str, record: uuid.UUID) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        if (table, record) not in self._owners:
            self.preload(table, [record])
        return self._owners.get((table, record), (None, None))

    def holds(self, table: str, record: uuid.UUID) -> bool:
        """Will the recipient hold this record?"""
        owner, subject_owner = self._owner(table, record)
        if owner is None:
            return False
        peer = self.recipient.unit
        if self.recipient.upper:
            return table not in ONLY_DOWN and self.tree.within(owner, self.home)
        if self.tree.within(owner, peer):
            return True
        if table not in FLOWS_DOWN or not self.tree.within(peer, owner):
            return False
        return subject_owner is None or self.tree.within(subject_owner, peer)

    def concerns_none(self, writers: Iterable[uuid.UUID]) -> bool:
        """Whether changes written from these units cannot reach a recipient below, so a stream
        of them (another commune's, at a province) need not be read record by record. A site
        changes only records of its unit or under it (`may_write`, held to at every import), and
        the recipient holds only records under it or handed down from above it: a writer neither
        above nor under the recipient wrote nothing it holds."""
        if self.recipient.upper:
            return False
        peer = self.recipient.unit
        return all(not self.tree.within(unit, peer) and not self.tree.within(peer, unit) for unit in writers)

    def project(self, table: str, fields: dict[str, Any]) -> dict[str, Any]:
        """The fields as the recipient gets them: references it cannot follow are left empty."""
        if self.recipient.upper:
            return fields
        projected = dict(fields)
        for name, target in withholdable(table).items():
            value = fields.get(name)
            if value is not None and not self.holds(target, uuid.UUID(value)):
                projected[name] = None
        return projected
