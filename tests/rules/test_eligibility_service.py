"""Eligibility judged from the records of a real commune database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop.errors import NotFoundError
from desktop.models import Registration, TaskRating
from desktop.services.eligibility import check_recorded_proposal, judge, next_steps
from tests.rules.records import Records

AS_OF = dt.date(2026, 1, 20)


@pytest.fixture
def records(commune_db):
    return Records(commune_db)


def _statuses(verdict) -> dict[str, str]:
    order = ("fail", "unknown", "manual", "pass")
    found: dict[str, str] = {}
    for reason in verdict.reasons:
        current = found.get(reason.rule)
        if current is None or order.index(reason.status.value) < order.index(current):
            found[reason.rule] = reason.status.value
    return found


def test_a_recorded_cstdcs_candidate_is_eligible_with_evidence(commune_db, records):
    duc = records.person("Nguyễn Văn Đức")
    records.year(duc, 2025, "HTXS", initiative=True)
    records.award(duc, "LDTT", 2025)
    for index in range(6):  # the unit's other LĐTT: 7 in all, 15 % allows one CSTĐCS
        records.award(records.person(f"Lò Văn Pằng {index}"), "LDTT", 2025)
    verdict = judge(commune_db, duc, "CSTDCS", 2025, AS_OF)
    assert verdict.outcome.value == "eligible", _statuses(verdict)
    r1 = [reason for reason in verdict.reasons if reason.rule == "R1"]
    assert any("LDTT 2025: " in item for reason in r1 for item in reason.evidence)
    assert any("initiative co_so 2025 (20/11/2025)" in reason.evidence for reason in r1)


def test_a_revoked_award_no_longer_counts(commune_db, records):
    duc = records.person("Nguyễn Văn Đức")
    records.year(duc, 2025, "HTT", initiative=True)
    records.award(duc, "LDTT", 2025, revoked=True)
    assert _statuses(judge(commune_db, duc, "CSTDCS", 2025, AS_OF))["R1"] == "unknown"


def test_the_quota_counts_the_unit_and_the_other_proposals(commune_db, records):
    people = [records.person(f"Hà Thị Mai {index}") for index in range(7)]
    for person in people:
        records.award(person, "LDTT", 2025)
        records.year(person, 2025, "HTXS", initiative=True)
    assert _statuses(judge(commune_db, people[0], "CSTDCS", 2025, AS_OF))["R2"] == "pass"  # 1 of 1 allowed
    records.proposal(2025, [(people[1], "CSTDCS")])
    assert _statuses(judge(commune_db, people[0], "CSTDCS", 2025, AS_OF))["R2"] == "fail"  # 2 of 1


def test_a_proposal_is_judged_as_a_whole(commune_db, records):
    mai, pao = records.person("Hà Thị Mai"), records.person("Giàng A Páo")
    for person in (mai, pao):
        records.year(person, 2026, "HTXS", initiative=True)
    for index in range(12):
        records.award(records.person(f"Vi Văn Sơn {index}"), "LDTT", 2026)
    proposal = records.proposal(
        2026, [(mai, "LDTT"), (pao, "LDTT"), (mai, "CSTDCS"), (pao, "CSTDCS"), (pao, "LDTT")]
    )
    check = check_recorded_proposal(commune_db, proposal, dt.date(2026, 12, 20))
    mai_ldtt, pao_ldtt, mai_cstdcs, pao_cstdcs, repeated = check.report.verdicts
    assert mai_ldtt.outcome.value == pao_ldtt.outcome.value == "eligible"
    # 2026 falls under the amendment (R1'): HTXS and an initiative; 14 LĐTT allow 2 CSTĐCS
    assert mai_cstdcs.outcome.value == pao_cstdcs.outcome.value == "eligible", _statuses(mai_cstdcs)
    assert _statuses(repeated)["R9"] == "fail"
    assert [reason.rule for reason in check.report.reasons] == ["R2"]
    assert check.report.reasons[0].params == {"count": 2, "allowed": 2, "percent": 15, "ldtt": 14}


def test_an_ldtt_line_counts_for_the_same_persons_cstdcs(commune_db, records):
    """Before the amendment CSTĐCS needs LĐTT; proposed together, the eligible LĐTT line counts."""
    son = records.person("Vi Văn Sơn")
    records.year(son, 2025, "HTT", initiative=True)
    for index in range(7):
        records.award(records.person(f"Lò Thị Ua {index}"), "LDTT", 2025)
    assert _statuses(judge(commune_db, son, "CSTDCS", 2025, AS_OF))["R1"] == "unknown"
    proposal = records.proposal(2025, [(son, "LDTT"), (son, "CSTDCS")])
    _ldtt, cstdcs = check_recorded_proposal(commune_db, proposal, AS_OF).report.verdicts
    assert cstdcs.outcome.value == "eligible", _statuses(cstdcs)


def test_a_collective_is_judged_on_its_recorded_members(commune_db, records):
    members = [records.person(f"Thành viên {index}") for index in range(4)]
    for person in members[:3]:
        records.award(person, "LDTT", 2025)
    with commune_db.transaction("admin") as session:
        session.add(TaskRating(person_id=members[3], year=2025, rating="HT"))
    office = records.collective("Văn phòng HĐND và UBND xã", members)
    with commune_db.transaction("admin") as session:
        session.add(TaskRating(collective_id=office, year=2025, rating="HTT"))
        session.add(Registration(collective_id=office, year=2025, award_code="TTLDTT", state="approved"))
    verdict = judge(commune_db, office, "TTLDTT", 2025, AS_OF)
    assert verdict.outcome.value == "eligible", _statuses(verdict)
    r5 = next(r for r in verdict.reasons if r.rule == "R5" and "count" in r.params)
    assert (r5.params["count"], r5.params["total"]) == (3, 4)


def test_what_next_names_the_step_a_cstdcs_would_complete(commune_db, records):
    duc = records.person("Nguyễn Văn Đức")
    for year in (2024, 2025):
        records.award(duc, "CSTDCS", year)
    steps = next_steps(commune_db, duc, 2026, dt.date(2026, 11, 1))
    hints = [step.hint for step in steps if step.hint is not None]
    assert any(h.params == {"year": 2026, "run": 3} and "complete 3" in h.message for h in hints)
    assert "BK_TINH" in [step.award for step in steps if step.verdict is not None]


def test_an_unknown_subject_is_refused(commune_db):
    with pytest.raises(NotFoundError):
        judge(commune_db, uuid.uuid4(), "LDTT", 2025, AS_OF)
