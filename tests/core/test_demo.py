"""The demo commune: deterministic per seed, and its history obeys the rules of domain.md §2.2."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.demo.builder import build_demo
from desktop.errors import SoVangError
from desktop.models import (
    AdminUnit,
    Award,
    CollectiveMember,
    Decision,
    Initiative,
    InitiativeAuthor,
    Registration,
)
from desktop.services.maintenance import check_database, content_digest
from desktop.services.setup import init_site


def _fresh(tmp_path, name: str) -> Database:
    db = Database.open(tmp_path / f"{name}.sqlite", create=True)
    init_site(db, "commune", "01290", "admin", "mat-khau-demo")
    return db


def test_the_same_seed_builds_the_same_content_and_another_seed_does_not(tmp_path):
    digests = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        db = _fresh(tmp_path, name)
        build_demo(db, "admin", seed=seed, persons=60)
        digests.append(content_digest(db))
        db.close()
    assert digests[0] == digests[1] != digests[2]


def test_demo_refuses_a_database_that_already_has_people(demo_db):
    with pytest.raises(SoVangError):
        build_demo(demo_db, "admin", seed=2, persons=60)


def test_demo_database_passes_every_check(demo_db):
    report = check_database(demo_db)
    assert report.ok, report.problems
    assert report.counts["people"] == 120 and report.counts["awards"] > 100


def _awards(session):
    held = defaultdict(set)
    rows = session.execute(
        select(
            Award.person_id,
            Award.collective_id,
            Award.award_code,
            Award.year,
            Decision.signed_on,
            AdminUnit.level,
        )
        .join(Decision, Award.decision_id == Decision.id)
        .join(AdminUnit, Decision.issuer_unit_id == AdminUnit.id)
    ).all()
    for person_id, collective_id, code, year, _signed, _level in rows:
        held[(person_id or collective_id, code)].add(year)
    return rows, held


def test_demo_history_obeys_the_rules(demo_db):
    with demo_db.session() as session:
        rows, held = _awards(session)
        registered = {
            (r.person_id or r.collective_id, r.award_code, r.year)
            for r in session.scalars(select(Registration))
        }
        initiatives = defaultdict(set)
        for author, scope, recognised_on in session.execute(
            select(InitiativeAuthor.person_id, Initiative.scope, Initiative.recognised_on).join(
                Initiative, InitiativeAuthor.initiative_id == Initiative.id
            )
        ):
            initiatives[(author, scope)].add(recognised_on.year)
        members = defaultdict(list)
        for membership in session.scalars(select(CollectiveMember)):
            members[membership.collective_id].append(membership.person_id)

    # R9: one subject, one award code, one year: at most once.
    counted = Counter((p or c, code, year) for p, c, code, year, _s, _l in rows)
    assert max(counted.values()) == 1

    per_year = defaultdict(Counter)
    for (subject, code), years in list(held.items()):
        for year in years:
            per_year[year][code] += 1
            if code in ("LDTT", "GDVH", "THON_VH", "TTLDTT"):
                assert (subject, code, year) in registered, "R10: no award without registration"
            if code == "CSTDCS":
                assert year in held[(subject, "LDTT")], "R1: CSTĐCS needs LĐTT the same year"
                assert year in initiatives[(subject, "co_so")], "R1: CSTĐCS needs an initiative"
            if code == "CSTD_TINH":
                assert {year - 2, year - 1, year} <= held[(subject, "CSTDCS")], "R3"
                assert year in initiatives[(subject, "tinh")], "R3: provincial initiative"
            if code == "BK_TINH":
                assert {year - 1, year} <= held[(subject, "CSTDCS")], "R7"
            if code == "TTLDTT":
                staff = members[subject]
                share = sum(year in held[(m, "LDTT")] for m in staff) / len(staff)
                assert share > 0.5, "R5: more than half the members hold LĐTT"
            if code == "TTLDXS":
                staff = members[subject]
                assert sum(year in held[(m, "LDTT")] for m in staff) / len(staff) >= 0.7, "R6"
                assert any(year in held[(m, "CSTDCS")] for m in staff), "R6: one CSTĐCS"
    for year, codes in per_year.items():
        assert codes["CSTDCS"] <= 0.15 * codes["LDTT"], f"R2 in {year}"


def test_districts_decide_only_before_the_two_tier_reform(demo_db):
    with demo_db.session() as session:
        rows, _held = _awards(session)
    district = [signed for *_rest, signed, level in rows if level == "district"]
    assert district and max(district) < dt.date(2025, 7, 1)
    cstdcs_2025 = [level for _p, _c, code, year, _s, level in rows if code == "CSTDCS" and year == 2025]
    assert set(cstdcs_2025) <= {"commune"}
