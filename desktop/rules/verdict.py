"""What the rules say about a case: reasons with their legal basis and evidence, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop.i18n import N_, language, translate


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    """Data the check needs is missing, or only a criterion a machine cannot judge remains."""
    MANUAL = "manual"
    """A qualitative criterion the council confirms; it never changes the verdict."""


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    UNKNOWN = "unknown"


OUTCOME_LABELS = {
    Outcome.ELIGIBLE: N_("Eligible"),
    Outcome.INELIGIBLE: N_("Not eligible"),
    Outcome.UNKNOWN: N_("Not decided"),
}
STATUS_LABELS = {
    Status.PASS: N_("met"),
    Status.FAIL: N_("not met"),
    Status.UNKNOWN: N_("unknown"),
    Status.MANUAL: N_("council"),
}
"""How verdicts and reasons are called on screen and in the command's text (translate when shown)."""


@dataclass(frozen=True)
class Finding:
    """One criterion checked. `message` is an English msgid with {named} fields (see N_)."""

    status: Status
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    legal_basis: str | None = None
    """Set only when the basis depends on the case (e.g. the catalog entry in force)."""


@dataclass(frozen=True)
class Reason:
    rule: str
    status: Status
    message: str
    params: dict[str, Any]
    legal_basis: str
    evidence: tuple[str, ...]
    missing: tuple[str, ...]

    def text(self, lang: str | None = None) -> str:
        return translate(self.message, lang or language()).format(**self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "status": self.status.value,
            "message_vi": self.text("vi"),
            "message_en": self.text("en"),
            "legal_basis": self.legal_basis,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Reward:
    multiplier: Decimal | None
    base_salary: int | None
    amount: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "multiplier": float(self.multiplier) if self.multiplier is not None else None,
            "base_salary": self.base_salary,
            "amount": int(self.amount) if self.amount is not None else None,
        }


@dataclass(frozen=True)
class Verdict:
    award: str
    year: int
    outcome: Outcome
    reasons: tuple[Reason, ...]
    reward: Reward

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item for reason in self.reasons for item in reason.missing))

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.outcome.value,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "missing": list(self.missing),
            "reward": self.reward.to_dict(),
        }


def outcome_of(reasons: tuple[Reason, ...]) -> Outcome:
    statuses = {reason.status for reason in reasons}
    if Status.FAIL in statuses:
        return Outcome.INELIGIBLE
    if Status.UNKNOWN in statuses:
        return Outcome.UNKNOWN
    return Outcome.ELIGIBLE
