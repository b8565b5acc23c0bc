"""Saving the rows of an office's old lists (Excel, CSV, Word tables), once `reports.excel_import`
has read and checked them: people, collectives, and awards under their decisions. All or nothing,
after a backup of what was there before."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import DecisionKind
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import Award, Decision
from desktop.services import audit
from desktop.services.auto_backup import BEFORE_IMPORT, automatic_backup
from desktop.services.collectives import collective_row
from desktop.services.decisions import DecisionFields, decision_row
from desktop.services.people import person_row
from desktop.text import search_key

IMPORTED_SUMMARY = "Về việc khen thưởng (nhập từ sổ theo dõi cũ)"
"""The summary of a decision known only from an old list's row."""


@dataclass(frozen=True)
class PastAward:
    """One award of the history, resolved to records: who, what, which year, which decision."""

    person_id: uuid.UUID | None
    collective_id: uuid.UUID | None
    subject_name: str
    award_code: str
    year: int
    decision_number: str
    signed_on: dt.date
    issuer_unit_id: uuid.UUID
    authority: str
    achievement: str | None
    golden_book_number: str | None


def _save_people(session: Session, records: Sequence[Any]) -> None:
    for fields in records:
        session.add(person_row(fields))


def _save_collectives(session: Session, records: Sequence[Any]) -> None:
    for fields in records:
        session.add(collective_row(fields))


def _save_awards(session: Session, records: Sequence[PastAward]) -> None:
    """Each award under its decision: found by issuer, number and year, or recorded anew."""
    decisions: dict[tuple[uuid.UUID, str, int], uuid.UUID] = {
        (issuer, number_key, signed_on.year): decision_id
        for decision_id, issuer, number_key, signed_on in session.execute(
            select(Decision.id, Decision.issuer_unit_id, Decision.number_key, Decision.signed_on).where(
                Decision.deleted_at.is_(None)
            )
        )
    }
    for record in records:
        key = (record.issuer_unit_id, search_key(record.decision_number), record.signed_on.year)
        if key not in decisions:
            fields = DecisionFields(
                record.decision_number,
                record.signed_on,
                IMPORTED_SUMMARY,
                issuer_unit_id=record.issuer_unit_id,
            )
            decision = decision_row(fields, DecisionKind.AWARD.value, record.authority)
            session.add(decision)
            session.flush()
            decisions[key] = decision.id
        session.add(
            Award(
                decision_id=decisions[key],
                person_id=record.person_id,
                collective_id=record.collective_id,
                award_code=record.award_code,
                year=record.year,
                achievement=record.achievement,
                golden_book_number=record.golden_book_number,
            )
        )


WRITERS: dict[str, tuple[Callable[[Session, Sequence[Any]], None], str]] = {
    "people": (_save_people, "person.import"),
    "collectives": (_save_collectives, "collective.import"),
    "awards": (_save_awards, "award.import"),
}
"""Each list's writer, and the audit entry of its import."""


def save_rows(db: Database, username: str, kind: str, records: Sequence[Any]) -> int:
    """Save the checked rows of list `kind` in one transaction, after a backup; how many."""
    if kind not in WRITERS:
        raise ValidationError("kind", _("Unknown list to import: {kind}.").format(kind=kind))
    write, action = WRITERS[kind]
    automatic_backup(db, BEFORE_IMPORT)
    with db.transaction(username) as session:
        write(session, records)
        audit.record(session, action, username, kind, None, {"rows": len(records)})
    return len(records)
