"""One change to one record, as it is logged and as it travels between sites."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import orjson

from desktop.changes import clock
from desktop.changes.codec import uuid_of
from desktop.models import Person, SyncChange, change_key

ERASABLE = {"person": frozenset(Person.ERASABLE_FIELDS)}
"""Per table, the personal fields whose values an erasure forgets, in the log too."""


@dataclass
class Change:
    """A change as it travels between sites."""

    origin: uuid.UUID
    epoch: int
    seq: int
    unit: uuid.UUID
    hlc: str
    table: str
    record: uuid.UUID
    fields: dict[str, Any]
    previous: dict[str, Any]
    bases: list[str]
    author: str | None
    proof: dict[str, Any] = field(default_factory=dict)
    """Its origin's signature, and what it needs to check (`authorship`)."""
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every change is looked up by its key; made here, at a fraction of a lazy property's cost.
        self.key = change_key(_text_of(self.origin), self.epoch, self.seq)

    @cached_property
    def order(self) -> tuple[str, str]:
        return (self.hlc, self.key)

    def as_json(self) -> dict[str, Any]:
        return {
            "origin": str(self.origin),
            "epoch": self.epoch,
            "seq": self.seq,
            "unit": str(self.unit),
            "hlc": self.hlc,
            "table": self.table,
            "record": str(self.record),
            "fields": self.fields,
            "previous": self.previous,
            "bases": self.bases,
            "author": self.author,
            "proof": self.proof,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        """ValueError, KeyError or TypeError when the change is not well formed."""
        change = cls(
            uuid_of(data["origin"]),
            int(data["epoch"]),
            int(data["seq"]),
            uuid_of(data["unit"]),
            str(data["hlc"]),
            str(data["table"]),
            uuid.UUID(data["record"]),
            dict(data["fields"]),
            dict(data.get("previous") or {}),
            [str(base) for base in data.get("bases") or []],
            None if data.get("author") is None else str(data["author"])[:64],
            dict(data.get("proof") or {}),
        )
        clock.parse(change.hlc)
        return change

    @classmethod
    def from_log(cls, row: SyncChange | Any) -> Change:
        return cls(
            row.origin_site_id,
            row.origin_epoch,
            row.seq,
            row.origin_unit_id,
            row.hlc,
            row.table_name,
            row.record_id,
            orjson.loads(row.fields),
            orjson.loads(row.previous),
            orjson.loads(row.bases),
            row.author,
            orjson.loads(row.proof),
        )

    def log_row(self) -> dict[str, Any]:
        return {
            "origin_site_id": self.origin,
            "origin_epoch": self.epoch,
            "seq": self.seq,
            "origin_unit_id": self.unit,
            "hlc": self.hlc,
            "table_name": self.table,
            "record_id": self.record,
            "fields": to_text(self.fields),
            "previous": to_text(self.previous),
            "bases": to_text(self.bases),
            "author": self.author,
            "proof": to_text(self.proof),
        }


@lru_cache(maxsize=4096)
def _text_of(site: uuid.UUID) -> str:
    return str(site)


def to_text(value: Any) -> str:
    """JSON as the log and the sync tables store it: compact UTF-8, written by orjson, several
    times faster than the standard library for the hundreds of thousands of changes of an import."""
    if isinstance(value, (list, dict)) and not value:  # most changes replace nothing, build on nothing
        return "[]" if isinstance(value, list) else "{}"
    return orjson.dumps(value).decode()


def canonical(body: dict) -> bytes:
    """The signed form of a JSON document: one spelling for the signer and the verifier."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
