"""The award history of one person or collective, year by year: what the detail panel shows.

Awards come with the decision that granted them (number, date, issuing body), so an officer can
cite it in a new dossier; ratings, initiatives and discipline sit beside them because the rules
read them too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import DisciplineLevel, InitiativeScope
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import N_, _, format_date
from desktop.labels import RATING, label
from desktop.models import (
    AdminUnit,
    Award,
    Collective,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    Person,
    TaskRating,
)
from desktop.services.duplicates import records_of
from desktop.services.releases import catalog_in_force

ENTRY_KINDS = {
    "award": N_("Award"),
    "rating": N_("Rating"),
    "initiative": N_("Initiative"),
    "discipline": N_("Discipline"),
}
INITIATIVE_SCOPE = {
    InitiativeScope.CO_SO: N_("grassroots effect"),
    InitiativeScope.TINH: N_("provincial effect"),
    InitiativeScope.TOAN_QUOC: N_("national effect"),
}
DISCIPLINE_LEVEL = {
    DisciplineLevel.KHIEN_TRACH: N_("Reprimand (khiển trách)"),
    DisciplineLevel.CANH_CAO: N_("Warning (cảnh cáo)"),
    DisciplineLevel.HA_BAC_LUONG: N_("Salary downgrade (hạ bậc lương)"),
    DisciplineLevel.GIANG_CHUC: N_("Demotion (giáng chức)"),
    DisciplineLevel.CACH_CHUC: N_("Dismissal from post (cách chức)"),
    DisciplineLevel.BUOC_THOI_VIEC: N_("Forced resignation (buộc thôi việc)"),
}
_ORDER = {"award": 0, "rating": 1, "initiative": 2, "discipline": 3}


@dataclass(frozen=True)
class TimelineEntry:
    year: int | None
    kind: str
    title: str
    detail: str
    revoked: bool = False


def _awards(session: Session, subject_column, subject_id: uuid.UUID) -> list[TimelineEntry]:
    rows = session.execute(
        select(Award, Decision.number, Decision.signed_on, AdminUnit.name)
        .join(Decision, Decision.id == Award.decision_id)
        .join(AdminUnit, AdminUnit.id == Decision.issuer_unit_id)
        .where(subject_column == subject_id, Award.deleted_at.is_(None))
    )
    catalog = catalog_in_force(session)
    entries = []
    for award, number, signed_on, issuer in rows:
        detail = _("Decision {number} of {date}, {issuer}").format(
            number=number, date=format_date(signed_on), issuer=issuer
        )
        if award.revoked_on is not None:
            detail += " — " + _("revoked on {date}").format(date=format_date(award.revoked_on))
        year = award.year if award.year is not None else signed_on.year
        entries.append(
            TimelineEntry(year, "award", catalog.name(award.award_code), detail, award.revoked_on is not None)
        )
    return entries


def _ratings(session: Session, subject_column, subject_id: uuid.UUID) -> list[TimelineEntry]:
    rows = session.scalars(
        select(TaskRating).where(subject_column == subject_id, TaskRating.deleted_at.is_(None))
    )
    return [
        TimelineEntry(rating.year, "rating", label(RATING, rating.rating), rating.rated_by or "")
        for rating in rows
    ]


def _person_only(session: Session, person_id: uuid.UUID) -> list[TimelineEntry]:
    entries = []
    initiatives = session.scalars(
        select(Initiative)
        .join(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id)
        .where(
            InitiativeAuthor.person_id == person_id,
            InitiativeAuthor.deleted_at.is_(None),
            Initiative.deleted_at.is_(None),
        )
    )
    for initiative in initiatives:
        parts = [label(INITIATIVE_SCOPE, initiative.scope), initiative.recognition_number or ""]
        year = initiative.recognised_on.year if initiative.recognised_on else None
        entries.append(
            TimelineEntry(year, "initiative", initiative.title, ", ".join(part for part in parts if part))
        )
    measures = session.scalars(
        select(Discipline).where(Discipline.person_id == person_id, Discipline.deleted_at.is_(None))
    )
    for measure in measures:
        detail = _("Decided on {date}").format(date=format_date(measure.decided_on))
        if measure.effective_until is not None:
            detail += ", " + _("in force until {date}").format(date=format_date(measure.effective_until))
        entries.append(
            TimelineEntry(
                measure.decided_on.year, "discipline", label(DISCIPLINE_LEVEL, measure.level), detail
            )
        )
    return entries


def _person(session: Session, person_id: uuid.UUID) -> list[TimelineEntry]:
    """A person's own entries and those of the records merged into it, each marked with the commune
    that keeps it, so the officer sees why an award entered elsewhere counts here."""
    entries = []
    records = records_of(session, person_id)
    for record in records:
        found = _awards(session, Award.person_id, record)
        found += _ratings(session, TaskRating.person_id, record)
        found += _person_only(session, record)
        if record != records[0]:
            merged = session.get(Person, record)
            owner = session.get(AdminUnit, merged.owner_unit_id) if merged and merged.owner_unit_id else None
            note = _("merged record kept by {unit}").format(unit=owner.name if owner else "—")
            found = [replace(entry, detail=" — ".join(filter(None, (entry.detail, note)))) for entry in found]
        entries += found
    return entries


def subject_timeline(db: Database, subject_id: uuid.UUID) -> list[TimelineEntry]:
    """Everything on record about a person or collective, newest year first."""
    with db.session() as session:
        if session.get(Person, subject_id) is not None:
            entries = _person(session, subject_id)
        elif session.get(Collective, subject_id) is not None:
            entries = _awards(session, Award.collective_id, subject_id)
            entries += _ratings(session, TaskRating.collective_id, subject_id)
        else:
            raise NotFoundError(_("No person or collective has this id."))
    return sorted(entries, key=lambda entry: (-(entry.year or 0), _ORDER[entry.kind], entry.title))
