"""The documents `sovang print` knows and how one record is chosen, without importing reportlab
(the command-line parser and the screens need them before any document is made)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

KINDS = (
    "decision",
    "proposal",
    "minutes",
    "achievement-report",
    "public-list",
    "registrations",
    "certificates",
    "certificate-calibration",
    "annual-report",
    "movement-review",
)


@dataclass(frozen=True)
class Selection:
    """Which record to print; nothing chosen means the most recent one."""

    id: uuid.UUID | None = None
    number: str | None = None
    year: int | None = None
    award_code: str | None = None
    """For an achievement report: the award it supports (default: the latest proposed)."""
    preprinted: bool = False
    printer: str = ""
    """For pre-printed certificates: whose calibrated offsets to apply."""


LATEST = Selection()
"""No selector: the most recent record."""
