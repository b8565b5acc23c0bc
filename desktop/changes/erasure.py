"""A personal field cleared is cleared from the change log too.

The log keeps every value a record ever had, to send and merge it. When a person's personal field
(birth date, ethnicity, ID number …) is set to nothing, by an erasure at the end of the retention
period or by an officer removing a wrong value, its earlier values are removed from the log as
well, here and at every site the clearing change reaches. A change not yet sent then carries
nothing where it carried them, as the clearing change itself does.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, select, update

from desktop.changes import authorship
from desktop.changes.change import ERASABLE, to_text
from desktop.models import SyncChange


def cleared(table: str, fields: dict[str, Any]) -> frozenset[str]:
    """The personal fields a change to `table` sets to nothing."""
    return frozenset(name for name in ERASABLE.get(table, ()) if name in fields and fields[name] is None)


def scrub(connection: Connection, record_id: uuid.UUID, names: frozenset[str], upto_hlc: str) -> None:
    """Remove the values of `names` from the logged changes of the record up to the clearing one
    (`upto_hlc`, its own "before" included); a later edit that sets them anew keeps its values."""
    rows = connection.execute(
        select(SyncChange.id, SyncChange.fields, SyncChange.previous, SyncChange.proof).where(
            SyncChange.record_id == record_id, SyncChange.hlc <= upto_hlc
        )
    ).all()
    for change_id, fields_text, previous_text, proof_text in rows:
        fields, previous, proof = json.loads(fields_text), json.loads(previous_text), json.loads(proof_text)
        if all(values.get(name) is None for values in (fields, previous) for name in names):
            continue
        authorship.forget(proof, "fields", fields, names)
        authorship.forget(proof, "previous", previous, names)
        connection.execute(
            update(SyncChange)
            .where(SyncChange.id == change_id)
            .values(
                fields=to_text(_without(fields, names)),
                previous=to_text(_without(previous, names)),
                proof=to_text(proof),
            )
        )


def _without(values: dict[str, Any], names: frozenset[str]) -> dict[str, Any]:
    return {name: None if name in names else value for name, value in values.items()}
