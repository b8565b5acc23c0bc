"""Saving the rows of an office's old lists (Excel, CSV, Word tables), once `reports.excel_import`
has read and checked them: people, collectives, and awards under their decisions. All or nothing,
after a backup of what was there before."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import DecisionKind, UnitLevel
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Award, Decision, Person, Setting, Site
from desktop.rules.catalog import Catalog
from desktop.services import audit
from desktop.services.auto_backup import BEFORE_IMPORT, automatic_backup
from desktop.services.collectives import collective_row
from desktop.services.decisions import DecisionFields, decision_row
from desktop.services.people import PersonFields, fillable, person_row
from desktop.services.units import village_kind, village_row
from desktop.text import nfc, search_key

IMPORTED_SUMMARY = "Về việc khen thưởng (nhập từ sổ theo dõi cũ)"
"""The summary of a decision known only from an old list's row."""
AWARD_NAMES_SETTING = "import.award_names"
"""The award names officers mapped by hand, remembered for the next file (JSON: text → code)."""


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


@dataclass
class Batch:
    """What one import saves: the rows of list `kind`, the villages and people they name that are
    created with them (their ids were given when the file was read), and the empty fields of
    people already recorded that the file fills."""

    kind: str
    records: Sequence[Any]
    new_villages: dict[uuid.UUID, str] = field(default_factory=dict)
    new_people: dict[uuid.UUID, PersonFields] = field(default_factory=dict)
    fills: dict[uuid.UUID, PersonFields] = field(default_factory=dict)


def _save_villages(session: Session, names: dict[uuid.UUID, str]) -> None:
    if not names:
        return
    commune = session.get(AdminUnit, session.scalars(select(Site.home_unit_id)).one())
    if commune is None or commune.level != UnitLevel.COMMUNE.value:
        raise ValidationError("village", _("Villages are added by their commune's office."))
    for village_id, name in names.items():
        session.add(village_row(name, village_kind(name), commune.id, village_id))
    session.flush()


def _fill_people(session: Session, fills: dict[uuid.UUID, PersonFields]) -> None:
    for person_id, fields in fills.items():
        person = session.get(Person, person_id)
        if person is not None:
            for name, value in fillable(person, fields).items():
                setattr(person, name, value)


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


def save_rows(db: Database, username: str, batch: Batch) -> int:
    """Save a checked import in one transaction, after a backup: the villages and people it
    creates, the rows, the empty fields it fills; how many rows."""
    if batch.kind not in WRITERS:
        raise ValidationError("kind", _("Unknown list to import: {kind}.").format(kind=batch.kind))
    write, action = WRITERS[batch.kind]
    automatic_backup(db, BEFORE_IMPORT)
    with db.transaction(username) as session:
        _save_villages(session, batch.new_villages)
        for person_id, fields in batch.new_people.items():
            session.add(person_row(fields, person_id))
        session.flush()
        write(session, batch.records)
        _fill_people(session, batch.fills)
        audit.record(
            session,
            action,
            username,
            batch.kind,
            None,
            {
                "rows": len(batch.records),
                "villages": len(batch.new_villages),
                "people": len(batch.new_people),
                "filled": len(batch.fills),
            },
        )
    return len(batch.records)


def remember_award_names(db: Database, username: str, chosen: dict[str, str], catalog: Catalog) -> None:
    """Keep the officer's answers to "which award is this?" for the next file: text → code."""
    unknown = set(chosen.values()) - catalog.known_codes()
    if unknown:
        raise ValidationError(
            "award", _("Unknown award code: {code}.").format(code=", ".join(sorted(unknown)))
        )
    with db.transaction(username) as session:
        row = session.get(Setting, AWARD_NAMES_SETTING)
        known = json.loads(row.value) if row is not None else {}
        known.update({nfc(text): code for text, code in chosen.items()})
        value = json.dumps(known, ensure_ascii=False, sort_keys=True)
        if row is None:
            session.add(Setting(key=AWARD_NAMES_SETTING, value=value))
        else:
            row.value = value
        audit.record(session, "import.award_names", username, "setting", None, {"names": len(chosen)})
