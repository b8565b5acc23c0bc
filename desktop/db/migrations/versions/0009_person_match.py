"""person matches: the same person recorded in two communes, merged or told apart at the upper level

The ID-card number stays unique among one owner's live people only: a province must be able to
hold the card under two communes until someone reviews the pair.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE_CARD = sa.text("id_number IS NOT NULL AND deleted_at IS NULL")


def upgrade() -> None:
    # Indexes change in place: a batch copy of the person table would drop its search triggers.
    op.drop_index("uq_person_id_number_live", table_name="person")
    op.create_index(
        "uq_person_owner_id_number_live",
        "person",
        ["owner_unit_id", "id_number"],
        unique=True,
        sqlite_where=LIVE_CARD,
        postgresql_where=LIVE_CARD,
    )
    op.create_table(
        "person_match",
        sa.Column("kept_person_id", sa.Uuid(), nullable=False),
        sa.Column("other_person_id", sa.Uuid(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
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
        sa.CheckConstraint("verdict IN ('same', 'different')", name=op.f("ck_person_match_verdict_code")),
        sa.CheckConstraint("kept_person_id <> other_person_id", name=op.f("ck_person_match_two_people")),
        sa.ForeignKeyConstraint(
            ["kept_person_id"], ["person.id"], name=op.f("fk_person_match_kept_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["other_person_id"], ["person.id"], name=op.f("fk_person_match_other_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["admin_unit.id"], name=op.f("fk_person_match_owner_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_match")),
    )
    for column in ("kept_person_id", "other_person_id", "owner_unit_id"):
        op.create_index(op.f(f"ix_person_match_{column}"), "person_match", [column])


def downgrade() -> None:
    op.drop_table("person_match")
    op.drop_index("uq_person_owner_id_number_live", table_name="person")
    op.create_index(
        "uq_person_id_number_live",
        "person",
        ["id_number"],
        unique=True,
        sqlite_where=LIVE_CARD,
        postgresql_where=LIVE_CARD,
    )
