"""Publishing rule parameters and the base salary: what is refused, what stays in force."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.errors import ValidationError
from desktop.models import AuditEntry, ReferenceRelease
from desktop.rules.parameters import shipped_document
from desktop.services import releases
from tests.conftest import ADMIN_PASSWORD, db_argument

TODAY = dt.date(2026, 11, 22)


def document(kind: str, **changes: object) -> bytes:
    return json.dumps({**shipped_document(kind), **changes}, ensure_ascii=False).encode()


def versions(db) -> dict[str, str]:
    return {release.kind: release.version for release in releases.releases_in_force(db)}


def release_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(ReferenceRelease))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not json", "không phải là tài liệu JSON"),
        (b"[1, 2]", "không phải là tài liệu JSON"),
        (document("rule_parameters", version="2027.1", cstdcs_quota_percent=150), "cstdcs_quota_percent"),
        (document("rule_parameters", version="2027.1", cstdcs_quota_percent="15"), "cstdcs_quota_percent"),
        (document("rule_parameters", version="2027.x"), "version"),
        (
            document("rule_parameters", version="2027.1", calendar=[{"day": "29/02", "vi": "a", "en": "b"}]),
            "calendar",
        ),
        (json.dumps({"version": "2027.1"}).encode(), "cstdcs_quota_percent"),
        (document("rule_parameters", version="2026.1"), "không mới hơn phiên bản 2026.1"),
        (b"{" + b" " * 300_000 + b"}", "quá lớn"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_recorded(province_db, content, message):
    with pytest.raises(ValidationError, match=message):
        releases.publish(province_db, "admin", "rule_parameters", content, TODAY)
    assert release_count(province_db) == 0
    assert versions(province_db)["rule_parameters"] == shipped_document("rule_parameters")["version"]


def test_base_salary_levels_must_be_positive_and_on_distinct_dates(province_db):
    levels = shipped_document("base_salary")["levels"]
    for bad in ([*levels, {**levels[-1], "amount": -1}], [*levels, dict(levels[-1])], []):
        with pytest.raises(ValidationError):
            releases.publish(
                province_db,
                "admin",
                "base_salary",
                document("base_salary", version="2030.1", levels=bad),
                TODAY,
            )
    assert release_count(province_db) == 0


def test_the_newest_readable_release_is_in_force_and_one_this_app_cannot_read_is_passed_over(province_db):
    releases.publish(
        province_db,
        "admin",
        "rule_parameters",
        document("rule_parameters", version="2026.2", cstdcs_quota_percent=20),
        TODAY,
    )
    with province_db.transaction("admin") as session:  # as if it came from a newer app, or was damaged
        session.add(
            ReferenceRelease(
                kind="rule_parameters", version="2026.10", issued_on=TODAY, content='{"version": "2026.10"}'
            )
        )
    assert versions(province_db)["rule_parameters"] == "2026.2"
    with province_db.session() as session:
        assert releases.parameters_in_force(session).cstdcs_quota_percent == 20
        assert session.scalar(select(func.count()).where(AuditEntry.action == "release.publish")) == 1
    releases.publish(
        province_db, "admin", "rule_parameters", document("rule_parameters", version="2026.11"), TODAY
    )
    with province_db.session() as session:
        assert releases.parameters_in_force(session).cstdcs_quota_percent == 15


def test_the_cli_shows_and_publishes(province_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
    path = tmp_path / "luong.json"
    levels = [*shipped_document("base_salary")["levels"], {"from": "2026-07-01", "amount": 2_530_000}]
    path.write_bytes(document("base_salary", version="2026.7", levels=levels))
    db = db_argument(province_db)
    assert main(["rules", "publish", "base_salary", str(path), "--db", db]) == 0
    assert "đã ban hành phiên bản 2026.7" in capsys.readouterr().out
    assert main(["rules", "show", "--db", db, "--json"]) == 0
    shown = {row["kind"]: row for row in json.loads(capsys.readouterr().out)["releases"]}
    assert (
        shown["base_salary"]["version"] == "2026.7"
        and shown["base_salary"]["issued_on"] == dt.date.today().isoformat()
    )
    assert shown["rule_parameters"]["issued_by"] is None
    assert main(["rules", "publish", "base_salary", str(path), "--db", db]) == 1
    assert "không mới hơn" in capsys.readouterr().err
