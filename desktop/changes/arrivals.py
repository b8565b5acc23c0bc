"""What the domain does when changes from another office have just been applied here.

The import (`sync.exchange`) knows records, not workflows. The service that owns a kind of record
registers what its arrival sets off (the inbox receives a commune's proposal; a newer award
catalog is listed), and the import calls it, in its own transaction, with the records it applied.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session

Reaction = Callable[[Session, str | None, list[uuid.UUID]], int]
"""Given the session, who imports and the ids of one table's applied records: how many it acted on."""

_reactions: dict[str, list[tuple[str, Reaction]]] = {}


def on_arrival(table: str, outcome: str) -> Callable[[Reaction], Reaction]:
    """Register the decorated function for the records of `table`; its count is reported as
    `outcome` in the import's result."""

    def register(reaction: Reaction) -> Reaction:
        _reactions.setdefault(table, []).append((outcome, reaction))
        return reaction

    return register


def react(session: Session, username: str | None, applied: Iterable[tuple[str, uuid.UUID]]) -> dict[str, int]:
    """Call the reactions registered for the tables of the `(table, id)` pairs applied, each once
    with that table's ids in order; the counts by outcome."""
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, record in applied:
        if table in _reactions:
            by_table.setdefault(table, []).append(record)
    outcomes: dict[str, int] = {}
    for table, records in by_table.items():
        for outcome, reaction in _reactions[table]:
            outcomes[outcome] = outcomes.get(outcome, 0) + reaction(session, username, records)
    return outcomes
