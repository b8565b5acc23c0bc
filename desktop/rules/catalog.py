"""The award catalog: every award type, who confers it and what it pays, as data.

The app ships one (`resources/catalog/award_types.json`); a province or district may publish a
newer one that travels down to its communes (`desktop.services.releases`), when a decree renames
an award, moves who confers it or changes what it pays. Each site judges and prints by the catalog
in force there. What each award *is* (who it is for, title or commendation, yearly or not) is what
the rules are written for, so a newer catalog must keep it; the rest may change.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from desktop.codes import AwardForm, AwardSubject, ConferringLevel
from desktop.paths import resource


@cache
def read_catalog(name: str) -> dict[str, Any]:
    """A catalog file, read once per process (the catalog changes only with an update)."""
    return json.loads(resource("catalog", name).read_text(encoding="utf-8"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class AwardEntry:
    """One version of an award type: who confers it and what it pays, between two dates."""

    code: str
    name: str
    subject: str
    form: str
    conferring_level: str
    conferrer: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: str
    reward_multiplier: Decimal | None
    annual: bool

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def nature(self) -> tuple[str, str, str, bool]:
        """What the rules are written for, the same in every version of the catalog."""
        return (self.code, self.subject, self.form, self.annual)


def _entry(row: dict[str, Any]) -> AwardEntry:
    """One row of a catalog document, checked; ValueError, KeyError or TypeError otherwise."""
    multiplier = row["reward_multiplier"]
    if multiplier is not None and (isinstance(multiplier, bool) or not isinstance(multiplier, (int, float))):
        raise ValueError("reward_multiplier")
    entry = AwardEntry(
        code=str(row["code"]),
        name=str(row["name"]).strip(),
        subject=AwardSubject(row["subject"]).value,
        form=AwardForm(row["form"]).value,
        conferring_level=ConferringLevel(row["conferring_level"]).value,
        conferrer=str(row["conferrer"]),
        valid_from=_date(row["valid_from"]),
        valid_to=_date(row["valid_to"]),
        legal_basis=str(row["legal_basis"]),
        reward_multiplier=Decimal(str(multiplier)) if multiplier is not None else None,
        annual=row["annual"],
    )
    if not entry.name or type(entry.annual) is not bool:
        raise ValueError("award_types")
    if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
        raise ValueError("valid_to")
    return entry


class Catalog:
    """One version of the award catalog, checked whole when it is read."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.version = str(document["version"])
        self.entries = tuple(_entry(row) for row in document["award_types"])
        self._conferrers = {str(key): str(title) for key, title in dict(document["conferrers"]).items()}
        if any(entry.conferrer not in self._conferrers for entry in self.entries):
            raise ValueError("conferrers")
        self._versions: dict[str, list[AwardEntry]] = {}
        for entry in self.entries:
            self._versions.setdefault(entry.code, []).append(entry)

    def known_codes(self) -> frozenset[str]:
        return frozenset(self._versions)

    def entry(self, code: str, day: dt.date) -> AwardEntry | None:
        """The version of `code` in force on `day`, or None when the award did not exist then."""
        return next((entry for entry in self._versions.get(code, ()) if entry.valid_on(day)), None)

    def name(self, code: str) -> str:
        """The latest official name of an award (names are Vietnamese in every language)."""
        versions = self._versions.get(code)
        return versions[-1].name if versions else code

    def conferrer_title(self, conferrer: str) -> str:
        """The official title of who confers an award ("Chủ tịch UBND cấp xã")."""
        return self._conferrers.get(conferrer, conferrer)

    def codes_where(self, **wanted: str) -> frozenset[str]:
        """The codes with a version whose fields are as `wanted` (form="title", subject=…)."""
        return frozenset(
            entry.code
            for entry in self.entries
            if all(getattr(entry, name) == value for name, value in wanted.items())
        )


@cache
def shipped_catalog() -> Catalog:
    return Catalog(read_catalog("award_types.json"))


def catalog_part(document: dict[str, Any]) -> dict[str, Any]:
    """A newer catalog (a release), checked: every award the rules know, each still what it was."""
    catalog = Catalog(document)
    shipped = shipped_catalog()
    natures = {entry.nature for entry in shipped.entries}
    wrong = sorted(catalog.known_codes() ^ shipped.known_codes()) + [
        entry.code for entry in catalog.entries if entry.nature not in natures
    ]
    if wrong:
        raise ValueError(f"award_types: {wrong[0]}")  # the award at fault, named in the refusal
    return {"catalog": catalog}
