"""Each rule on both sides of its boundaries, through the JSON reader, as `sovang eligibility` runs it.

A row: the case, the verdict expected, and the worst status expected of named rules
(fail > unknown > manual > pass; "-" means the rule must not apply to the case).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from desktop.rules.case import case_from_dict
from desktop.rules.engine import evaluate
from desktop.rules.parameters import default_parameters
from tests.rules.cases import case, members

WORST = ("fail", "unknown", "manual", "pass")
HTT5 = {2025: "HTT"}
OK_LDTT = {"ratings": HTT5, "registered": (2025,)}
"""A worker rated HTT in 2025 who registered: the ordinary LĐTT candidate."""
CSTDCS_2025 = {
    "awards": ("LDTT:2025",),
    "ratings": {2025: "HTXS"},
    "initiatives": ("co_so:2025",),
    "registered": (2025,),
    "unit": (40, 5),
}
CHAIN = {"awards": ("CSTDCS:2023", "CSTDCS:2024", "CSTDCS:2025"), "initiatives": ("tinh:2024",)}
LDTT_MEMBER = {"awards": ("LDTT:2025",), "ratings": {2025: "HTT"}}
HT_MEMBER = {"ratings": {2025: "HT"}}
COLLECTIVE = {"kind": "collective", "ratings": HTT5, "registered": (2025,)}
EXCELLENT = {"kind": "collective", "ratings": {2025: "HTXS"}, "registered": (2025,)}
CSTDCS_MEMBER = {"awards": ("LDTT:2025", "CSTDCS:2025"), "ratings": {2025: "HTXS"}}
HTT_NO_LDTT = {"ratings": {2025: "HTT"}, "disciplines": ("khien_trach:2025",)}
"""Rated HTT, yet the discipline rules out LĐTT: counts for "100 % HTT" and against "70 % LĐTT"."""
HCLD = {
    "awards": ("BK_TTG:2019", "CSTDCS:2021", "CSTDCS:2023", "CSTDCS:2025"),
    "ratings": {2021: "HTT", 2022: "HTT", 2023: "HTXS", 2024: "HTT", 2025: "HTT"},
}

ROWS = [
    # LĐTT: rating (R12), discipline (R13), registration (R10), the catalog (R0), double award (R9)
    ("ldtt-htt", case("LDTT", 2025, **OK_LDTT), "eligible", {"R12": "pass", "R10": "pass", "Q": "manual"}),
    (
        "ldtt-htxs",
        case("LDTT", 2025, ratings={2025: "HTXS"}, registered=(2025,)),
        "eligible",
        {"R12": "pass"},
    ),
    ("ldtt-ht", case("LDTT", 2025, ratings={2025: "HT"}, registered=(2025,)), "ineligible", {"R12": "fail"}),
    (
        "ldtt-kht",
        case("LDTT", 2025, ratings={2025: "KHT"}, registered=(2025,)),
        "ineligible",
        {"R12": "fail"},
    ),
    ("ldtt-no-rating", case("LDTT", 2025, registered=(2025,)), "unknown", {"R12": "unknown"}),
    ("ldtt-not-registered", case("LDTT", 2025, ratings=HTT5), "unknown", {"R10": "unknown", "R12": "pass"}),
    (
        "ldtt-registered-other-year",
        case("LDTT", 2025, ratings=HTT5, registered=(2024,)),
        "unknown",
        {"R10": "unknown"},
    ),
    (
        "ldtt-disciplined",
        case("LDTT", 2025, disciplines=("khien_trach:2025",), **OK_LDTT),
        "ineligible",
        {"R13": "fail"},
    ),
    (
        "ldtt-disciplined-year-before",
        case("LDTT", 2025, disciplines=("canh_cao:2024",), **OK_LDTT),
        "eligible",
        {"R13": "pass"},
    ),
    (
        "ldtt-already-awarded",
        case("LDTT", 2025, awards=("LDTT:2025",), **OK_LDTT),
        "ineligible",
        {"R9": "fail"},
    ),
    (
        "ldtt-already-proposed",
        case("LDTT", 2025, proposed=("LDTT:2025",), **OK_LDTT),
        "ineligible",
        {"R9": "fail"},
    ),
    (
        "ldtt-awarded-year-before",
        case("LDTT", 2025, awards=("LDTT:2024",), **OK_LDTT),
        "eligible",
        {"R9": "pass"},
    ),
    (
        "ldtt-for-a-collective",
        case("LDTT", 2025, kind="collective", ratings=HTT5, registered=(2025,)),
        "ineligible",
        {"R0": "fail", "R12": "-"},
    ),
    (
        "ldtt-year-not-begun",
        case("LDTT", 2027, ratings={2027: "HTT"}, registered=(2027,)),
        "ineligible",
        {"R0": "fail"},
    ),
    # CSTĐCS before the amendment: R1 (LĐTT and an initiative), R2 (quota), R13
    (
        "cstdcs-complete",
        case("CSTDCS", 2025, **CSTDCS_2025),
        "eligible",
        {"R1": "pass", "R2": "pass", "R1'": "-"},
    ),
    (
        "cstdcs-ldtt-not-recorded",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "awards": ()}),
        "unknown",
        {"R1": "unknown"},
    ),
    (
        "cstdcs-ldtt-impossible",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "awards": (), "ratings": {2025: "HT"}}),
        "ineligible",
        {"R1": "fail"},
    ),
    (
        "cstdcs-no-initiative",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "initiatives": ()}),
        "unknown",
        {"R1": "unknown"},
    ),
    (
        "cstdcs-initiative-year-before",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "initiatives": ("co_so:2024",)}),
        "unknown",
        {"R1": "unknown"},
    ),
    (
        "cstdcs-provincial-initiative",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "initiatives": ("tinh:2025",)}),
        "eligible",
        {"R1": "pass"},
    ),
    (
        "cstdcs-quota-at-limit",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "unit": (40, 5)}),
        "eligible",
        {"R2": "pass"},
    ),
    (
        "cstdcs-quota-over",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "unit": (40, 6)}),
        "ineligible",
        {"R2": "fail"},
    ),
    (
        "cstdcs-quota-rounds-down-in",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "unit": (20, 2)}),
        "eligible",
        {"R2": "pass"},
    ),
    (
        "cstdcs-quota-rounds-down-out",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "unit": (6, 0)}),
        "ineligible",
        {"R2": "fail"},
    ),
    (
        "cstdcs-no-ldtt-recorded-yet",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "unit": (0, 0)}),
        "unknown",
        {"R2": "unknown"},
    ),
    (
        "cstdcs-quota-unknown",
        case("CSTDCS", 2025, **{**CSTDCS_2025, "unit": None}),
        "unknown",
        {"R2": "unknown"},
    ),
    (
        "cstdcs-disciplined",
        case("CSTDCS", 2025, disciplines=("canh_cao:2025",), **CSTDCS_2025),
        "ineligible",
        {"R13": "fail"},
    ),
    # CSTĐCS across the 2026 amendment (R1'): HTXS instead of LĐTT for periods ending from 01/10/2026
    (
        "cstdcs-2026-htt-fails",
        case(
            "CSTDCS",
            2026,
            as_of="2026-12-20",
            awards=("LDTT:2026",),
            ratings={2026: "HTT"},
            initiatives=("co_so:2026",),
            registered=(2026,),
            unit=(40, 0),
        ),
        "ineligible",
        {"R1'": "fail", "R1": "-"},
    ),
    (
        "cstdcs-2026-htxs",
        case(
            "CSTDCS",
            2026,
            as_of="2026-12-20",
            ratings={2026: "HTXS"},
            initiatives=("co_so:2026",),
            registered=(2026,),
            unit=(40, 0),
        ),
        "eligible",
        {"R1'": "pass", "R1": "-"},
    ),
    (
        "cstdcs-2026-no-rating",
        case(
            "CSTDCS", 2026, as_of="2026-12-20", initiatives=("co_so:2026",), registered=(2026,), unit=(40, 0)
        ),
        "unknown",
        {"R1'": "unknown"},
    ),
    (
        "cstdcs-2025-keeps-old-rule",
        case("CSTDCS", 2025, as_of="2026-12-20", **CSTDCS_2025),
        "eligible",
        {"R1": "pass", "R1'": "-"},
    ),
    # CSTĐ cấp tỉnh (R3) and the time basis of the next proposal (R11)
    ("cstd-tinh-three-years", case("CSTD_TINH", 2025, **CHAIN), "eligible", {"R3": "pass", "R11": "pass"}),
    (
        "cstd-tinh-gap-year",
        case(
            "CSTD_TINH",
            2025,
            awards=("CSTDCS:2023", "CSTDCS:2025"),
            ratings={2024: "HT"},
            initiatives=("tinh:2024",),
        ),
        "ineligible",
        {"R3": "fail"},
    ),
    (
        "cstd-tinh-year-not-recorded",
        case(
            "CSTD_TINH",
            2025,
            awards=("CSTDCS:2023", "CSTDCS:2025"),
            ratings={2024: "HTT"},
            initiatives=("tinh:2024",),
        ),
        "unknown",
        {"R3": "unknown"},
    ),
    (
        "cstd-tinh-grassroots-initiative",
        case("CSTD_TINH", 2025, **{**CHAIN, "initiatives": ("co_so:2024",)}),
        "unknown",
        {"R3": "unknown"},
    ),
    (
        "cstd-tinh-years-counted-before",
        case("CSTD_TINH", 2025, **{**CHAIN, "awards": (*CHAIN["awards"], "CSTD_TINH:2023")}),
        "ineligible",
        {"R11": "fail"},
    ),
    (
        "cstd-tinh-earlier-run-apart",
        case("CSTD_TINH", 2025, **{**CHAIN, "awards": (*CHAIN["awards"], "CSTD_TINH:2022")}),
        "eligible",
        {"R11": "pass"},
    ),
    (
        "cstd-tinh-disciplined",
        case("CSTD_TINH", 2025, disciplines=("khien_trach:2025",), **CHAIN),
        "ineligible",
        {"R13": "fail"},
    ),
    (
        "cstd-tinh-for-a-collective",
        case("CSTD_TINH", 2025, kind="collective", **CHAIN),
        "ineligible",
        {"R0": "fail", "R3": "-"},
    ),
    # CSTĐ toàn quốc (R4)
    (
        "cstd-tq-two-years",
        case("CSTD_TQ", 2025, awards=("CSTD_TINH:2024", "CSTD_TINH:2025"), initiatives=("toan_quoc:2024",)),
        "eligible",
        {"R4": "pass"},
    ),
    (
        "cstd-tq-one-year",
        case("CSTD_TQ", 2025, awards=("CSTD_TINH:2025",), initiatives=("toan_quoc:2024",)),
        "unknown",
        {"R4": "unknown"},
    ),
    (
        "cstd-tq-provincial-initiative",
        case("CSTD_TQ", 2025, awards=("CSTD_TINH:2024", "CSTD_TINH:2025"), initiatives=("tinh:2024",)),
        "unknown",
        {"R4": "unknown"},
    ),
    # Tập thể lao động tiên tiến (R5): more than half the members LĐTT, no cảnh cáo
    (
        "ttldtt-60-percent",
        case("TTLDTT", 2025, members=members((6, LDTT_MEMBER), (4, HT_MEMBER)), **COLLECTIVE),
        "eligible",
        {"R5": "pass", "R10": "pass"},
    ),
    (
        "ttldtt-exactly-half",
        case("TTLDTT", 2025, members=members((5, LDTT_MEMBER), (5, HT_MEMBER)), **COLLECTIVE),
        "ineligible",
        {"R5": "fail"},
    ),
    (
        "ttldtt-half-and-one-unknown",
        case("TTLDTT", 2025, members=members((5, LDTT_MEMBER), (1, {}), (4, HT_MEMBER)), **COLLECTIVE),
        "unknown",
        {"R5": "unknown"},
    ),
    (
        "ttldtt-member-warned",
        case(
            "TTLDTT",
            2025,
            members=members(
                (6, LDTT_MEMBER),
                (1, {"ratings": {2025: "HT"}, "disciplines": ("canh_cao:2025",)}),
                (3, HT_MEMBER),
            ),
            **COLLECTIVE,
        ),
        "ineligible",
        {"R5": "fail"},
    ),
    (
        "ttldtt-member-reprimanded",
        case(
            "TTLDTT",
            2025,
            members=members(
                (6, LDTT_MEMBER),
                (1, {"ratings": {2025: "HT"}, "disciplines": ("khien_trach:2025",)}),
                (3, HT_MEMBER),
            ),
            **COLLECTIVE,
        ),
        "eligible",
        {"R5": "pass"},
    ),
    ("ttldtt-members-unknown", case("TTLDTT", 2025, **COLLECTIVE), "unknown", {"R5": "unknown"}),
    (
        "ttldtt-collective-rated-ht",
        case("TTLDTT", 2025, members=members((6, LDTT_MEMBER)), **{**COLLECTIVE, "ratings": {2025: "HT"}}),
        "ineligible",
        {"R5": "fail"},
    ),
    (
        "ttldtt-for-a-household",
        case("TTLDTT", 2025, members=members((2, LDTT_MEMBER)), **{**COLLECTIVE, "kind": "household"}),
        "ineligible",
        {"R0": "fail", "R5": "-"},
    ),
    # Tập thể lao động xuất sắc (R6): HTXS, 100 % HTT, ≥ 70 % LĐTT, a CSTĐCS
    (
        "ttldxs-complete",
        case(
            "TTLDXS",
            2025,
            members=members((1, CSTDCS_MEMBER), (6, LDTT_MEMBER), (3, HTT_NO_LDTT)),
            **EXCELLENT,
        ),
        "eligible",
        {"R6": "pass"},
    ),
    (
        "ttldxs-70-percent",
        case(
            "TTLDXS",
            2025,
            members=members((1, CSTDCS_MEMBER), (69, LDTT_MEMBER), (30, HTT_NO_LDTT)),
            **EXCELLENT,
        ),
        "eligible",
        {"R6": "pass"},
    ),
    (
        "ttldxs-69-percent",
        case(
            "TTLDXS",
            2025,
            members=members((1, CSTDCS_MEMBER), (68, LDTT_MEMBER), (31, HTT_NO_LDTT)),
            **EXCELLENT,
        ),
        "ineligible",
        {"R6": "fail"},
    ),
    (
        "ttldxs-one-member-ht",
        case(
            "TTLDXS", 2025, members=members((1, CSTDCS_MEMBER), (8, LDTT_MEMBER), (1, HT_MEMBER)), **EXCELLENT
        ),
        "ineligible",
        {"R6": "fail"},
    ),
    (
        "ttldxs-no-cstdcs-recorded",
        case("TTLDXS", 2025, members=members((10, LDTT_MEMBER)), **EXCELLENT),
        "unknown",
        {"R6": "unknown"},
    ),
    (
        "ttldxs-collective-htt",
        case(
            "TTLDXS",
            2025,
            members=members((1, CSTDCS_MEMBER), (9, LDTT_MEMBER)),
            **{**EXCELLENT, "ratings": HTT5},
        ),
        "ineligible",
        {"R6": "fail"},
    ),
    # Bằng khen tỉnh for a person (R7), and its time basis (R11)
    (
        "bk-tinh-two-cstdcs",
        case("BK_TINH", 2025, awards=("CSTDCS:2024", "CSTDCS:2025")),
        "eligible",
        {"R7": "pass", "R11": "pass", "Q": "manual"},
    ),
    (
        "bk-tinh-htxs-two-initiatives",
        case("BK_TINH", 2025, ratings={2024: "HTXS", 2025: "HTXS"}, initiatives=("co_so:2024", "co_so:2025")),
        "eligible",
        {"R7": "pass"},
    ),
    (
        "bk-tinh-htxs-one-initiative",
        case("BK_TINH", 2025, ratings={2024: "HTXS", 2025: "HTXS"}, initiatives=("co_so:2025",)),
        "unknown",
        {"R7": "unknown"},
    ),
    (
        "bk-tinh-one-htxs-year",
        case("BK_TINH", 2025, ratings={2024: "HTT", 2025: "HTXS"}, initiatives=("co_so:2024", "co_so:2025")),
        "unknown",
        {"R7": "unknown"},
    ),
    (
        "bk-tinh-counted-before",
        case("BK_TINH", 2025, awards=("CSTDCS:2024", "CSTDCS:2025", "BK_TINH:2024")),
        "ineligible",
        {"R11": "fail"},
    ),
    (
        "bk-tinh-for-a-collective",
        case("BK_TINH", 2025, kind="collective"),
        "eligible",
        {"R7": "-", "R11": "-", "Q": "manual"},
    ),
    # Huân chương Lao động hạng Ba (R8), counted after the Bằng khen of the Prime Minister (R11)
    ("hcld3-point-e", case("HCLD3", 2025, **HCLD), "eligible", {"R8": "pass", "R11": "pass"}),
    (
        "hcld3-bk-ttg-too-recent",
        case("HCLD3", 2025, **{**HCLD, "awards": ("BK_TTG:2022", *HCLD["awards"][1:])}),
        "ineligible",
        {"R11": "fail"},
    ),
    (
        "hcld3-two-cstdcs",
        case("HCLD3", 2025, **{**HCLD, "awards": HCLD["awards"][:3]}),
        "unknown",
        {"R8": "unknown"},
    ),
    (
        "hcld3-a-year-below-htt",
        case("HCLD3", 2025, **{**HCLD, "ratings": {**HCLD["ratings"], 2022: "HT"}}),
        "unknown",
        {"R8": "unknown"},
    ),
    # Commendations and community titles: qualitative criteria for the council, the catalog's dates
    (
        "gk-xa-with-other-commendation",
        case("GK_XA", 2025, awards=("BK_TINH:2025",)),
        "eligible",
        {"R9": "manual", "Q": "manual"},
    ),
    ("gk-xa-twice", case("GK_XA", 2025, awards=("GK_XA:2025",)), "ineligible", {"R9": "fail"}),
    ("gk-huyen-after-the-districts", case("GK_HUYEN", 2025), "ineligible", {"R0": "fail"}),
    ("gk-huyen-before", case("GK_HUYEN", 2024, as_of="2024-12-01"), "eligible", {"R0": "pass"}),
    ("gdvh-household", case("GDVH", 2025, kind="household"), "eligible", {"Q": "manual", "R10": "-"}),
    ("gdvh-for-a-person", case("GDVH", 2025), "ineligible", {"R0": "fail"}),
    ("thon-vh", case("THON_VH", 2025, kind="collective"), "eligible", {"Q": "manual"}),
    ("bk-ttg-not-checked", case("BK_TTG", 2025), "unknown", {"Q": "unknown"}),
]


def _worst(verdict, rule: str) -> str:
    statuses = [reason.status.value for reason in verdict.reasons if reason.rule == rule]
    return min(statuses, key=WORST.index) if statuses else "-"


@pytest.mark.parametrize(
    ("data", "expected", "rules"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_rule_table(data, expected, rules):
    verdict = evaluate(case_from_dict(data))
    assert verdict.outcome.value == expected, [
        (r.rule, r.status.value, r.text("en")) for r in verdict.reasons
    ]
    assert {rule: _worst(verdict, rule) for rule in rules} == rules


def test_the_table_covers_every_rule():
    seen = {rule for _name, data, _expected, _rules in ROWS for rule in _rules}
    assert {
        "R0",
        "R1",
        "R1'",
        "R2",
        "R3",
        "R4",
        "R5",
        "R6",
        "R7",
        "R8",
        "R9",
        "R10",
        "R11",
        "R12",
        "R13",
    } <= seen
    assert len(ROWS) >= 60


def test_the_province_can_align_runs_on_the_year_before():
    """With `title_run_ends_in_award_year` off, CSTĐ tỉnh 2026 counts CSTĐCS 2023–2025."""
    data = case("CSTD_TINH", 2026, as_of="2027-02-01", **CHAIN)
    params = dataclasses.replace(default_parameters(), title_run_ends_in_award_year=False)
    assert evaluate(case_from_dict(data), params).outcome.value == "eligible"
    assert evaluate(case_from_dict(data)).outcome.value == "unknown"  # 2026 itself is not recorded


def test_the_reward_follows_the_catalog_and_base_salary_of_the_day():
    after = evaluate(case_from_dict(case("LDTT", 2025, **OK_LDTT))).reward
    assert (after.multiplier, after.base_salary, after.amount) == (Decimal("0.3"), 2_340_000, 702_000)
    before = evaluate(
        case_from_dict(case("LDTT", 2024, as_of="2024-06-15", ratings={2024: "HTT"}, registered=(2024,)))
    ).reward
    assert before.multiplier is None and before.amount is None and before.base_salary == 1_800_000


def test_reasons_speak_vietnamese_and_english_and_name_what_is_missing():
    verdict = evaluate(case_from_dict(case("CSTDCS", 2025, **{**CSTDCS_2025, "awards": ()})))
    reason = next(r for r in verdict.reasons if r.rule == "R1" and r.status.value == "unknown")
    assert (
        reason.text("vi")
        == "Chưa ghi nhận Lao động tiên tiến năm 2025; nếu đã được khen, hãy nhập quyết định."
    )
    assert reason.text("en") == "Lao động tiên tiến 2025 is not recorded; add the decision if it was awarded."
    assert "LDTT 2025" in verdict.missing
    assert reason.legal_basis.startswith("Luật Thi đua, khen thưởng 06/2022/QH15")
