"""name search on PostgreSQL answered by a trigram index, as FTS5 answers it on SQLite

On PostgreSQL, search and the list filters match each word typed at the start of a word of the
name key (`LIKE 'x%' OR LIKE '% x%'`); without an index that reads the whole table, a second and
more at a province of a million people. A GIN index of pg_trgm answers both patterns. A server
that does not offer the extension (a managed server, an account without the right) keeps the scan.
Nothing changes on SQLite.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 21:00:00
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("person", "collective", "decision")
log = logging.getLogger(__name__)


def _index(table: str) -> str:
    return f"ix_{table}_name_key_trigram"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as error:
        log.warning("pg_trgm is not available (%s); name search will scan the tables", error.orig)
        return
    for table in TABLES:
        op.create_index(
            _index(table),
            table,
            ["name_key"],
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP INDEX IF EXISTS {_index(table)}")
