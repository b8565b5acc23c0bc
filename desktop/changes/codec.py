"""Record fields as JSON values, and back: the form in which changes are logged and travel.

Which tables travel and which of their columns a change carries are decided here once, from the
ORM metadata, so a new column or table needs no sync code.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, cast

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, LargeBinary, Numeric, Table, Uuid

from desktop.models import Base, SyncedRecord

LOCAL_COLUMNS = frozenset({"id", "origin_site_id", "seq", "row_version"})
"""Kept by each site for itself: a change never carries them."""
BACKGROUND_COLUMNS = frozenset({"created_at", "created_by", "updated_at", "updated_by"})
"""Travel with every change but never make a conflict: two edits always differ in them."""


@cache
def synced_tables() -> dict[str, Table]:
    """Every table of a SyncedRecord class, parents before children."""
    names = {
        cast(Table, mapper.local_table).name
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, SyncedRecord)
    }
    return {table.name: table for table in Base.metadata.sorted_tables if table.name in names}


@cache
def record_class(table_name: str) -> type[SyncedRecord]:
    """The ORM class of a travelling table, for code that edits one record of it."""
    return next(
        mapper.class_
        for mapper in Base.registry.mappers
        if cast(Table, mapper.local_table).name == table_name
    )


@cache
def carried_columns(table_name: str) -> dict[str, Column]:
    table = synced_tables()[table_name]
    return {column.name: column for column in table.columns if column.name not in LOCAL_COLUMNS}


def to_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return str(value)
    if isinstance(kind, DateTime):
        return value.isoformat()
    if isinstance(kind, Date):
        return value.isoformat()
    if isinstance(kind, Numeric):
        return str(value)
    if isinstance(kind, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    return value


@cache
def readers(table_name: str) -> dict[str, Callable[[Any], Any]]:
    """Per carried column, the conversion of a travelled value (not None) back to Python; it raises
    ValueError, TypeError or AttributeError when the value is not one. Chosen once per table: an
    import converts millions of values."""
    return {name: _reader(column) for name, column in carried_columns(table_name).items()}


def _reader(column: Column) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid_of
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    if isinstance(kind, Numeric):
        return _decimal
    if isinstance(kind, LargeBinary):
        return lambda value: base64.b64decode(value, validate=True)
    if isinstance(kind, Boolean):
        return lambda value: _typed(value, bool)
    if isinstance(kind, Integer):
        return _integer
    return _text


def _decimal(value: Any) -> decimal.Decimal:
    if not isinstance(value, str):
        raise TypeError(value)
    try:
        return decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise ValueError(value) from None


def _integer(value: Any) -> int:
    """An int the databases can hold (64 bits): a bigger one would fail the whole import."""
    number = _typed(value, int)
    if not -(2**63) <= number < 2**63:
        raise ValueError(value)
    return number


def _text(value: Any) -> str:
    """The reader of most columns, so one call rather than two."""
    if type(value) is not str:
        raise TypeError(value)
    return value


@lru_cache(maxsize=4096)
def uuid_of(text: str) -> uuid.UUID:
    """Parsed once per text: the few sites and units of a bundle recur in each of its thousands of
    changes, and a fresh `uuid.UUID` costs more than a lookup."""
    return uuid.UUID(text)


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(value)
    return value


SUBJECT_COLUMNS = ("person_id", "collective_id")
"""The columns that name the person or collective a record is about."""


@cache
def withholdable(table: str) -> dict[str, str]:
    """The references of `table` a site below may not be able to follow (column → the table it
    points to): optional links to travelling records other than a unit or the record's subject."""
    found: dict[str, str] = {}
    source = synced_tables().get(table)
    for column in source.columns if source is not None else ():
        if column.name in SUBJECT_COLUMNS or not column.foreign_keys or not column.nullable:
            continue
        target = next(iter(column.foreign_keys)).column.table.name
        if target in synced_tables() and target != "admin_unit":
            found[column.name] = target
    return found
