"""site keys and peers: this site's signing and encryption keys, the sites it exchanges bundles with

The private keys are stored sealed under the administrator's password; peers are enrolled from
their public cards and are revoked, never deleted, so an old bundle from a revoked site is still
recognised and refused.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_keys",
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(length=32), nullable=False),
        sa.Column("encryption_public", sa.LargeBinary(length=32), nullable=False),
        sa.Column("sealed_private", sa.LargeBinary(), nullable=False),
        sa.Column("kdf_salt", sa.LargeBinary(length=16), nullable=False),
        sa.Column("kdf_ops", sa.Integer(), nullable=False),
        sa.Column("kdf_mem", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_site_keys_site_id_site")),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_site_keys")),
    )
    op.create_table(
        "peer_site",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("unit_code", sa.String(length=16), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(length=32), nullable=False),
        sa.Column("encryption_public", sa.LargeBinary(length=32), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("enrolled_by", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "role IN ('commune', 'district', 'province')", name=op.f("ck_peer_site_role_code")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_site")),
    )


def downgrade() -> None:
    op.drop_table("peer_site")
    op.drop_table("site_keys")
