"""quarantined changes found by what they wait for, not read whole at every import

20,000 changes waiting for a record that never came made every later import read and retry all
of them (8-9 s instead of 2 s). An import now asks only for those waiting for what it brings.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


INDEXES = {
    "ix_sync_quarantine_awaits": ["reason", "detail"],
    "ix_sync_quarantine_record": ["record_id"],
    "ix_sync_quarantine_origin": ["origin_site_id", "reason"],
}


def upgrade() -> None:
    existing = {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("sync_quarantine")}
    for name, columns in INDEXES.items():
        if name not in existing:  # else a file marked older than it is (a test makes one)
            op.create_index(name, "sync_quarantine", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "sync_quarantine")
