"""Engines for a SQLite file or a PostgreSQL URL, with the pragmas every connection needs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

SQLITE_BUSY_TIMEOUT_MS = 5000


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def sqlite_engine(path: Path) -> Engine:
    """A SQLite engine in WAL mode with foreign keys on, whose transactions include DDL.

    pysqlite's own transaction handling skips DDL and SAVEPOINT; it is switched off and BEGIN is
    emitted here instead, so a migration is one transaction (SQLAlchemy's documented recipe).
    """
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_engine(target: str | Path) -> Engine:
    if is_url(target):
        return create_engine(str(target), pool_pre_ping=True, hide_parameters=True)
    return sqlite_engine(Path(target))
