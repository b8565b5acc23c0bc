"""proposal workflow: proposing unit, receipt and appraisal, override reasons, stored attachments

The upper level receives proposals from many communes (`from_unit_id`, `received_on`) and writes
its appraisal; an item that fails a rule goes ahead only with a written reason; dossier files
are kept in the database by content hash; a decision carries its legal-basis lines.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("from_unit_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("appraisal_note", sa.Text(), nullable=True))
        batch.create_index("ix_proposal_from_unit_id", ["from_unit_id"])
        batch.create_foreign_key(
            "fk_proposal_from_unit_id_admin_unit", "admin_unit", ["from_unit_id"], ["id"]
        )
    with op.batch_alter_table("proposal_item") as batch:
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
    # No version before this one wrote attachments, so the table is empty: SQLite copies it with
    # the column; PostgreSQL adds it in place (a copy would break the references to it).
    recreate = "always" if op.get_bind().dialect.name == "sqlite" else "never"
    with op.batch_alter_table("attachment", recreate=recreate) as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=False))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("legal_basis", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("legal_basis")
    with op.batch_alter_table("attachment") as batch:
        batch.drop_column("content")
    with op.batch_alter_table("proposal_item") as batch:
        batch.drop_column("override_reason")
    with op.batch_alter_table("proposal") as batch:
        batch.drop_constraint("fk_proposal_from_unit_id_admin_unit", type_="foreignkey")
        batch.drop_index("ix_proposal_from_unit_id")
        batch.drop_column("appraisal_note")
        batch.drop_column("received_on")
        batch.drop_column("from_unit_id")
