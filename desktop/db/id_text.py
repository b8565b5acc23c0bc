"""Record ids read and compared as hex text, without a UUID object per row or parameter.

Lists and the rules read thousands of ids at a time; building a `uuid.UUID` for each costs more
than the query. SQLite stores an id as its 32 hex digits, so the column read as text is the key
itself. PostgreSQL stores a native uuid: it is compared as one (its index still answers) and
printed as hex when read.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, String, cast, func, type_coerce


def hex_of(column: ColumnElement, dialect: str) -> ColumnElement[str]:
    """The id column as 32 hex digits."""
    if dialect == "sqlite":
        return type_coerce(column, String)
    return func.replace(cast(column, String), "-", "")


def hex_in(column: ColumnElement, keys: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """The id column is one of these hex keys."""
    if dialect == "sqlite":
        return type_coerce(column, String).in_(keys)
    return column.in_([uuid.UUID(key) for key in keys])
