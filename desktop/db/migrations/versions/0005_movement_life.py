"""movement life: ceiling targets, pledged targets, files of movements and models, deeds proposed

A target such as the poverty rate is reached by going below it (`at_most`); a registration can
pledge values for a movement's targets; a movement keeps its plan and reports, and a model its
photos and articles, as files stored by content hash; a good deed remembers the proposal it
became.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def synced_columns(table: str) -> list[sa.Column | sa.Constraint]:
    """The columns every synced record carries (`models.base.SyncedRecord`)."""
    return [
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
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["admin_unit.id"], name=op.f(f"fk_{table}_owner_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    with op.batch_alter_table("movement_target") as batch:
        batch.add_column(sa.Column("at_most", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "registration_pledge",
        sa.Column("registration_id", sa.Uuid(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=True),
        *synced_columns("registration_pledge"),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_registration_pledge_registration_id_registration"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["movement_target.id"],
            name=op.f("fk_registration_pledge_target_id_movement_target"),
        ),
    )
    op.create_index(
        op.f("ix_registration_pledge_registration_id"), "registration_pledge", ["registration_id"]
    )
    op.create_index(op.f("ix_registration_pledge_owner_unit_id"), "registration_pledge", ["owner_unit_id"])
    op.create_table(
        "linked_document",
        sa.Column("movement_id", sa.Uuid(), nullable=True),
        sa.Column("model_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=False),
        *synced_columns("linked_document"),
        sa.CheckConstraint(
            "(movement_id IS NULL) <> (model_id IS NULL)", name=op.f("ck_linked_document_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movement.id"], name=op.f("fk_linked_document_movement_id_movement")
        ),
        sa.ForeignKeyConstraint(
            ["model_id"], ["exemplary_model.id"], name=op.f("fk_linked_document_model_id_exemplary_model")
        ),
        sa.ForeignKeyConstraint(
            ["attachment_sha256"],
            ["attachment.sha256"],
            name=op.f("fk_linked_document_attachment_sha256_attachment"),
        ),
    )
    for column in ("movement_id", "model_id", "owner_unit_id"):
        op.create_index(op.f(f"ix_linked_document_{column}"), "linked_document", [column])
    with op.batch_alter_table("good_deed") as batch:
        batch.add_column(sa.Column("promoted_proposal_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_good_deed_promoted_proposal_id_proposal", "proposal", ["promoted_proposal_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("good_deed") as batch:
        batch.drop_constraint("fk_good_deed_promoted_proposal_id_proposal", type_="foreignkey")
        batch.drop_column("promoted_proposal_id")
    op.drop_table("linked_document")
    op.drop_table("registration_pledge")
    with op.batch_alter_table("movement_target") as batch:
        batch.drop_column("at_most")
