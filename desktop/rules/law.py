"""The rules of the law, R0–R13, each with its legal basis and the period it governs.

R1–R11 are those of `../shared/domain.md` §2.2; R0 (the award exists for this subject on this
date), R12 (the LĐTT rating) and R13 (discipline) are the preconditions every office applies.
A rule applies to a case when the case's achievement period ends within the rule's dates, so a
later version (R1') governs only the years after it took effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from desktop.codes import AwardSubject, DisciplineLevel, InitiativeScope, Rating, SubjectKind
from desktop.i18n import N_, format_date
from desktop.rules.case import Case, Member
from desktop.rules.catalog import Catalog
from desktop.rules.parameters import Parameters
from desktop.rules.titles import (
    AMENDMENT_2026,
    Holding,
    discipline_in,
    holds,
    initiatives_in,
    rating_at_least,
    run,
)
from desktop.rules.verdict import Finding, Status

Check = Callable[[Case, Parameters], list[Finding]]

ANNUAL_INDIVIDUAL = ("LDTT", "CSTDCS")
ANNUAL_TITLES = ("LDTT", "CSTDCS", "TTLDTT", "TTLDXS")
ALL_SCOPES = tuple(scope.value for scope in InitiativeScope)
LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"


@dataclass(frozen=True)
class Rule:
    id: str
    awards: tuple[str, ...] | None
    """The award codes the rule judges; None for every award."""
    legal_basis: str
    check: Check
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    subjects: tuple[str, ...] = tuple(SubjectKind)

    def applies(self, case: Case, period_end: dt.date) -> bool:
        return (
            (self.awards is None or case.award in self.awards)
            and case.subject_kind in self.subjects
            and (self.effective_from is None or self.effective_from <= period_end)
            and (self.effective_to is None or period_end <= self.effective_to)
        )


def _holding(catalog: Catalog, code: str, year: int, holding: Holding) -> Finding:
    if holding.held:
        return Finding(
            Status.PASS,
            N_("Holds {award} {year}."),
            {"award": catalog.name(code), "year": year},
            (holding.evidence,),
        )
    if holding.held is False:
        return Finding(
            Status.FAIL,
            N_("Cannot hold {award} {year}: the record shows {why}."),
            {"award": catalog.name(code), "year": year, "why": holding.evidence},
            (holding.evidence,),
        )
    return Finding(
        Status.UNKNOWN,
        N_("{award} {year} is not recorded; add the decision if it was awarded."),
        {"award": catalog.name(code), "year": year},
        missing=(f"{code} {year}",),
    )


def _rating(case: Case, minimum: Rating) -> Finding:
    params = {"year": case.year, "minimum": minimum.value}
    state = rating_at_least(case.history, case.year, minimum)
    if state is None:
        return Finding(
            Status.UNKNOWN,
            N_("No rating is recorded for {year} ({minimum} needed)."),
            params,
            missing=(f"rating {case.year}",),
        )
    evidence = (f"rating {case.history.ratings[case.year]} {case.year}",)
    if state:
        return Finding(Status.PASS, N_("Rated {minimum} or better in {year}."), params, evidence)
    return Finding(Status.FAIL, N_("Rated below {minimum} in {year}."), params, evidence)


def _initiative(case: Case, first: int, last: int, scopes: tuple[str, ...], alternative: str) -> Finding:
    found = initiatives_in(case.history, first, last, scopes)
    period = str(last) if first == last else f"{first}–{last}"
    if found:
        return Finding(
            Status.PASS,
            N_("An initiative of the required scope was recognised in {period}."),
            {"period": period},
            tuple(record.evidence() for record in found),
        )
    return Finding(
        Status.UNKNOWN,
        N_("No initiative of the required scope recognised in {period} is recorded; {alternative}"),
        {"period": period, "alternative": alternative},
        missing=(f"initiative {'/'.join(scopes)} {period}",),
    )


RESEARCH_ALTERNATIVE = N_(
    "an accepted research work or ingenuity recognised by the unit also qualifies (the council judges)."
)


def check_award_exists(case: Case, parameters: Parameters) -> list[Finding]:
    catalog = parameters.catalog
    entry = catalog.entry(case.award, case.as_of)
    params = {"award": catalog.name(case.award), "date": format_date(case.as_of)}
    if entry is None:
        return [Finding(Status.FAIL, N_("{award} is not conferred on {date}."), params)]
    findings = []
    if entry.subject not in (AwardSubject.ANY, AwardSubject.of(case.subject_kind)):
        findings.append(
            Finding(
                Status.FAIL,
                N_("{award} is not given to a subject of this kind."),
                params,
                legal_basis=entry.legal_basis,
            )
        )
    if case.year > case.as_of.year:
        findings.append(
            Finding(
                Status.FAIL,
                N_("The achievement year {year} has not begun on {date}."),
                {**params, "year": case.year},
                legal_basis=entry.legal_basis,
            )
        )
    if not findings:
        findings.append(
            Finding(
                Status.PASS,
                N_("{award} is conferred on {date} by {conferrer}."),
                {**params, "conferrer": catalog.conferrer_title(entry.conferrer)},
                legal_basis=entry.legal_basis,
            )
        )
    return findings


def check_r1(case: Case, params: Parameters) -> list[Finding]:
    return [
        _holding(params.catalog, "LDTT", case.year, holds(case.history, "LDTT", case.year)),
        _initiative(case, case.year, case.year, ALL_SCOPES, RESEARCH_ALTERNATIVE),
    ]


def check_r1_amended(case: Case, _params: Parameters) -> list[Finding]:
    return [
        _rating(case, Rating.HTXS),
        _initiative(case, case.year, case.year, ALL_SCOPES, RESEARCH_ALTERNATIVE),
    ]


def check_r2_quota(case: Case, params: Parameters) -> list[Finding]:
    if case.unit is None:
        return [
            Finding(
                Status.UNKNOWN,
                N_("The unit's LĐTT and CSTĐCS counts for {year} are not known."),
                {"year": case.year},
                missing=("unit counts",),
                legal_basis=params.cstdcs_quota_basis,
            )
        ]
    if case.unit.ldtt_count == 0:
        return [
            Finding(
                Status.UNKNOWN,
                N_("No LĐTT is recorded in the unit for {year} yet; the quota cannot be counted."),
                {"year": case.year},
                missing=("unit LDTT",),
                legal_basis=params.cstdcs_quota_basis,
            )
        ]
    count = case.unit.cstdcs_count + 1
    allowed = case.unit.ldtt_count * params.cstdcs_quota_percent // 100
    values = {
        "count": count,
        "allowed": allowed,
        "percent": params.cstdcs_quota_percent,
        "ldtt": case.unit.ldtt_count,
    }
    status = Status.PASS if count <= allowed else Status.FAIL
    message = (
        N_(
            "{count} CSTĐCS in the unit with this one, "
            "within the {allowed} allowed ({percent}% of {ldtt} LĐTT)."
        )
        if status is Status.PASS
        else N_(
            "{count} CSTĐCS in the unit with this one, "
            "over the {allowed} allowed ({percent}% of {ldtt} LĐTT)."
        )
    )
    return [Finding(status, message, values, legal_basis=params.cstdcs_quota_basis)]


def _run(case: Case, catalog: Catalog, code: str, end: int, length: int) -> Finding:
    years = run(case.history, code, end, length)
    params = {"award": catalog.name(code), "length": length, "first": end - length + 1, "last": end}
    broken = [(year, holding) for year, holding in years if holding.held is False]
    if broken:
        year, holding = broken[0]
        return Finding(
            Status.FAIL,
            N_("{length} consecutive {award} in {first}–{last} are needed; {year} breaks the run ({why})."),
            {**params, "year": year, "why": holding.evidence},
            (holding.evidence,),
        )
    unknown = [year for year, holding in years if holding.held is None]
    evidence = tuple(holding.evidence for _year, holding in years if holding.held)
    if unknown:
        return Finding(
            Status.UNKNOWN,
            N_("{length} consecutive {award} in {first}–{last} are needed; not recorded: {years}."),
            {**params, "years": ", ".join(map(str, unknown))},
            evidence,
            missing=tuple(f"{code} {year}" for year in unknown),
        )
    return Finding(Status.PASS, N_("{length} consecutive {award} in {first}–{last}."), params, evidence)


def check_r3(case: Case, params: Parameters) -> list[Finding]:
    end = params.run_end(case.year)
    return [
        _run(case, params.catalog, "CSTDCS", end, 3),
        _initiative(
            case,
            end - 2,
            end,
            ("tinh", "toan_quoc"),
            N_("an applied research work of provincial effect also qualifies (the council judges)."),
        ),
    ]


def check_r4(case: Case, params: Parameters) -> list[Finding]:
    end = params.run_end(case.year)
    return [
        _run(case, params.catalog, "CSTD_TINH", end, 2),
        _initiative(
            case,
            end - 4,
            end,
            ("toan_quoc",),
            N_("a research work of national effect also qualifies (the council judges)."),
        ),
    ]


def _member_share(
    members: tuple[Member, ...], test: Callable[[Member], bool | None]
) -> tuple[int, int, list[str]]:
    """How many members pass for sure, and which are not known either way."""
    sure, unknown = 0, []
    for member in members:
        state = test(member)
        if state:
            sure += 1
        elif state is None:
            unknown.append(member.name)
    return sure, len(members), unknown


def _members_known(case: Case) -> Finding | None:
    if not case.members:
        return Finding(Status.UNKNOWN, N_("The collective's members are not recorded."), missing=("members",))
    return None


def _ldtt_share(case: Case, percent: int, strictly_over: bool) -> Finding:
    assert case.members
    sure, total, unknown = _member_share(case.members, lambda m: holds(m.history, "LDTT", case.year).held)

    def meets(count: int) -> bool:
        return count * 100 > percent * total if strictly_over else count * 100 >= percent * total

    params = {"count": sure, "total": total, "percent": percent, "year": case.year}
    if meets(sure):
        return Finding(
            Status.PASS, N_("{count} of {total} members hold LĐTT {year} (needed: {percent}%)."), params
        )
    if not meets(sure + len(unknown)):
        return Finding(
            Status.FAIL,
            N_("Only {count} of {total} members can hold LĐTT {year} (needed: {percent}%)."),
            params,
        )
    return Finding(
        Status.UNKNOWN,
        N_("{count} of {total} members hold LĐTT {year} (needed: {percent}%); not recorded for: {names}."),
        {**params, "names": ", ".join(unknown)},
        missing=(f"LDTT {case.year} of {len(unknown)} members",),
    )


def check_r5(case: Case, params: Parameters) -> list[Finding]:
    findings = [_rating(case, Rating.HTT)]
    missing = _members_known(case)
    if missing:
        return [*findings, missing]
    assert case.members
    findings.append(_ldtt_share(case, params.ttldtt_member_ldtt_percent_over, strictly_over=True))
    punished = [m.name for m in case.members if discipline_in(m.history, case.year, DisciplineLevel.CANH_CAO)]
    if punished:
        findings.append(
            Finding(
                Status.FAIL,
                N_("Members disciplined at cảnh cáo or above in {year}: {names}."),
                {"year": case.year, "names": ", ".join(punished)},
            )
        )
    else:
        findings.append(
            Finding(
                Status.PASS,
                N_("No member is recorded as disciplined at cảnh cáo or above in {year}."),
                {"year": case.year},
            )
        )
    return findings


def check_r6(case: Case, params: Parameters) -> list[Finding]:
    findings = [_rating(case, Rating.HTXS)]
    missing = _members_known(case)
    if missing:
        return [*findings, missing]
    assert case.members
    year = case.year
    sure, total, unknown = _member_share(case.members, lambda m: rating_at_least(m.history, year, Rating.HTT))
    values = {"count": sure, "total": total, "year": year}
    if sure == total:
        findings.append(
            Finding(Status.PASS, N_("All {total} members are rated HTT or better in {year}."), values)
        )
    elif sure + len(unknown) < total:
        findings.append(
            Finding(Status.FAIL, N_("Not every member is rated HTT or better in {year}."), values)
        )
    else:
        findings.append(
            Finding(
                Status.UNKNOWN,
                N_("Ratings for {year} are not recorded for: {names}."),
                {**values, "names": ", ".join(unknown)},
                missing=(f"rating {year} of {len(unknown)} members",),
            )
        )
    findings.append(_ldtt_share(case, params.ttldxs_member_ldtt_percent_at_least, strictly_over=False))
    holders = [m for m in case.members if holds(m.history, "CSTDCS", year).held]
    possible = [m for m in case.members if holds(m.history, "CSTDCS", year).held is None]
    if holders:
        findings.append(
            Finding(
                Status.PASS,
                N_("A member holds CSTĐCS {year}."),
                {"year": year},
                (f"{holders[0].name}: CSTDCS {year}",),
            )
        )
    elif possible:
        findings.append(
            Finding(
                Status.UNKNOWN,
                N_("No member's CSTĐCS {year} is recorded."),
                {"year": year},
                missing=(f"CSTDCS {year} of a member",),
            )
        )
    else:
        findings.append(Finding(Status.FAIL, N_("No member can hold CSTĐCS {year}."), {"year": year}))
    return findings


def check_r7(case: Case, params: Parameters) -> list[Finding]:
    """Bằng khen tỉnh, individual: either alternative (d) holds, or only the council can judge."""
    end = params.run_end(case.year)
    by_titles = _run(case, params.catalog, "CSTDCS", end, 2)
    first = end - 1
    ratings = [rating_at_least(case.history, year, Rating.HTXS) for year in (first, end)]
    initiatives = initiatives_in(case.history, first, end, ("co_so", "tinh", "toan_quoc"))
    values = {"first": first, "last": end}
    if by_titles.status is Status.PASS:
        return [by_titles]
    if all(ratings) and len(initiatives) >= 2:
        return [
            Finding(
                Status.PASS,
                N_("HTXS in {first} and {last} with two recognised initiatives."),
                values,
                tuple(record.evidence() for record in initiatives),
            )
        ]
    return [
        Finding(
            Status.UNKNOWN,
            N_(
                "Neither two consecutive CSTĐCS nor two years HTXS with two initiatives ({first}–{last}) "
                "are recorded; Điều 74 also allows an outstanding or ad-hoc achievement, "
                "which the council judges."
            ),
            values,
            by_titles.evidence,
            missing=by_titles.missing,
        )
    ]


def check_r8(case: Case, _params: Parameters) -> list[Finding]:
    """HCLĐ hạng Ba, point (e); the long-service point (g, ND 152/2025 Art. 21) is left to the council."""
    first = case.year - 4
    prior = [record for record in case.history.awards if record.award == "BK_TTG" and not record.proposed]
    ratings = [rating_at_least(case.history, year, Rating.HTT) for year in range(first, case.year + 1)]
    excellent = [
        year for year in range(first, case.year + 1) if case.history.ratings.get(year) == Rating.HTXS
    ]
    titles = [
        year for year in range(first, case.year + 1) if case.history.award("CSTDCS", year, proposed=False)
    ]
    values = {"first": first, "last": case.year}
    if prior and all(ratings) and excellent and len(titles) >= 3:
        return [
            Finding(
                Status.PASS,
                N_(
                    "Bằng khen of the Prime Minister held; {first}–{last} rated HTT or better, "
                    "with HTXS and three CSTĐCS."
                ),
                values,
                (prior[-1].evidence(), *(f"CSTDCS {year}" for year in titles)),
            )
        ]
    return [
        Finding(
            Status.UNKNOWN,
            N_(
                "Point (e) is not met by the record (Bằng khen of the Prime Minister, "
                "then {first}–{last} rated HTT or better with one HTXS and three CSTĐCS); "
                "the long-service point (g) is judged by the council."
            ),
            values,
            missing=() if prior else ("BK_TTG",),
        )
    ]


def check_r9_double(case: Case, params: Parameters) -> list[Finding]:
    values = {"award": params.catalog.name(case.award), "year": case.year}
    awarded = case.history.award(case.award, case.year, proposed=False)
    if awarded:
        return [
            Finding(
                Status.FAIL, N_("{award} {year} has already been awarded."), values, (awarded.evidence(),)
            )
        ]
    proposed = case.history.award(case.award, case.year, proposed=True)
    if proposed:
        return [
            Finding(Status.FAIL, N_("{award} {year} is already proposed."), values, (proposed.evidence(),))
        ]
    findings = [Finding(Status.PASS, N_("{award} {year} has not been awarded or proposed before."), values)]
    entry = params.catalog.entry(case.award, case.as_of)
    if entry and entry.form == "commendation":
        commendations = params.catalog.codes_where(form="commendation")
        others = [r for r in case.history.awards if r.year == case.year and r.award in commendations]
        if others:
            findings.append(
                Finding(
                    Status.MANUAL,
                    N_("Other commendations in {year}; confirm they were for a different achievement."),
                    values,
                    tuple(record.evidence() for record in others),
                )
            )
    return findings


def check_r10_registration(case: Case, _params: Parameters) -> list[Finding]:
    registered = case.history.registrations.get(case.year)
    if registered:
        return [
            Finding(
                Status.PASS,
                N_("Registered for emulation in {year}."),
                {"year": case.year},
                tuple(f"registration {case.year}: {code}" for code in registered),
            )
        ]
    return [
        Finding(
            Status.UNKNOWN,
            N_("No emulation registration for {year} is recorded."),
            {"year": case.year},
            missing=(f"registration {case.year}",),
        )
    ]


TIME_BASIS = {
    # award → (the earlier award whose years cannot be counted again, first year the new one counts)
    "CSTD_TINH": ("CSTD_TINH", lambda year, p: p.run_end(year) - 2),
    "CSTD_TQ": ("CSTD_TQ", lambda year, p: p.run_end(year) - 1),
    "BK_TINH": ("BK_TINH", lambda year, p: p.run_end(year) - 1),
    "HCLD3": ("BK_TTG", lambda year, _p: year - 4),
}


def check_r11_time_basis(case: Case, params: Parameters) -> list[Finding]:
    earlier_code, first_year = TIME_BASIS[case.award]
    first = first_year(case.year, params)
    overlapping = [
        record
        for record in case.history.awards
        if record.award == earlier_code and not record.proposed and first <= record.year < case.year
    ]
    values = {"award": params.catalog.name(earlier_code), "first": first}
    if overlapping:
        return [
            Finding(
                Status.FAIL,
                N_("The years from {first} were already counted for an earlier {award}."),
                values,
                tuple(record.evidence() for record in overlapping),
            )
        ]
    return [Finding(Status.PASS, N_("No earlier {award} counts the years from {first}."), values)]


def check_r12_ldtt_rating(case: Case, _params: Parameters) -> list[Finding]:
    return [_rating(case, Rating.HTT)]


def check_r13_discipline(case: Case, _params: Parameters) -> list[Finding]:
    record = discipline_in(case.history, case.year, DisciplineLevel.KHIEN_TRACH)
    if record:
        return [
            Finding(
                Status.FAIL,
                N_("Disciplined in {year} ({level})."),
                {"year": case.year, "level": record.level},
                (f"discipline {record.level} {record.year}",),
            )
        ]
    return [Finding(Status.PASS, N_("No discipline is recorded for {year}."), {"year": case.year})]


RULES: tuple[Rule, ...] = (
    Rule("R0", None, "Danh mục khen thưởng", check_award_exists),
    Rule(
        "R1",
        ("CSTDCS",),
        f"{LAW_2022} (Điều 23); Luật TĐKT 2003 sửa đổi 2013 (Điều 23)",
        check_r1,
        effective_to=AMENDMENT_2026 - dt.timedelta(days=1),
        subjects=(SubjectKind.PERSON,),
    ),
    Rule(
        "R1'",
        ("CSTDCS",),
        "Luật 06/2026/QH16 sửa đổi Luật TĐKT (chưa xác nhận)",
        check_r1_amended,
        effective_from=AMENDMENT_2026,
        subjects=(SubjectKind.PERSON,),
    ),
    Rule(
        "R2",
        ("CSTDCS",),
        "Nghị định 91/2017/NĐ-CP; quy chế TĐKT của tỉnh",
        check_r2_quota,
        subjects=(SubjectKind.PERSON,),
    ),
    Rule("R3", ("CSTD_TINH",), f"{LAW_2022} (Điều 22)", check_r3, subjects=(SubjectKind.PERSON,)),
    Rule("R4", ("CSTD_TQ",), f"{LAW_2022} (Điều 21)", check_r4, subjects=(SubjectKind.PERSON,)),
    Rule(
        "R5",
        ("TTLDTT",),
        f"{LAW_2022} (Điều 28); Luật TĐKT 2003 sửa đổi 2013",
        check_r5,
        subjects=(SubjectKind.COLLECTIVE,),
    ),
    Rule("R6", ("TTLDXS",), f"{LAW_2022}, Điều 27", check_r6, subjects=(SubjectKind.COLLECTIVE,)),
    Rule("R7", ("BK_TINH",), f"{LAW_2022}, Điều 74", check_r7, subjects=(SubjectKind.PERSON,)),
    Rule(
        "R8",
        ("HCLD3",),
        f"{LAW_2022}, Điều 44 khoản 1 điểm e; Nghị định 152/2025/NĐ-CP, Điều 21",
        check_r8,
        subjects=(SubjectKind.PERSON,),
    ),
    Rule("R9", None, f"{LAW_2022}, Điều 6 (không khen nhiều hình thức cho một thành tích)", check_r9_double),
    Rule(
        "R10",
        ANNUAL_TITLES,
        "Đăng ký thi đua (Thông tư 01/2024/TT-BNV; quy chế của tỉnh)",
        check_r10_registration,
    ),
    Rule(
        "R11",
        tuple(TIME_BASIS),
        "Thời gian tính thành tích cho lần khen tiếp theo (chưa xác nhận)",
        check_r11_time_basis,
        subjects=(SubjectKind.PERSON,),
    ),
    Rule("R12", ("LDTT",), f"{LAW_2022} (Điều 24)", check_r12_ldtt_rating, subjects=(SubjectKind.PERSON,)),
    Rule(
        "R13",
        (*ANNUAL_INDIVIDUAL, "CSTD_TINH"),
        "Thông tư 01/2024/TT-BNV; quy chế TĐKT của tỉnh (chưa xác nhận)",
        check_r13_discipline,
        subjects=(SubjectKind.PERSON,),
    ),
)

GIAY_KHEN = N_(
    "An achievement in a movement, an ad-hoc achievement, or duties done well (the council judges)."
)
"""What every Giấy khen asks, whoever confers it."""

QUALITATIVE = {
    "LDTT": N_(
        "Complies with the policies of the Party and the State, has good ethics, solidarity, and takes part "
        "in emulation and study."
    ),
    "CSTDCS": N_("Exemplary among the unit's LĐTT in ethics, solidarity and work."),
    "CSTD_TINH": N_(
        "Outstanding among those with three consecutive CSTĐCS; the province recognises the "
        "initiative's effect."
    ),
    "CSTD_TQ": N_(
        "Most outstanding among the CSTĐ of ministries and provinces; the initiative has national effect."
    ),
    "TTLDTT": N_("Regular, effective emulation; solidarity; compliance with policy."),
    "TTLDXS": N_("Creative, effective emulation; solidarity; compliance with policy."),
    "GDVH": N_(
        "The three criteria groups of Nghị định 86/2023/NĐ-CP, "
        "reviewed by the village and posted for 10 days."
    ),
    "THON_VH": N_("The criteria of Nghị định 86/2023/NĐ-CP as detailed by the province; posted for 10 days."),
    "XA_TIEU_BIEU": N_("The five criteria of Nghị định 86/2023/NĐ-CP as detailed by the province."),
    "GK_XA": GIAY_KHEN,
    "GK_HUYEN": GIAY_KHEN,
    "GK_SO": GIAY_KHEN,
    "BK_TINH": N_("An outstanding achievement the council confirms."),
    "CO_TD_TINH": N_("The leading collective of its emulation cluster or block, as the province reviews."),
    "HCLD3": N_("Exemplary conduct and contribution the council confirms."),
}
"""The criteria no machine can judge: listed for the council, status `manual`."""

NOT_CHECKED = N_(
    "Sổ Vàng does not check the criteria of this award; the council and the upper level judge them."
)
