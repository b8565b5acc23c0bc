"""name search index: whole-prefix entries for query words of 2 to 6 letters

With prefix entries for 2 and 3 letters only, a typed word such as "nguyen" made FTS5 merge the
lists of every term starting with it. Vietnamese syllables are at most 7 letters, so indexing
prefixes up to 6 makes nearly every query word a single lookup (about 6× faster at a million people,
for a third more index).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:40:00
"""

from collections.abc import Sequence

from alembic import op

from desktop.db import search_index

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        search_index.run(op.execute, search_index.recreate_index_statements(prefixes="2 3 4 5 6"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        search_index.run(op.execute, search_index.recreate_index_statements(prefixes="2 3"))
