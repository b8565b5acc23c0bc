"""Judge a proposed award, a whole proposal, and what a subject could be proposed for next.

Pure functions over `Case` values: no database, no Qt. `desktop.services.eligibility` builds the
cases from the records; `sovang eligibility` reads one from JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.codes import SubjectKind
from desktop.i18n import N_
from desktop.rules.case import AwardRecord, Case, History, Member, UnitCounts
from desktop.rules.law import NOT_CHECKED, QUALITATIVE, RULES
from desktop.rules.parameters import Parameters, default_parameters
from desktop.rules.titles import consecutive_ending, holds, period_end
from desktop.rules.verdict import Finding, Outcome, Reason, Reward, Status, Verdict, outcome_of

CANDIDATES = {
    SubjectKind.PERSON: ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "HCLD3"),
    SubjectKind.COLLECTIVE: ("TTLDTT", "TTLDXS"),
    SubjectKind.HOUSEHOLD: ("GDVH",),
}
"""The awards `what_next` weighs for each kind of subject."""


def reward_for(award: str, day: dt.date, params: Parameters) -> Reward:
    """The reward of an award decided on `day`: the multiplier then in force × the base salary."""
    entry = params.catalog.entry(award, day)
    multiplier = entry.reward_multiplier if entry else None
    base = params.base_salary_on(day)
    amount = (multiplier * base).quantize(Decimal(1)) if multiplier is not None and base else None
    return Reward(multiplier, base, amount)


def _reason(rule_id: str, basis: str, finding: Finding) -> Reason:
    return Reason(
        rule=rule_id,
        status=finding.status,
        message=finding.message,
        params=finding.params,
        legal_basis=finding.legal_basis or basis,
        evidence=finding.evidence,
        missing=finding.missing,
    )


def evaluate(case: Case, params: Parameters | None = None) -> Verdict:
    """Every rule that governs the case's award and period, in order, and the verdict they give."""
    params = params or default_parameters()
    end = period_end(case.year)
    reasons: list[Reason] = []
    checked = False
    for rule in RULES:
        if rule.applies(case, end):
            checked = checked or rule.awards is not None
            reasons.extend(
                _reason(rule.id, rule.legal_basis, finding) for finding in rule.check(case, params)
            )
    qualitative = QUALITATIVE.get(case.award)
    if qualitative:
        reasons.append(_reason("Q", "", Finding(Status.MANUAL, qualitative)))
    elif not checked:
        reasons.append(_reason("Q", "", Finding(Status.UNKNOWN, NOT_CHECKED)))
    found = tuple(reasons)
    return Verdict(
        case.award, case.year, outcome_of(found), found, reward_for(case.award, case.as_of, params)
    )


@dataclass(frozen=True)
class ProposalItemCase:
    """One line of a proposal: who (a stable key), and the case for its award."""

    subject_key: str
    case: Case


@dataclass(frozen=True)
class ProposalReport:
    verdicts: tuple[Verdict, ...]
    """In the order of the items."""
    reasons: tuple[Reason, ...]
    """Proposal-wide findings (the CSTĐCS quota)."""


def _with_award(history: History, record: AwardRecord) -> History:
    return replace(history, awards=(*history.awards, record))


def check_proposal(
    items: list[ProposalItemCase], unit: UnitCounts | None, params: Parameters | None = None
) -> ProposalReport:
    """Judge every item as the council would see them together.

    An eligible LĐTT in the proposal counts for the same person's CSTĐCS and for their collective;
    a subject proposed twice for one award and year fails R9 on the later line; the CSTĐCS quota
    counts the unit's titles already given plus every line of the proposal.
    """
    params = params or default_parameters()
    seen: set[tuple[str, str, int]] = set()

    def marked_if_repeated(item: ProposalItemCase, history: History) -> History:
        identity = (item.subject_key, item.case.award, item.case.year)
        if identity in seen:
            history = _with_award(history, AwardRecord(item.case.award, item.case.year, proposed=True))
        seen.add(identity)
        return history

    # LĐTT lines first: the other lines depend on which of them can be given.
    verdicts: dict[int, Verdict] = {}
    ldtt_items: dict[int, set[str]] = {}
    for index, item in enumerate(items):
        if item.case.award == "LDTT":
            case = replace(item.case, history=marked_if_repeated(item, item.case.history))
            verdicts[index] = evaluate(case, params)
            if verdicts[index].outcome is not Outcome.INELIGIBLE:
                ldtt_items.setdefault(case.year, set()).add(item.subject_key)
    cstdcs_by_year: dict[int, int] = {}
    for item in items:
        if item.case.award == "CSTDCS":
            cstdcs_by_year[item.case.year] = cstdcs_by_year.get(item.case.year, 0) + 1

    def proposed_ldtt(key: str, history: History, year: int) -> History:
        if key in ldtt_items.get(year, set()) and not history.award("LDTT", year):
            return _with_award(history, AwardRecord("LDTT", year, proposed=True))
        return history

    for index, item in enumerate(items):
        if index in verdicts:
            continue
        case = item.case
        history = marked_if_repeated(item, proposed_ldtt(item.subject_key, case.history, case.year))
        members = case.members
        if members:
            members = tuple(
                Member(m.name, proposed_ldtt(m.key, m.history, case.year), m.key) for m in members
            )
        case_unit = case.unit
        if case.award == "CSTDCS" and unit is not None:
            case_unit = UnitCounts(
                unit.ldtt_count + len(ldtt_items.get(case.year, ())),
                unit.cstdcs_count + cstdcs_by_year[case.year] - 1,
            )
        verdicts[index] = evaluate(replace(case, history=history, members=members, unit=case_unit), params)
    ordered = [verdicts[index] for index in range(len(items))]
    quota = [  # every CSTĐCS line carries the same count; the proposal shows it once
        reason
        for verdict in ordered
        if verdict.award == "CSTDCS"
        for reason in verdict.reasons
        if reason.rule == "R2"
    ]
    return ProposalReport(tuple(ordered), tuple(quota[:1]))


@dataclass(frozen=True)
class NextStep:
    award: str
    verdict: Verdict | None
    """The verdict for this year, or None for a hint about a later step."""
    hint: Finding | None = None


def what_next(case: Case, params: Parameters | None = None) -> list[NextStep]:
    """Every award the subject's kind is usually proposed for in `case.year`, with its verdict
    (ineligible ones too: the reasons say why), then hints at what would open the next step.

    `case.award` is ignored.
    """
    params = params or default_parameters()
    steps = []
    for award in CANDIDATES[SubjectKind(case.subject_kind)]:
        steps.append(NextStep(award, evaluate(replace(case, award=award), params)))
    if case.subject_kind == SubjectKind.PERSON and holds(case.history, "CSTDCS", case.year).held is None:
        run = consecutive_ending(case.history, "CSTDCS", case.year - 1) + 1
        values = {"year": case.year, "run": run}

        def hint(award: str, message: str) -> NextStep:
            return NextStep(award, None, Finding(Status.MANUAL, message, values))

        if run == 2:
            steps.append(
                hint(
                    "BK_TINH",
                    N_("CSTĐCS in {year} would make 2 consecutive years, enough for Bằng khen tỉnh."),
                )
            )
        if run >= 3:
            steps.append(
                hint(
                    "CSTD_TINH", N_("CSTĐCS in {year} would complete 3 consecutive years for CSTĐ cấp tỉnh.")
                )
            )
        else:
            steps.append(
                hint(
                    "CSTD_TINH",
                    N_("CSTĐCS in {year} would make {run} consecutive year(s); CSTĐ cấp tỉnh needs 3."),
                )
            )
    return steps
