"""reference releases: newer rule parameters and base salary published by a province or district
for the units below it

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reference_release",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("origin_site_id", sa.Uuid(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("owner_unit_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('rule_parameters', 'base_salary')", name=op.f("ck_reference_release_kind_code")
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["admin_unit.id"], name=op.f("fk_reference_release_owner_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_release")),
    )
    op.create_index(op.f("ix_reference_release_kind"), "reference_release", ["kind"])
    op.create_index(op.f("ix_reference_release_owner_unit_id"), "reference_release", ["owner_unit_id"])


def downgrade() -> None:
    op.drop_table("reference_release")
