"""quarantined changes found by what they wait for; the audit trail's head kept and signed

20,000 changes waiting for a record that never came made every later import read and retry all
of them (8-9 s instead of 2 s). An import now asks only for those waiting for what it brings.

A missing head of the audit trail is now a break, and so is a missing signature of it: a file
written before either existed gets its head recorded as it stands, and its signature marked
pending until the site's key is next open (the first exchange signs it).

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
    connection = op.get_bind()
    last = connection.execute(sa.text("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")).first()
    if last is None:
        return
    settings = dict(connection.execute(sa.text("SELECT key, value FROM setting")).all())
    missing = {"audit.head": f"{last.id}:{last.hash}", "audit.signed_head": "pending"}
    for key, value in missing.items():
        if key not in settings:
            connection.execute(
                sa.text("INSERT INTO setting (key, value) VALUES (:k, :v)"), {"k": key, "v": value}
            )


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "sync_quarantine")
