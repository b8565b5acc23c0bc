"""The awards of the catalog in force as (code, name) choices, by name."""

from __future__ import annotations

from desktop.db import Database
from desktop.services.releases import award_catalog


def award_choices(db: Database) -> list[tuple[str, str]]:
    catalog = award_catalog(db)
    return sorted(
        ((code, catalog.name(code)) for code in catalog.known_codes()), key=lambda choice: choice[1]
    )
