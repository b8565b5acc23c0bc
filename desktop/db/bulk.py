"""Many rows into one table: compiled once, converted column by column, sent in one executemany.

SQLAlchemy's own executemany builds every row's parameters through the compiled statement; for
the hundreds of thousands of rows of a sync import that was a third of the time. Here each
column's conversion for the driver is looked up once and run down the column, a column NULL in
every row (most optional fields of most records) is not sent at all, and SQLite's dates and
times are written by the standard library's formatting rather than SQLAlchemy's, several times
slower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table, insert
from sqlalchemy.types import Date, DateTime

_SAMPLE_TIME = dt.datetime(2026, 1, 2, 3, 4, 5, 6)
"""A value both ways of writing a time must agree on before the faster one is used."""


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows`, which all name the same columns. Should they leave out a column whose
    default is computed in Python (a timestamp, a new id), SQLAlchemy inserts them, row by row
    computing it."""
    if not rows:
        return
    dialect = connection.dialect
    given = {key: list(map(itemgetter(key), rows)) for key in rows[0]}
    keys = [
        key
        for key, values in given.items()
        if not _null_by_default(table.c[key]) or values.count(None) < len(values)
    ]
    compiled = insert(table).compile(dialect=dialect, column_keys=keys, for_executemany=True)
    if compiled.insert_prefetch:
        connection.execute(insert(table), rows)
        return
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
    columns = []
    for name in names:
        key = compiled.binds[name].key
        process = _bind_processor(table.c[key], dialect)
        columns.append(given[key] if process is None else list(map(process, given[key])))
    if compiled.positional:
        parameters: list[Any] = list(zip(*columns, strict=True))
    else:
        parameters = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    connection.exec_driver_sql(compiled.string, parameters)


def _null_by_default(column: Column) -> bool:
    """Whether a row that leaves `column` out holds NULL in it, as one that sends None does."""
    return bool(column.nullable) and column.default is None and column.server_default is None


def _bind_processor(column: Column, dialect: Dialect) -> Callable[[Any], Any] | None:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if dialect.name != "sqlite" or process is None:
        return process
    if isinstance(column.type, DateTime):
        return _faster(process, dt.datetime, lambda value: value.isoformat(" ", "microseconds"))
    if isinstance(column.type, Date):
        return _faster(process, dt.date, dt.date.isoformat)
    return process


def _faster(process: Callable[[Any], Any], kind: type, write: Callable[[Any], str]) -> Callable[[Any], Any]:
    """`write` for the plain values of `kind` (a time without a zone) when it writes them as
    `process` does, `process` for any other; `process` alone if they ever differ."""
    sample = _SAMPLE_TIME if kind is dt.datetime else _SAMPLE_TIME.date()
    if write(sample) != process(sample):
        return process

    def convert(value: Any) -> Any:
        if type(value) is kind and getattr(value, "tzinfo", None) is None:
            return write(value)
        return process(value)

    return convert
