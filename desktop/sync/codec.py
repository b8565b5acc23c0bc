"""Record fields as JSON values, and back: the form in which changes are logged and travel.

Which tables travel and which of their columns a change carries are decided here once, from the
ORM metadata, so a new column or table needs no sync code.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from functools import cache
from typing import Any

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
        mapper.local_table.name for mapper in Base.registry.mappers if issubclass(mapper.class_, SyncedRecord)
    }
    return {table.name: table for table in Base.metadata.sorted_tables if table.name in names}


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


def from_json(column: Column, value: Any) -> Any:
    """The Python value of a travelled field; ValueError or TypeError if it is not one."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Numeric):
        try:
            return decimal.Decimal(value)
        except decimal.InvalidOperation:
            raise ValueError(value) from None
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise TypeError(value)
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(value)
        return value
    if not isinstance(value, str):
        raise TypeError(value)
    return value
