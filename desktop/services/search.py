"""Find people, collectives and decisions by any part of a name, with or without accents.

On SQLite the FTS5 index answers (prefix match on every word, in any order); it never scans a
table. Results are capped, so a common surname among a million people costs no more than a rare one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Row, or_, select, text
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.i18n import N_, format_date
from desktop.models import AdminUnit, Collective, Decision, Person
from desktop.text import search_tokens

KINDS = ("person", "collective", "decision")
KIND_LABELS = {"person": N_("Person"), "collective": N_("Collective"), "decision": N_("Decision")}
"""What each kind of hit is called on screen (translate with `_()` when shown)."""
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: uuid.UUID
    title: str
    detail: str


def fts_query(tokens: list[str]) -> str:
    """Every word must start a word of the name: `"nguyen"* "van"* "duc"*`."""
    return " ".join(f'"{token}"*' for token in tokens)


def _matching_ids(session: Session, tokens: list[str], kinds: tuple[str, ...], limit: int) -> list[Row]:
    if session.get_bind().dialect.name == "sqlite":
        kind_list = ", ".join(f"'{kind}'" for kind in kinds)
        statement = text(
            "SELECT d.kind, d.record_id FROM search_fts JOIN search_doc AS d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH :query AND d.kind IN ({kind_list}) LIMIT :limit"
        )
        return list(session.execute(statement, {"query": fts_query(tokens), "limit": limit}))
    rows: list[Row] = []
    for kind, model in (("person", Person), ("collective", Collective), ("decision", Decision)):
        if kind not in kinds:
            continue
        conditions = [
            or_(model.name_key.like(f"{token}%"), model.name_key.like(f"% {token}%")) for token in tokens
        ]
        found = session.execute(
            select(text(f"'{kind}'"), model.id).where(model.deleted_at.is_(None), *conditions).limit(limit)
        )
        rows.extend(found)
    return rows[:limit]


def _describe(session: Session, kind: str, record_id: uuid.UUID) -> SearchHit | None:
    if kind == "person":
        person = session.get(Person, record_id)
        if person is None:
            return None
        village = session.get(AdminUnit, person.village_id) if person.village_id else None
        born = format_date(person.birth_date) if person.birth_date else (str(person.birth_year or ""))
        detail = ", ".join(part for part in (born, village.name if village else "") if part)
        return SearchHit(kind, person.id, person.full_name, detail)
    if kind == "collective":
        collective = session.get(Collective, record_id)
        if collective is None:
            return None
        unit = session.get(AdminUnit, collective.unit_id) if collective.unit_id else None
        return SearchHit(kind, collective.id, collective.name, unit.name if unit else "")
    decision = session.get(Decision, record_id)
    if decision is None:
        return None
    return SearchHit(
        kind, decision.id, decision.number, f"{format_date(decision.signed_on)} — {decision.summary}"
    )


def search(
    db: Database, query: str, kinds: tuple[str, ...] = KINDS, limit: int = DEFAULT_LIMIT
) -> list[SearchHit]:
    tokens = search_tokens(query)
    if not tokens:
        return []
    with db.session() as session:
        hits = []
        for kind, record_id in _matching_ids(session, tokens, kinds, limit):
            hit = _describe(session, kind, uuid.UUID(str(record_id)))
            if hit is not None:
                hits.append(hit)
        order = {kind: position for position, kind in enumerate(KINDS)}
        return sorted(hits, key=lambda hit: (order[hit.kind], hit.title.casefold()))
