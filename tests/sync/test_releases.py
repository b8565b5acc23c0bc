"""Rule parameters, the base salary and the award catalog published above reach the communes and
are used there."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.errors import SoVangError, ValidationError
from desktop.models import AwardType
from desktop.rules.parameters import shipped_document
from desktop.services import eligibility, releases
from desktop.services.registrations import registrable_titles
from tests.sync.conftest import link
from tests.sync.test_exchange import add_person, send

TODAY = dt.date(2026, 11, 22)


def document(kind: str, **changes: object) -> bytes:
    return json.dumps({**shipped_document(kind), **changes}, ensure_ascii=False).encode()


def in_force(site) -> dict[str, releases.Release]:
    return {release.kind: release for release in releases.releases_in_force(site.db)}


def test_a_province_release_travels_through_the_district_and_the_commune_judges_with_it(sites, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    salary = shipped_document("base_salary")
    raised = {"from": "2026-07-01", "amount": 2_530_000, "basis": "Nghị định mới"}
    releases.publish(
        province.db,
        "admin",
        "base_salary",
        document("base_salary", version="2026.7", levels=[*salary["levels"], raised]),
        TODAY,
    )
    releases.publish(
        province.db,
        "admin",
        "rule_parameters",
        document("rule_parameters", version="2026.2", council_approval_percent_over=66),
        TODAY,
    )
    someone = add_person(a, "Nông Văn Dền")
    before = eligibility.judge(a.db, someone.id, "LDTT", 2026, TODAY).reward
    assert before.base_salary == 2_340_000

    send(province, district, tmp_path / "1")
    send(district, a, tmp_path / "2")

    held = in_force(a)
    assert (held["base_salary"].version, held["rule_parameters"].version) == ("2026.7", "2026.2")
    assert (
        held["base_salary"].issued_on == TODAY
        and held["base_salary"].issued_by == in_force(province)["base_salary"].issued_by
    )
    after = eligibility.judge(a.db, someone.id, "LDTT", 2026, TODAY).reward
    assert (after.base_salary, after.amount) == (2_530_000, 759_000)  # 0.3 × the new level
    with a.db.session() as session:
        assert releases.parameters_in_force(session).council_approval_percent_over == 66
    with pytest.raises(SoVangError, match="không thể ban hành"):
        releases.publish(
            a.db, "admin", "rule_parameters", document("rule_parameters", version="2027.1"), TODAY
        )


def test_in_the_two_tier_chain_a_release_comes_straight_from_the_province(sites, tmp_path):
    b, province = sites["commune_b"], sites["province"]
    link(b, province)
    releases.publish(
        province.db, "admin", "rule_parameters", document("rule_parameters", version="2026.5"), TODAY
    )
    send(province, b, tmp_path)
    assert in_force(b)["rule_parameters"].version == "2026.5"


def catalog_changing_ldtt_from(day: dt.date, **changes: object) -> bytes:
    """The shipped catalog, version 2026.2, with a newer version of LĐTT from `day`."""
    shipped = shipped_document("award_catalog")
    rows = []
    for row in shipped["award_types"]:
        if row["code"] == "LDTT" and row["valid_to"] is None:
            rows.append({**row, "valid_to": (day - dt.timedelta(days=1)).isoformat()})
            row = {**row, "valid_from": day.isoformat(), **changes}
        rows.append(row)
    return json.dumps({**shipped, "version": "2026.2", "award_types": rows}, ensure_ascii=False).encode()


def test_an_award_catalog_published_above_changes_what_a_commune_pays_and_prints(sites, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    renamed = "Lao động tiên tiến (danh mục 2026)"
    content = catalog_changing_ldtt_from(
        dt.date(2026, 7, 1), name=renamed, reward_multiplier=0.5, legal_basis="Nghị định sửa đổi 2026"
    )
    releases.publish(province.db, "admin", "award_catalog", content, TODAY)
    someone = add_person(a, "Nông Văn Dền")
    assert eligibility.judge(a.db, someone.id, "LDTT", 2026, TODAY).reward.multiplier == Decimal("0.3")

    send(province, district, tmp_path / "1")
    send(district, a, tmp_path / "2")

    assert in_force(a)["award_catalog"].version == "2026.2"
    reward = eligibility.judge(a.db, someone.id, "LDTT", 2026, TODAY).reward
    assert (reward.multiplier, reward.amount) == (Decimal("0.5"), 1_170_000)  # 0.5 × 2,340,000
    earlier = eligibility.judge(a.db, someone.id, "LDTT", 2026, dt.date(2026, 6, 1)).reward
    assert earlier.multiplier == Decimal("0.3")  # decided before the new version: the old one
    assert ("LDTT", renamed) in registrable_titles(releases.award_catalog(a.db), "person")
    with a.db.session() as session:
        listed = session.scalars(select(AwardType).where(AwardType.code == "LDTT")).all()
        assert {(row.valid_from, row.catalog_version) for row in listed} >= {(dt.date(2026, 7, 1), "2026.2")}
        closed = {row.valid_to for row in listed if row.valid_from < dt.date(2026, 7, 1)}
        assert dt.date(2026, 6, 30) in closed  # the version it follows now ends the day before


def test_a_catalog_correcting_a_version_in_place_corrects_the_listed_award(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    shipped = shipped_document("award_catalog")
    current = next(row for row in shipped["award_types"] if row["code"] == "LDTT" and row["valid_to"] is None)
    corrected = "Lao động tiên tiến (tên đã sửa)"
    rows = [{**row, "name": corrected} if row is current else row for row in shipped["award_types"]]
    content = json.dumps({**shipped, "version": "2026.3", "award_types": rows}, ensure_ascii=False).encode()
    releases.publish(province.db, "admin", "award_catalog", content, TODAY)
    send(province, a, tmp_path)

    with a.db.session() as session:
        row = session.scalars(
            select(AwardType).where(
                AwardType.code == "LDTT", AwardType.valid_from == dt.date.fromisoformat(current["valid_from"])
            )
        ).one()
    assert (row.name, row.catalog_version) == (corrected, "2026.3")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "KHONG_CO"}, "award_types: KHONG_CO"),  # an award the rules do not know
        ({"form": "commendation"}, "award_types: LDTT"),  # no longer a title: the rules are not for that
        ({"conferrer": "ai_do"}, "conferrers"),
        ({"reward_multiplier": "nhiều"}, "reward_multiplier"),
    ],
)
def test_a_catalog_the_rules_cannot_use_is_refused_and_nothing_is_published(sites, changes, field):
    province = sites["province"]
    content = catalog_changing_ldtt_from(dt.date(2026, 7, 1), **changes)
    with pytest.raises(ValidationError, match=field):
        releases.publish(province.db, "admin", "award_catalog", content, TODAY)
    assert in_force(province)["award_catalog"].version == shipped_document("award_catalog")["version"]
