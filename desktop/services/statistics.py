"""The unit's annual figures: awards by title, gender, ethnicity, occupation, village and year,
against the year before, and the Ministry's statistical forms filled from the same counts.

An award counts in the year its decision was signed, unless revoked. Counting runs as a few
GROUP BY queries, so a database of 100,000 awards is summed in well under a second.

The statistical forms (TT 02/2023/TT-BNV, 0601–0605) are templates kept as data in
`resources/reports/forms/`: rows and columns are filters over the same counts, so a newer form
(TT 18/2025) is a new file, not new code. Rows the database cannot know (the staff doing TĐKT
work) are marked `manual` and printed blank for the officer to fill in.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from desktop.codes import CollectiveKind, Occupation, SubjectKind
from desktop.db import Database
from desktop.models import AdminUnit, Award, Collective, Decision, EthnicGroup, Movement, Person, Proposal
from desktop.paths import resource
from desktop.rules.catalog import Catalog
from desktop.services.documents import GENDER_TEXT, Issuer, issuer_of
from desktop.services.releases import catalog_in_force

SUBJECT_TEXT = {SubjectKind.PERSON: "Cá nhân", SubjectKind.HOUSEHOLD: "Hộ gia đình"}
"""Each kind of subject as the annual report names it (a collective otherwise)."""
OCCUPATION_TEXT = {
    Occupation.LEADER.value: "Lãnh đạo, quản lý",
    Occupation.CIVIL_SERVANT.value: "Cán bộ, công chức, viên chức",
    Occupation.WORKER.value: "Công nhân, người lao động",
    Occupation.FARMER.value: "Nông dân",
    Occupation.STUDENT.value: "Học sinh, sinh viên",
    Occupation.OTHER.value: "Khác",
}
UNKNOWN = "Chưa ghi"
YEARS_SHOWN = 10


@dataclass(frozen=True)
class AwardGroup:
    """Awards of one year sharing every property a report breaks down by."""

    year: int
    award_code: str
    subject: str
    """A `SubjectKind` value."""
    gender: str
    ethnicity: str
    occupation: str
    village: str
    method: str
    """The proposal's kind (regular, thematic, adhoc …), "" when the decision answered none."""
    count: int


@dataclass(frozen=True)
class Breakdown:
    title: str
    rows: tuple[tuple[str, int, int], ...]
    """(label, this year, previous year), largest first."""


@dataclass(frozen=True)
class FormTable:
    code: str
    title: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str, tuple[int | None, ...]], ...]
    """(row code, label, cells); None marks a cell the officer fills in by hand."""


@dataclass(frozen=True)
class AnnualReport:
    year: int
    issuer: Issuer
    total: int
    previous_total: int
    breakdowns: tuple[Breakdown, ...]
    by_year: tuple[tuple[int, int], ...]
    forms: tuple[FormTable, ...]


def award_groups(db: Database, first_year: int, last_year: int) -> list[AwardGroup]:
    """Counts of live, unrevoked awards decided in these years, grouped by every breakdown."""
    year = func.cast(func.strftime("%Y", Decision.signed_on), type_=Award.year.type)
    if db.engine.dialect.name != "sqlite":
        year = func.cast(func.extract("year", Decision.signed_on), type_=Award.year.type)
    subject = case(
        (Award.person_id.is_not(None), SubjectKind.PERSON.value),
        (Collective.kind == CollectiveKind.HOUSEHOLD.value, SubjectKind.HOUSEHOLD.value),
        else_=SubjectKind.COLLECTIVE.value,
    )
    village = func.coalesce(Person.village_id, Collective.unit_id)
    statement = (
        select(
            year,
            Award.award_code,
            subject,
            Person.gender,
            EthnicGroup.name,
            Person.occupation,
            AdminUnit.name,
            Proposal.kind,
            func.count(),
        )
        .join(Decision, Decision.id == Award.decision_id)
        .outerjoin(Person, Person.id == Award.person_id)
        .outerjoin(Collective, Collective.id == Award.collective_id)
        .outerjoin(EthnicGroup, EthnicGroup.code == Person.ethnic_code)
        .outerjoin(AdminUnit, AdminUnit.id == village)
        .outerjoin(Proposal, Proposal.id == Decision.proposal_id)
        .where(
            Award.deleted_at.is_(None),
            Award.revoked_on.is_(None),
            Decision.deleted_at.is_(None),
            Decision.signed_on >= dt.date(first_year, 1, 1),
            Decision.signed_on <= dt.date(last_year, 12, 31),
        )
        .group_by(
            year,
            Award.award_code,
            subject,
            Person.gender,
            EthnicGroup.name,
            Person.occupation,
            AdminUnit.name,
            Proposal.kind,
        )
    )
    with db.session() as session:
        return [
            AwardGroup(
                int(y),
                code,
                kind,
                gender or "",
                ethnic or "",
                occupation or "",
                village_name or "",
                method or "",
                count,
            )
            for y, code, kind, gender, ethnic, occupation, village_name, method, count in session.execute(
                statement
            )
        ]


def _breakdown(title: str, groups: Iterable[AwardGroup], year: int, label) -> Breakdown:
    now: Counter[str] = Counter()
    before: Counter[str] = Counter()
    for group in groups:
        key = label(group)
        if key is None:
            continue
        if group.year == year:
            now[key] += group.count
        elif group.year == year - 1:
            before[key] += group.count
    keys = sorted(set(now) | set(before), key=lambda k: (-now[k], -before[k], k))
    return Breakdown(title, tuple((key, now[key], before[key]) for key in keys))


@dataclass(frozen=True)
class _Movement:
    kind: str
    origin: str
    days: int


def _movements(db: Database, year: int) -> list[_Movement]:
    with db.session() as session:
        rows = session.execute(
            select(Movement.kind, Movement.origin, Movement.start_date, Movement.end_date).where(
                Movement.deleted_at.is_(None),
                (Movement.start_date.is_(None)) | (Movement.start_date <= dt.date(year, 12, 31)),
                (Movement.end_date.is_(None)) | (Movement.end_date >= dt.date(year, 1, 1)),
            )
        ).all()
    return [
        _Movement(kind, origin, (end - start).days if start and end else 365)
        for kind, origin, start, end in rows
    ]


def _matches(record: Any, rule: dict[str, Any], levels: dict[str, str]) -> bool:
    """Does an award group or a movement satisfy one row's or column's filter?"""
    for key, wanted in rule.items():
        if key == "award_codes" and record.award_code not in wanted:
            return False
        if key == "conferring_levels" and levels.get(record.award_code) not in wanted:
            return False
        if (
            key in ("subject", "method", "occupation", "kind", "origin")
            and getattr(record, key) not in wanted
        ):
            return False
        if key == "min_days" and record.days < wanted:
            return False
        if key == "max_days" and record.days >= wanted:
            return False
    return True


def fill_form(
    template: dict[str, Any], catalog: Catalog, groups: list[AwardGroup], movements: list[_Movement]
) -> FormTable:
    """Each cell counts the records matching both its row's and its column's filter."""
    levels: dict[str, str] = {}
    for entry in catalog.entries:
        levels.setdefault(entry.code, entry.conferring_level)
    counted = template["counts"]
    records: list[Any] = movements if counted == "movements" else groups
    rows = []
    for row in template["rows"]:
        cells: list[int | None] = []
        for column in template["columns"]:
            if row.get("manual") or column.get("manual"):
                cells.append(None)
                continue
            rule = {**row.get("filter", {}), **column.get("filter", {})}
            cells.append(
                sum(
                    (getattr(record, "count", 1) for record in records if _matches(record, rule, levels)),
                    0,
                )
            )
        rows.append((row["code"], row["label"], tuple(cells)))
    return FormTable(
        template["code"],
        template["title"],
        template.get("unit", ""),
        tuple(column["label"] for column in template["columns"]),
        tuple(rows),
    )


def form_templates() -> list[dict[str, Any]]:
    folder = resource("reports", "forms")
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def annual_report(db: Database, year: int) -> AnnualReport:
    with db.session() as session:
        issuer = issuer_of(db, session, None)
        catalog = catalog_in_force(session)
    groups = award_groups(db, year - YEARS_SHOWN + 1, year)
    recent = [group for group in groups if group.year in (year, year - 1)]
    people = [group for group in recent if group.subject == SubjectKind.PERSON]
    breakdowns = (
        _breakdown(
            "Theo danh hiệu, hình thức khen thưởng", recent, year, lambda g: catalog.name(g.award_code)
        ),
        _breakdown(
            "Theo đối tượng",
            recent,
            year,
            lambda g: {SubjectKind.PERSON: "Cá nhân", SubjectKind.HOUSEHOLD: "Hộ gia đình"}.get(
                g.subject, "Tập thể"
            ),
        ),
        _breakdown("Cá nhân theo giới tính", people, year, lambda g: GENDER_TEXT.get(g.gender, UNKNOWN)),
        _breakdown("Cá nhân theo dân tộc", people, year, lambda g: g.ethnicity or UNKNOWN),
        _breakdown(
            "Cá nhân theo nghề nghiệp", people, year, lambda g: OCCUPATION_TEXT.get(g.occupation, UNKNOWN)
        ),
        _breakdown("Theo thôn, tổ dân phố", recent, year, lambda g: g.village or UNKNOWN),
    )
    by_year: Counter[int] = Counter()
    for group in groups:
        by_year[group.year] += group.count
    movements = _movements(db, year)
    this_year = [group for group in groups if group.year == year]
    forms = tuple(fill_form(template, catalog, this_year, movements) for template in form_templates())
    return AnnualReport(
        year=year,
        issuer=issuer,
        total=by_year[year],
        previous_total=by_year[year - 1],
        breakdowns=breakdowns,
        by_year=tuple((y, by_year[y]) for y in range(year - YEARS_SHOWN + 1, year + 1)),
        forms=forms,
    )
