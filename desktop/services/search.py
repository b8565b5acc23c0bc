"""Find people, collectives and decisions by any part of a name, with or without accents.

On SQLite the FTS5 index answers (prefix match on every word, in any order); it never scans a
table. Results are capped, so a common surname among a million people costs no more than a rare one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Row, String, and_, bindparam, or_, select, text, type_coerce
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.i18n import N_, format_date
from desktop.models import AdminUnit, Collective, Decision, Person
from desktop.services.duplicates import merged_ids
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


MODELS = {"person": Person, "collective": Collective, "decision": Decision}
_FTS_MATCH = "FROM search_fts JOIN search_doc AS d ON d.id = search_fts.rowid WHERE search_fts MATCH"
"""The index match both the capped search and the list filters run (SQLite)."""


def _like_conditions(model: type, tokens: list[str]) -> list[ColumnElement[bool]]:
    """The portable fallback: every word starts a word of the key (scans; fine for small tables)."""
    return [or_(model.name_key.like(f"{token}%"), model.name_key.like(f"% {token}%")) for token in tokens]


def name_condition(session: Session, kind: str, query: str) -> ColumnElement[bool] | None:
    """A WHERE condition on `kind`'s table: its name matches every word of `query`; None if no words.

    Lists combine it with their own filters and ordering; on SQLite the FTS5 index answers.
    """
    tokens = search_tokens(query)
    if not tokens:
        return None
    model = MODELS[kind]
    if session.get_bind().dialect.name != "sqlite":
        return and_(*_like_conditions(model, tokens))
    matches = (
        text(f"SELECT d.record_id {_FTS_MATCH} :query_{kind} AND d.kind = '{kind}'")
        .bindparams(bindparam(f"query_{kind}", fts_query(tokens)))
        .columns(record_id=String)
    )
    return type_coerce(model.id, String).in_(matches)


def _matching_ids(session: Session, tokens: list[str], kinds: tuple[str, ...], limit: int) -> list[Row]:
    if session.get_bind().dialect.name == "sqlite":
        kind_list = ", ".join(f"'{kind}'" for kind in kinds)
        statement = text(
            f"SELECT d.kind, d.record_id {_FTS_MATCH} :query AND d.kind IN ({kind_list}) LIMIT :limit"
        )
        return list(session.execute(statement, {"query": fts_query(tokens), "limit": limit}))
    rows: list[Row] = []
    for kind in kinds:
        model = MODELS[kind]
        found = session.execute(
            select(text(f"'{kind}'"), model.id)
            .where(model.deleted_at.is_(None), *_like_conditions(model, tokens))
            .limit(limit)
        )
        rows.extend(found)
    return rows[:limit]


def _describe(session: Session, kind: str, ids: list[uuid.UUID]) -> list[SearchHit]:
    """The hits of one kind, in one query: only the columns a result line shows."""
    if kind == "person":
        rows = session.execute(
            select(Person.id, Person.full_name, Person.birth_date, Person.birth_year, AdminUnit.name)
            .outerjoin(AdminUnit, AdminUnit.id == Person.village_id)
            .where(Person.id.in_(ids), Person.id.not_in(merged_ids()))
        )
        return [
            SearchHit(
                kind,
                record_id,
                name,
                ", ".join(
                    part for part in (format_date(born) if born else str(year or ""), place or "") if part
                ),
            )
            for record_id, name, born, year, place in rows
        ]
    if kind == "collective":
        rows = session.execute(
            select(Collective.id, Collective.name, AdminUnit.name)
            .outerjoin(AdminUnit, AdminUnit.id == Collective.unit_id)
            .where(Collective.id.in_(ids))
        )
        return [SearchHit(kind, record_id, name, place or "") for record_id, name, place in rows]
    rows = session.execute(
        select(Decision.id, Decision.number, Decision.signed_on, Decision.summary).where(Decision.id.in_(ids))
    )
    return [
        SearchHit(kind, record_id, number, f"{format_date(signed_on)} — {summary}")
        for record_id, number, signed_on, summary in rows
    ]


def search(
    db: Database, query: str, kinds: tuple[str, ...] = KINDS, limit: int = DEFAULT_LIMIT
) -> list[SearchHit]:
    tokens = search_tokens(query)
    if not tokens:
        return []
    with db.session() as session:
        ids_by_kind: dict[str, list[uuid.UUID]] = {}
        for kind, record_id in _matching_ids(session, tokens, kinds, limit):
            ids_by_kind.setdefault(kind, []).append(uuid.UUID(str(record_id)))
        hits = [hit for kind, ids in ids_by_kind.items() for hit in _describe(session, kind, ids)]
        order = {kind: position for position, kind in enumerate(KINDS)}
        return sorted(hits, key=lambda hit: (order[hit.kind], hit.title.casefold()))
