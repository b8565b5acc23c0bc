"""What the rules look at: one subject's record and the award proposed for it.

A case is plain data, built either from the database (`desktop.services.eligibility`) or from a
JSON file (`sovang eligibility --input`), so the engine never touches storage. Lists hold only what
is known: a year missing from them is unknown, never "not achieved".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop.codes import DisciplineLevel, InitiativeScope, Rating, SubjectKind
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.rules.catalog import shipped_catalog

SUBJECT_KINDS = tuple(kind.value for kind in SubjectKind)


@dataclass(frozen=True)
class AwardRecord:
    award: str
    year: int
    decision: str | None = None
    date: dt.date | None = None
    proposed: bool = False
    """True for an award proposed and not yet decided (here or in another proposal)."""

    def evidence(self) -> str:
        where = self.decision or ""
        if self.date:
            where = f"{where} ({self.date:%d/%m/%Y})".strip()
        state = "proposed" if self.proposed else where
        return f"{self.award} {self.year}: {state}" if state else f"{self.award} {self.year}"


@dataclass(frozen=True)
class InitiativeRecord:
    year: int
    scope: str
    recognized_on: dt.date | None = None

    def evidence(self) -> str:
        day = f" ({self.recognized_on:%d/%m/%Y})" if self.recognized_on else ""
        return f"initiative {self.scope} {self.year}{day}"


@dataclass(frozen=True)
class DisciplineRecord:
    year: int
    level: str


@dataclass(frozen=True)
class History:
    """Everything recorded about one subject, year by year."""

    awards: tuple[AwardRecord, ...] = ()
    ratings: dict[int, str] = field(default_factory=dict)
    initiatives: tuple[InitiativeRecord, ...] = ()
    disciplines: tuple[DisciplineRecord, ...] = ()
    registrations: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def award(self, code: str, year: int, *, proposed: bool | None = None) -> AwardRecord | None:
        for record in self.awards:
            if record.award == code and record.year == year and proposed in (None, record.proposed):
                return record
        return None


@dataclass(frozen=True)
class Member:
    name: str
    history: History
    key: str = ""
    """Identifies the member within a proposal (the person's id), so their own lines count."""


@dataclass(frozen=True)
class UnitCounts:
    """The unit's titles for the year, other than this subject's own (awarded or proposed)."""

    ldtt_count: int
    cstdcs_count: int


@dataclass(frozen=True)
class Case:
    as_of: dt.date
    subject_kind: str
    subject_name: str
    award: str
    year: int
    history: History
    members: tuple[Member, ...] | None = None
    """None when the members are not known at all; an empty tuple is a collective without members."""
    unit: UnitCounts | None = None


def _require(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise ValidationError(f"{where}{key}", _("This value is required."))
    return data[key]


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(where, _("An object {…} is expected here."))
    return value


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(f"{where}{key}", _("A list […] is expected here."))
    return value


def _year(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1945 <= value <= 2100:
        raise ValidationError(path, _("A year between 1945 and 2100 is expected."))
    return value


def _date(value: Any, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(path, _("A date written YYYY-MM-DD is expected.")) from None


def _choice(value: Any, allowed: Collection[str], path: str) -> str:
    if value not in allowed:
        raise ValidationError(
            path, _("Unknown value; expected one of: {values}.").format(values=", ".join(sorted(allowed)))
        )
    return str(value)


def _count(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(path, _("A whole number of zero or more is expected."))
    return value


def _entries(data: dict[str, Any], key: str, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each object of a list field, with the path that names its fields in messages."""
    for index, raw in enumerate(_list(data, key, where)):
        path = f"{where}{key}[{index}]."
        yield path, _object(raw, path.rstrip("."))


def _history(data: dict[str, Any], where: str) -> History:
    codes = shipped_catalog().known_codes()  # the same in every catalog: the codes the rules know
    awards = []
    for path, raw in _entries(data, "awards", where):
        awards.append(
            AwardRecord(
                award=_choice(_require(raw, "award", path), codes, f"{path}award"),
                year=_year(_require(raw, "year", path), f"{path}year"),
                decision=raw.get("decision"),
                date=_date(raw["date"], f"{path}date") if raw.get("date") else None,
                proposed=bool(raw.get("proposed", False)),
            )
        )
    ratings: dict[int, str] = {}
    for path, raw in _entries(data, "ratings", where):
        year = _year(_require(raw, "year", path), f"{path}year")
        ratings[year] = _choice(_require(raw, "rating", path), {r.value for r in Rating}, f"{path}rating")
    initiatives = []
    for path, raw in _entries(data, "initiatives", where):
        initiatives.append(
            InitiativeRecord(
                year=_year(_require(raw, "year", path), f"{path}year"),
                scope=_choice(
                    _require(raw, "scope", path), {s.value for s in InitiativeScope}, f"{path}scope"
                ),
                recognized_on=(
                    _date(raw["recognized_on"], f"{path}recognized_on") if raw.get("recognized_on") else None
                ),
            )
        )
    disciplines = []
    for path, raw in _entries(data, "disciplines", where):
        disciplines.append(
            DisciplineRecord(
                year=_year(_require(raw, "year", path), f"{path}year"),
                level=_choice(
                    _require(raw, "level", path), {d.value for d in DisciplineLevel}, f"{path}level"
                ),
            )
        )
    registrations: dict[int, tuple[str, ...]] = {}
    for path, raw in _entries(data, "registrations", where):
        year = _year(_require(raw, "year", path), f"{path}year")
        award = _choice(_require(raw, "award", path), codes, f"{path}award")
        registrations[year] = (*registrations.get(year, ()), award)
    return History(tuple(awards), ratings, tuple(initiatives), tuple(disciplines), registrations)


def case_from_dict(data: Any) -> Case:
    """Read a case in the documented JSON shape (docs/eligibility.md); a bad field is named."""
    data = _object(data, "case")
    subject = _object(_require(data, "subject", ""), "subject")
    proposal = _object(_require(data, "proposal", ""), "proposal")
    members = None
    if "members" in data:
        members = tuple(
            Member(
                name=str(_object(raw, f"members[{index}]").get("name", "")),
                history=_history(raw, f"members[{index}]."),
            )
            for index, raw in enumerate(_list(data, "members", ""))
        )
    unit = None
    if data.get("unit") is not None:
        raw_unit = _object(data["unit"], "unit")
        unit = UnitCounts(
            ldtt_count=_count(_require(raw_unit, "ldtt_count", "unit."), "unit.ldtt_count"),
            cstdcs_count=_count(_require(raw_unit, "cstdcs_count", "unit."), "unit.cstdcs_count"),
        )
    return Case(
        as_of=_date(_require(data, "as_of", ""), "as_of"),
        subject_kind=_choice(_require(subject, "kind", "subject."), set(SUBJECT_KINDS), "subject.kind"),
        subject_name=str(subject.get("name", "")),
        award=_choice(
            _require(proposal, "award", "proposal."), shipped_catalog().known_codes(), "proposal.award"
        ),
        year=_year(_require(proposal, "year", "proposal."), "proposal.year"),
        history=_history(data, ""),
        members=members,
        unit=unit,
    )
