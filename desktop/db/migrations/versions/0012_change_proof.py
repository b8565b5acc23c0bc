"""each logged change keeps its origin's signature, so a relay can pass it on provably

A site signs its own changes as it sends them; a site that relays another's changes (a district
its communes', a commune a restored province's own) keeps the signature that came with each, and
the next site checks it. Changes logged before keep an empty proof.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if "proof" in {column["name"] for column in sa.inspect(op.get_bind()).get_columns("sync_change")}:
        return  # a file marked older than it is, as a test of the 0010 upgrade makes one
    op.add_column("sync_change", sa.Column("proof", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("sync_change") as table:
        table.drop_column("proof")
