"""The name search index: one FTS5 table over people, collectives and decisions (SQLite).

Each searchable table keeps an accent-free `name_key`; triggers copy it into `search_doc` (with a
stable integer id) and from there into the FTS5 index, so every write path, bulk imports and raw
SQL included, keeps the index current. Tombstoned records leave the index.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

SEARCHABLE = {"person": "person", "collective": "collective", "decision": "decision"}
"""Table name → the `kind` recorded in `search_doc`."""

_DOC_TABLE = """
CREATE TABLE search_doc (
    id INTEGER PRIMARY KEY,
    kind VARCHAR(16) NOT NULL,
    record_id CHAR(32) NOT NULL UNIQUE,
    key TEXT NOT NULL
);
"""

_FTS_TABLE = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    key, content='search_doc', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='{prefixes}'
);
"""

_INDEX_INSERT_TRIGGER = """CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_fts(rowid, key) VALUES (new.id, new.key);
END;
"""

_INDEX_TRIGGER_SCRIPT = (
    _INDEX_INSERT_TRIGGER
    + """CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_fts(search_fts, rowid, key) VALUES ('delete', old.id, old.key);
END;
"""
)

_SOURCE_TRIGGERS = """
CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_doc(kind, record_id, key) VALUES ('{kind}', new.id, new.name_key);
END;
CREATE TRIGGER {table}_search_au AFTER UPDATE OF name_key, deleted_at ON {table} BEGIN
    DELETE FROM search_doc WHERE record_id = old.id;
    INSERT INTO search_doc(kind, record_id, key)
        SELECT '{kind}', new.id, new.name_key WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN
    DELETE FROM search_doc WHERE record_id = old.id;
END;
"""


def _statements(script: str) -> list[str]:
    """Split a script on the statement ends that close a CREATE (triggers hold inner `;`)."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        stripped = line.strip()
        if stripped.endswith(";") and (
            not current[0].lstrip().startswith("CREATE TRIGGER") or stripped == "END;"
        ):
            statements.append("\n".join(current))
            current = []
    return statements


_CHUNK = 400
"""Records per statement when indexing a batch: two values a record stay under the 999 bound
values of older SQLite builds."""


def source_trigger_statements() -> list[str]:
    return [
        statement
        for table, kind in SEARCHABLE.items()
        for statement in _statements(_SOURCE_TRIGGERS.format(table=table, kind=kind))
    ]


def _fts_table_statements(prefixes: str) -> list[str]:
    """`prefixes` are the prefix lengths FTS5 indexes whole: a query word of such a length is one
    index lookup, a longer one scans every term that starts with it. Each migration names its own."""
    return _statements(_FTS_TABLE.format(prefixes=prefixes))


def create_statements(prefixes: str) -> list[str]:
    return (
        _statements(_DOC_TABLE)
        + _fts_table_statements(prefixes)
        + _statements(_INDEX_TRIGGER_SCRIPT)
        + source_trigger_statements()
    )


def recreate_index_statements(prefixes: str) -> list[str]:
    """Rebuild the FTS5 table with other options from `search_doc`; the triggers stay as they are."""
    return [
        "DROP TABLE search_fts",
        *_fts_table_statements(prefixes),
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


def drop_source_trigger_statements(tables: Collection[str] = tuple(SEARCHABLE)) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_search_{suffix}" for table in tables for suffix in ("ai", "au", "ad")
    ]


@contextmanager
def batched(
    connection: Connection,
    added: dict[str, dict[uuid.UUID, str]],
    changed: dict[str, Collection[uuid.UUID]],
) -> Iterator[None]:
    """Write many rows of the searchable tables without a trigger firing per row: a sync import
    spent most of its database time in them. The triggers of the tables written are dropped while
    the body runs; then the records are indexed in a few statements and the triggers made again:
    the live records `added`, from their keys as given (a new record has no entry to replace, nor
    one to look up), and those `changed`, from their rows as written. Their new entries go into
    the FTS5 index in one statement, more than twice as fast as a row at a time. DDL is
    transactional in SQLite, so a body that fails inside the caller's transaction (or savepoint)
    leaves the triggers as they were once it is rolled back."""
    tables = [table for table in SEARCHABLE if added.get(table) or changed.get(table)]
    if connection.dialect.name != "sqlite" or not tables:
        yield
        return
    run(connection.exec_driver_sql, drop_source_trigger_statements(tables))
    yield
    changed_ids = {table: [record.hex for record in changed.get(table, ())] for table in tables}
    for table in tables:
        for chunk in _chunks(changed_ids[table]):
            connection.exec_driver_sql(
                f"DELETE FROM search_doc WHERE record_id IN ({_marks(chunk)})", tuple(chunk)
            )  # their index entries go with them, by the trigger
    # New entries are numbered on from the highest one left, so they are those above it.
    last = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM search_doc").scalar_one()
    connection.exec_driver_sql("DROP TRIGGER search_doc_ai")
    for table in tables:
        kind = SEARCHABLE[table]
        for chunk in _chunks([(record.hex, key) for record, key in added.get(table, {}).items()]):
            rows = ", ".join(f"('{kind}', ?, ?)" for _entry in chunk)
            values = tuple(value for entry in chunk for value in entry)
            connection.exec_driver_sql(f"INSERT INTO search_doc(kind, record_id, key) VALUES {rows}", values)
        for chunk in _chunks(changed_ids[table]):
            connection.exec_driver_sql(
                f"INSERT INTO search_doc(kind, record_id, key) SELECT '{kind}', id, name_key "
                f"FROM {table} WHERE id IN ({_marks(chunk)}) AND deleted_at IS NULL",
                tuple(chunk),
            )
    connection.exec_driver_sql(
        "INSERT INTO search_fts(rowid, key) SELECT id, key FROM search_doc WHERE id > ?", (last,)
    )
    run(connection.exec_driver_sql, _statements(_INDEX_INSERT_TRIGGER))
    for table in tables:
        run(
            connection.exec_driver_sql,
            _statements(_SOURCE_TRIGGERS.format(table=table, kind=SEARCHABLE[table])),
        )


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    return (items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK))


def _marks(chunk: list[Any]) -> str:
    return ", ".join("?" * len(chunk))


_INDEX_TRIGGERS = ("search_doc_ai", "search_doc_ad")


def bulk_load_begin_statements() -> list[str]:
    """Switch the index off for a bulk load: no trigger fires per row."""
    return drop_source_trigger_statements() + [f"DROP TRIGGER IF EXISTS {name}" for name in _INDEX_TRIGGERS]


def bulk_load_end_statements() -> list[str]:
    """Refill the index from the source tables in one pass, then switch the triggers back on."""
    fill = [
        f"INSERT INTO search_doc(kind, record_id, key) "
        f"SELECT '{kind}', id, name_key FROM {table} WHERE deleted_at IS NULL"
        for table, kind in SEARCHABLE.items()
    ]
    return [
        "DELETE FROM search_doc",
        *fill,
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
        *_statements(_INDEX_TRIGGER_SCRIPT),
        *source_trigger_statements(),
    ]


def run(execute: Callable[[str], object], statements: list[str]) -> None:
    for statement in statements:
        execute(statement)
