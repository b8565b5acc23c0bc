"""change log: every write to a synced record, what each peer holds, bundles taken in, conflicts
and quarantined changes; the site's hybrid logical clock

Records written before this version have no change yet; `desktop.changes.capture.baseline` logs
each of them once, the first time the database is opened at this version.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("site") as batch:
        batch.add_column(sa.Column("clock_ms", sa.BigInteger(), server_default="0", nullable=False))
        batch.add_column(sa.Column("clock_count", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("peer_site") as batch:
        batch.add_column(sa.Column("unit_id", sa.Uuid(), nullable=True))
    op.create_table(
        "sync_route",
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("via_site_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_sync_route")),
    )
    op.create_table(
        "sync_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin_site_id", sa.Uuid(), nullable=False),
        sa.Column("origin_epoch", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("origin_unit_id", sa.Uuid(), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("previous", sa.Text(), nullable=False),
        sa.Column("bases", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_change")),
        sa.UniqueConstraint("origin_site_id", "origin_epoch", "seq", name="uq_sync_change_origin"),
    )
    op.create_index("ix_sync_change_record", "sync_change", ["record_id"])
    op.create_table(
        "sync_stream",
        sa.Column("origin_site_id", sa.Uuid(), nullable=False),
        sa.Column("origin_epoch", sa.Integer(), nullable=False),
        sa.Column("held", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("origin_site_id", "origin_epoch", name=op.f("pk_sync_stream")),
    )
    op.create_table(
        "sync_ack",
        sa.Column("peer_site_id", sa.Uuid(), nullable=False),
        sa.Column("origin_site_id", sa.Uuid(), nullable=False),
        sa.Column("origin_epoch", sa.Integer(), nullable=False),
        sa.Column("held", sa.BigInteger(), nullable=False),
        sa.Column("receipt_hlc", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("peer_site_id", "origin_site_id", "origin_epoch", name=op.f("pk_sync_ack")),
    )
    op.create_table(
        "sync_bundle",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("from_site_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=True),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_bundle")),
    )
    op.create_index(op.f("ix_sync_bundle_from_site_id"), "sync_bundle", ["from_site_id"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("base_value", sa.Text(), nullable=False),
        sa.Column("winner_key", sa.String(length=120), nullable=False),
        sa.Column("winner_value", sa.Text(), nullable=False),
        sa.Column("winner_author", sa.String(length=64), nullable=True),
        sa.Column("loser_key", sa.String(length=120), nullable=False),
        sa.Column("loser_value", sa.Text(), nullable=False),
        sa.Column("loser_author", sa.String(length=64), nullable=True),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
        sa.UniqueConstraint("record_id", "field", "winner_key", "loser_key", name="uq_sync_conflict_pair"),
    )
    op.create_index(op.f("ix_sync_conflict_record_id"), "sync_conflict", ["record_id"])
    op.create_table(
        "sync_quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change_key", sa.String(length=120), nullable=False),
        sa.Column("origin_site_id", sa.Uuid(), nullable=False),
        sa.Column("origin_epoch", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_quarantine")),
        sa.UniqueConstraint("change_key", name="uq_sync_quarantine_change"),
    )


def downgrade() -> None:
    for table in (
        "sync_route",
        "sync_quarantine",
        "sync_conflict",
        "sync_bundle",
        "sync_ack",
        "sync_stream",
        "sync_change",
    ):
        op.drop_table(table)
    with op.batch_alter_table("peer_site") as batch:
        batch.drop_column("unit_id")
    with op.batch_alter_table("site") as batch:
        batch.drop_column("clock_count")
        batch.drop_column("clock_ms")
