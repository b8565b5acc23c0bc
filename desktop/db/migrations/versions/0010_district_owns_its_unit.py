"""a district site owns its own unit record, so the record travels up before the district's own

A district's unit is made at set-up (districts left the official list in 2025). It had no owner,
so it was never logged nor sent, and every record the district kept itself waited for it at the
province. The unit now owns itself, and the baseline of the change log runs once more at the next
opening: it logs that unit, the one kept record not logged yet.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASELINE_KEY = "sync.baseline_logged"  # desktop.changes.capture's, frozen here with this revision


def upgrade() -> None:
    bind = op.get_bind()
    site = bind.execute(sa.text("SELECT home_unit_id, role FROM site")).first()
    if site is None or site.role != "district":
        return
    owned = bind.execute(
        sa.text("UPDATE admin_unit SET owner_unit_id = id WHERE id = :home AND owner_unit_id IS NULL"),
        {"home": site.home_unit_id},
    )
    if owned.rowcount:
        bind.execute(sa.text("DELETE FROM setting WHERE key = :key"), {"key": BASELINE_KEY})


def downgrade() -> None:
    """The unit keeps its owner: taking it away again would orphan the change already sent."""
