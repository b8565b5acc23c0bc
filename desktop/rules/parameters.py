"""The values the rules use that change without a change of law: the province's quy chế numbers,
the national base salary and the award catalog, kept as data.

The code holds the logic of each rule; the numbers live in `resources/rules/parameters.json`,
`resources/catalog/base_salary.json` and `resources/catalog/award_types.json`, as shipped. A
province (or district) publishes a newer version of any as a release that travels down to its
communes (`desktop.services.releases`); each site judges with the newest version it holds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from desktop.codes import ReleaseKind
from desktop.paths import resource
from desktop.rules.catalog import Catalog, catalog_part


@dataclass(frozen=True)
class CalendarDate:
    """A date that comes back every year (a deadline or an anniversary), named in both languages."""

    month: int
    day: int
    names: dict[str, str]
    basis: str

    def next_on_or_after(self, today: dt.date) -> dt.date:
        this_year = dt.date(today.year, self.month, self.day)
        return this_year if this_year >= today else dt.date(today.year + 1, self.month, self.day)


@dataclass(frozen=True)
class SalaryLevel:
    since: dt.date
    amount: int
    basis: str


@dataclass(frozen=True)
class Parameters:
    version: str
    cstdcs_quota_percent: int
    cstdcs_quota_basis: str
    ttldtt_member_ldtt_percent_over: int
    ttldxs_member_ldtt_percent_at_least: int
    council_approval_percent_over: int
    """An item passes the council when more than this share of the members present vote for it."""
    council_approval_basis: str
    title_run_ends_in_award_year: bool
    catalog: Catalog
    calendar: tuple[CalendarDate, ...] = ()
    salary_version: str = ""
    salary_levels: tuple[SalaryLevel, ...] = ()

    def run_end(self, year: int) -> int:
        """The last year of the consecutive run a chained title of `year` counts."""
        return year if self.title_run_ends_in_award_year else year - 1

    def base_salary_on(self, day: dt.date) -> int | None:
        """The lương cơ sở in force on `day`, or None before the first level on record."""
        amount = None
        for level in self.salary_levels:
            if level.since <= day:
                amount = level.amount
        return amount


_NUMBERS = {
    "cstdcs_quota_percent": 100,
    "ttldtt_member_ldtt_percent_over": 100,
    "ttldxs_member_ldtt_percent_at_least": 100,
    "council_approval_percent_over": 99,
}
"""The whole-number parameters, each a share of at most this many percent."""


def rules_part(data: dict[str, Any]) -> dict[str, Any]:
    """The rule parameters of a `parameters.json`-shaped document, checked; ValueError, KeyError or
    TypeError names what is wrong."""
    values: dict[str, Any] = {"version": _version(data)}
    for name, ceiling in _NUMBERS.items():
        number = data[name]
        if type(number) is not int or not 0 <= number <= ceiling:
            raise ValueError(name)
        values[name] = number
    for name in ("cstdcs_quota_basis", "council_approval_basis"):
        values[name] = _text(data[name], name)
    if type(data["title_run_ends_in_award_year"]) is not bool:
        raise ValueError("title_run_ends_in_award_year")
    values["title_run_ends_in_award_year"] = data["title_run_ends_in_award_year"]
    calendar = []
    try:
        for entry in data.get("calendar", []):
            day, month = (int(part) for part in str(entry["day"]).split("/"))
            dt.date(2023, month, day)  # a day every year has: not 31/04, not 29/02
            names = {lang: _text(entry[lang], "calendar") for lang in ("vi", "en")}
            calendar.append(CalendarDate(month, day, names, str(entry.get("basis", ""))))
    except (KeyError, ValueError, TypeError, AttributeError):
        raise ValueError("calendar") from None
    values["calendar"] = tuple(calendar)
    return values


def salary_part(data: dict[str, Any]) -> dict[str, Any]:
    """The base salary levels of a `base_salary.json`-shaped document, checked, in date order."""
    levels = []
    try:
        for level in data["levels"]:
            amount = level["amount"]
            if type(amount) is not int or amount <= 0:
                raise ValueError
            since = dt.date.fromisoformat(level["from"])
            levels.append(SalaryLevel(since, amount, str(level.get("basis", ""))))
    except (KeyError, ValueError, TypeError, AttributeError):
        raise ValueError("levels") from None
    if not levels or len({level.since for level in levels}) != len(levels):
        raise ValueError("levels")
    return {"salary_version": _version(data), "salary_levels": tuple(sorted(levels, key=lambda x: x.since))}


PARTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    ReleaseKind.RULE_PARAMETERS: rules_part,
    ReleaseKind.BASE_SALARY: salary_part,
    ReleaseKind.AWARD_CATALOG: catalog_part,
}
SHIPPED: dict[str, tuple[str, str]] = {
    ReleaseKind.RULE_PARAMETERS: ("rules", "parameters.json"),
    ReleaseKind.BASE_SALARY: ("catalog", "base_salary.json"),
    ReleaseKind.AWARD_CATALOG: ("catalog", "award_types.json"),
}


def shipped_document(kind: str) -> dict[str, Any]:
    return json.loads(resource(*SHIPPED[kind]).read_text(encoding="utf-8"))


def assemble(documents: dict[str, dict[str, Any]]) -> Parameters:
    """Parameters from one document of each kind."""
    values: dict[str, Any] = {}
    for kind, part in PARTS.items():
        values.update(part(documents[kind]))
    return Parameters(**values)


@cache
def default_parameters() -> Parameters:
    """The parameters as shipped: for the rules outside a database (`sovang eligibility`)."""
    return assemble({kind: shipped_document(kind) for kind in PARTS})


def version_key(version: str) -> tuple[int, ...]:
    """ "2026.10" is newer than "2026.9"."""
    return tuple(int(part) for part in version.split("."))


def _version(data: dict[str, Any]) -> str:
    version = data.get("version")
    try:
        version_key(version)  # type: ignore[arg-type]  # numbers joined by dots; anything else refused here
    except (ValueError, AttributeError):
        raise ValueError("version") from None
    return str(version)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(name)
    return value
