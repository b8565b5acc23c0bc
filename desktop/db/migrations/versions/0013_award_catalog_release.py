"""a province may publish the award catalog as a release, as it publishes the rule parameters

A decree that renames an award, moves who confers it or changes what it pays reaches the communes
with the next bundles, not with the next version of Sổ Vàng.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-22 23:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("rule_parameters", "base_salary", "award_catalog")  # desktop.codes.ReleaseKind, frozen here


def _kinds(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("reference_release") as table:
        table.drop_constraint(op.f("ck_reference_release_kind_code"), type_="check")
        table.create_check_constraint(op.f("ck_reference_release_kind_code"), f"kind IN ({listed})")


def upgrade() -> None:
    _kinds(KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM reference_release WHERE kind = 'award_catalog'")
    _kinds(KINDS[:2])
