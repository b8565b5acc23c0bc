"""list indexes: people, collectives and awards in display order, tombstones left out

The people list at a million rows reads the ordered ids of every live person. Without these
partial indexes SQLite walks the name index and visits each row to test `deleted_at` (3.3 s at a
million people); with them it reads one index (0.5 s).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")
INDEXES = (
    ("ix_person_live_name", "person", ["name_key"]),
    ("ix_collective_live_name", "collective", ["name_key"]),
    ("ix_award_live_year", "award", ["year"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
