"""What a subject's history says about a title in a year: held, impossible, or not known.

A title is impossible only when the record proves it (a rating below what the title needs, a
discipline that year); a title merely absent from the record is unknown, because the user may not
have entered it yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.codes import DisciplineLevel, Rating
from desktop.rules.case import DisciplineRecord, History, InitiativeRecord

AMENDMENT_2026 = dt.date(2026, 10, 1)
"""Luật 06/2026/QH16 (unconfirmed): from this date CSTĐCS needs HTXS instead of LĐTT (rule R1')."""

RATING_ORDER = {Rating.KHT: 0, Rating.HT: 1, Rating.HTT: 2, Rating.HTXS: 3}
DISCIPLINE_ORDER = {level: rank for rank, level in enumerate(DisciplineLevel)}


def period_end(year: int) -> dt.date:
    """Annual titles are judged under the rules in force when their period ends."""
    return dt.date(year, 12, 31)


def cstdcs_needs_htxs(year: int) -> bool:
    return period_end(year) >= AMENDMENT_2026


@dataclass(frozen=True)
class Holding:
    held: bool | None
    """True: recorded; False: the record proves it impossible; None: not known."""
    evidence: str = ""


def rating_at_least(history: History, year: int, minimum: Rating) -> bool | None:
    rating = history.ratings.get(year)
    return None if rating is None else RATING_ORDER[Rating(rating)] >= RATING_ORDER[minimum]


def discipline_in(history: History, year: int, at_least: DisciplineLevel) -> DisciplineRecord | None:
    for record in history.disciplines:
        if (
            record.year == year
            and DISCIPLINE_ORDER[DisciplineLevel(record.level)] >= DISCIPLINE_ORDER[at_least]
        ):
            return record
    return None


def _impossible(history: History, year: int, minimum: Rating) -> str | None:
    """Why the record rules out an individual annual title needing `minimum`, if it does."""
    discipline = discipline_in(history, year, DisciplineLevel.KHIEN_TRACH)
    if discipline:
        return f"discipline {discipline.level} {year}"
    if rating_at_least(history, year, minimum) is False:
        return f"rating {history.ratings[year]} {year}"
    return None


def holds(history: History, code: str, year: int) -> Holding:
    record = history.award(code, year)
    if record:
        return Holding(True, record.evidence())
    if code == "LDTT":
        why = _impossible(history, year, Rating.HTT)
    elif code == "CSTDCS":
        why = _impossible(history, year, Rating.HTXS if cstdcs_needs_htxs(year) else Rating.HTT)
    else:
        why = None
    return Holding(False, why) if why else Holding(None)


def run(history: History, code: str, end_year: int, length: int) -> list[tuple[int, Holding]]:
    """The title in each of `length` consecutive years ending with `end_year`."""
    return [(year, holds(history, code, year)) for year in range(end_year - length + 1, end_year + 1)]


def consecutive_ending(history: History, code: str, end_year: int) -> int:
    """How many consecutive years up to `end_year` the title is recorded."""
    count = 0
    while history.award(code, end_year - count, proposed=False):
        count += 1
    return count


def initiatives_in(
    history: History, first_year: int, last_year: int, scopes: tuple[str, ...]
) -> list[InitiativeRecord]:
    """Initiatives of the given scopes recognised within the years (by date when known)."""
    return [
        record
        for record in history.initiatives
        if record.scope in scopes
        and first_year <= (record.recognized_on.year if record.recognized_on else record.year) <= last_year
    ]
