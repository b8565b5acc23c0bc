"""The award catalog, read from `resources/catalog/` (data, not code).

The rules engine and the database seeding read the same files, so what the engine checks and what
the database lists can never disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from desktop.paths import resource


@cache
def read_catalog(name: str) -> dict[str, Any]:
    """A catalog file, read once per process (the catalog changes only with an update)."""
    return json.loads(resource("catalog", name).read_text(encoding="utf-8"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class AwardEntry:
    """One version of an award type: who confers it and what it pays, between two dates."""

    code: str
    name: str
    subject: str
    form: str
    conferring_level: str
    conferrer: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: str
    reward_multiplier: Decimal | None
    annual: bool

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@cache
def catalog_version() -> str:
    return str(read_catalog("award_types.json")["catalog_version"])


@cache
def award_entries() -> tuple[AwardEntry, ...]:
    return tuple(
        AwardEntry(
            code=row["code"],
            name=row["name"],
            subject=row["subject"],
            form=row["form"],
            conferring_level=row["conferring_level"],
            conferrer=row["conferrer"],
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
            legal_basis=row["legal_basis"],
            reward_multiplier=(
                Decimal(str(row["reward_multiplier"])) if row["reward_multiplier"] is not None else None
            ),
            annual=row["annual"],
        )
        for row in read_catalog("award_types.json")["award_types"]
    )


def known_codes() -> set[str]:
    return {entry.code for entry in award_entries()}


@cache
def award_entry(code: str, day: dt.date) -> AwardEntry | None:
    """The version of `code` in force on `day`, or None when the award did not exist then."""
    for entry in award_entries():
        if entry.code == code and entry.valid_on(day):
            return entry
    return None


def award_name(code: str) -> str:
    """The latest official name of an award (names are Vietnamese in every language)."""
    names = [entry.name for entry in award_entries() if entry.code == code]
    return names[-1] if names else code


def conferrer_title(conferrer: str) -> str:
    """The official title of who confers an award ("Chủ tịch UBND cấp xã")."""
    return str(read_catalog("award_types.json")["conferrers"].get(conferrer, conferrer))
