"""Province parameters of the rules: quota percentages and year alignments, kept as data.

The code holds the logic of each rule; the numbers a province's quy chế may set differently live in
`resources/rules/parameters.json`, which a province can replace and push down to its communes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.paths import resource


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

    def run_end(self, year: int) -> int:
        """The last year of the consecutive run a chained title of `year` counts."""
        return year if self.title_run_ends_in_award_year else year - 1


def load_parameters(path: Path | None = None) -> Parameters:
    data = json.loads((path or resource("rules", "parameters.json")).read_text(encoding="utf-8"))
    return Parameters(**{name: data[name] for name in Parameters.__dataclass_fields__})


@cache
def default_parameters() -> Parameters:
    return load_parameters()


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


def calendar_dates(path: Path | None = None) -> tuple[CalendarDate, ...]:
    data = json.loads((path or resource("rules", "parameters.json")).read_text(encoding="utf-8"))
    dates = []
    for entry in data.get("calendar", []):
        day, month = (int(part) for part in entry["day"].split("/"))
        names = {lang: entry[lang] for lang in ("vi", "en")}
        dates.append(CalendarDate(month, day, names, entry.get("basis", "")))
    return tuple(dates)
