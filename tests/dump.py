"""Every row of every table, on either database: what a refused action must leave identical."""

from __future__ import annotations

from sqlalchemy import inspect, text

from desktop.db import Database


def dump(db: Database) -> list[str]:
    """Each table's rows as sorted text, tables in name order (the search index's own included)."""
    lines = []
    with db.engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}"'))
            lines.extend(sorted(f"{table}: {tuple(row)!r}" for row in rows))
    return lines
