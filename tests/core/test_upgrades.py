"""Upgrades keep the data: each past schema version's database, written by the app as it was then
(tests/fixtures/schema/make.sh), opens in this version backed up, migrated, whole and usable."""

from __future__ import annotations

import gzip
import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from desktop.db import Database, migrate
from desktop.paths import backups_dir_for
from desktop.services.maintenance import check_database
from desktop.services.people import PersonFields, create_person
from desktop.services.search import search
from desktop.services.site import site_info

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"
REVISIONS = sorted(path.name.split(".")[0] for path in FIXTURES.glob("*.sqlite.gz"))
COUNTED = ("person", "collective", "decision", "award", "proposal", "proposal_item", "movement")


def test_there_is_a_fixture_for_every_past_schema_version():
    assert set(REVISIONS) == migrate.known_revisions() - {migrate.head_revision()}


def unpacked(revision: str, folder: Path) -> Path:
    target = folder / f"xa-{revision}.sqlite"
    target.write_bytes(gzip.decompress((FIXTURES / f"{revision}.sqlite.gz").read_bytes()))
    return target


def as_written(path: Path) -> tuple[dict[str, int], set[str]]:
    connection = sqlite3.connect(path)
    try:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED
        }
        names = {row[0] for row in connection.execute("SELECT full_name FROM person")}
    finally:
        connection.close()
    return counts, names


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_database_of_an_older_version_is_backed_up_migrated_and_kept_whole(revision, tmp_path):
    path = unpacked(revision, tmp_path)
    counts, names = as_written(path)
    assert counts["person"] >= 40 and counts["award"] > 0  # the fixture holds real records

    db = Database.open(path)
    try:
        report = check_database(db)
        assert report.ok, report.problems
        assert report.schema_revision == migrate.head_revision()
        assert site_info(db).unit_name == "Xã Bảo Lâm"
        newcomer = create_person(db, "admin", PersonFields(full_name="Hoàng Thị Nhung", birth_year=1990))
        assert [hit.id for hit in search(db, "hoang thi nhung")] == [newcomer.id]
        kept = sorted(names)[0]
        assert kept in {hit.title for hit in search(db, kept)}
    finally:
        db.close()

    after, names_after = as_written(path)
    assert after == {**counts, "person": counts["person"] + 1}
    assert names_after == names | {"Hoàng Thị Nhung"}
    backups = list(backups_dir_for(path).glob(f"*before-upgrade-from-{revision}*.sqlite"))
    assert len(backups) == 1
    assert as_written(backups[0]) == (counts, names)  # the backup is the file as the old version left it


def test_a_peer_enrolled_on_a_districts_word_keeps_whose_after_the_upgrade(tmp_path):
    """Schema 0014 reads whose word enrolled each peer from the activity log of the older file."""
    path = unpacked("0013", tmp_path)
    district, commune = uuid.uuid4(), uuid.uuid4()
    connection = sqlite3.connect(path)
    with connection:
        for site, role, name in ((district, "district", "Huyện Bảo Lâm"), (commune, "commune", "Xã Lý Bôn")):
            connection.execute(
                "INSERT INTO peer_site (id, role, unit_code, unit_name, signing_public, encryption_public, "
                "enrolled_at) VALUES (?, ?, '', ?, ?, ?, '2026-11-20 08:00:00.000000')",
                (site.hex, role, name, bytes(32), bytes(32)),
            )
        last_id, last_hash = connection.execute(
            "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1"
        ).fetchone()
        for number, (site, details) in enumerate(
            ((district, {"unit": ""}), (commune, {"unit": "01291", "via": str(district)})), start=1
        ):
            connection.execute(
                "INSERT INTO audit_entry (id, at, username, action, record_type, record_id, details, "
                "prev_hash, hash) VALUES (?, '2026-11-20 08:00:00.000000', 'admin', 'sync.enroll', "
                "'peer_site', ?, ?, ?, ?)",
                (last_id + number, str(site), json.dumps(details), last_hash, last_hash),
            )
    connection.close()

    Database.open(path).close()

    connection = sqlite3.connect(path)
    try:
        vouched = dict(connection.execute("SELECT id, vouched_by_site_id FROM peer_site"))
    finally:
        connection.close()
    assert vouched == {district.hex: None, commune.hex: district.hex}
