"""Emulation movements (phong trào thi đua)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from desktop.db import Database
from desktop.models import Movement


def movement_names(db: Database) -> list[tuple[uuid.UUID, str]]:
    """Every live movement as (id, name), newest first: the choices of a movement filter."""
    with db.session() as session:
        rows = session.execute(
            select(Movement.id, Movement.name)
            .where(Movement.deleted_at.is_(None))
            .order_by(Movement.start_date.desc(), Movement.name)
        )
        return [(movement_id, name) for movement_id, name in rows]
