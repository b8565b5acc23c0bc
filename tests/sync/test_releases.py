"""Rule parameters and the base salary published above reach the communes and are used there."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.errors import SoVangError
from desktop.rules.parameters import shipped_document
from desktop.services import eligibility, releases
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
