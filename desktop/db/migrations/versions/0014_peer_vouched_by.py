"""a peer enrolled on another site's word remembers whose, so the office sees it beside the name

A province takes the cards of a district's communes from the district's bundles. Until now only
the activity log said so; the list of connected offices now shows it. Peers enrolled before are
filled in from that log.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 04:10:00
"""

import json
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    columns = {column["name"] for column in sa.inspect(connection).get_columns("peer_site")}
    if "vouched_by_site_id" not in columns:  # else a file marked older than it is (a test makes one)
        op.add_column("peer_site", sa.Column("vouched_by_site_id", sa.Uuid(), nullable=True))
    peers = sa.table("peer_site", sa.column("id", sa.Uuid()), sa.column("vouched_by_site_id", sa.Uuid()))
    enrolled = connection.execute(
        sa.text("SELECT record_id, details FROM audit_entry WHERE action = 'sync.enroll'")
    ).all()
    for record_id, details in enrolled:
        via = json.loads(details or "{}").get("via")
        if via and record_id:
            connection.execute(
                peers.update()
                .where(peers.c.id == uuid.UUID(record_id))
                .values(vouched_by_site_id=uuid.UUID(via))
            )


def downgrade() -> None:
    with op.batch_alter_table("peer_site") as table:
        table.drop_column("vouched_by_site_id")
