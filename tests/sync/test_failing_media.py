"""A full, write-protected or pulled-out stick: a clear message, and the database and the stick's
earlier files exactly as they were. The stick is a real 8 MB drive (tmpfs)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import select

from desktop.db.backup import backup_file
from desktop.files import WriteFailed
from desktop.models import AuditEntry
from desktop.services import people
from desktop.services.auto_backup import BEFORE_IMPORT, automatic_backup
from desktop.services.office import office_settings, save_office_settings
from desktop.sync.exchange import export_bundle
from tests.sync.conftest import dump, link

FULL = "Không đủ chỗ trống"
READ_ONLY = "chỉ cho đọc"
PULLED_OUT = "bị rút ra"


def _exports(site) -> list[str]:
    with site.db.session() as session:
        return session.scalars(select(AuditEntry.action).where(AuditEntry.action == "sync.export")).all()


def _fill_database(site, count: int = 300) -> None:
    """Enough people that a bundle or a backup does not fit in what is left."""
    for number in range(count):
        people.create_person(site.db, "admin", people.PersonFields(full_name=f"Hà Thị Thu {number}"))


@pytest.fixture
def commune(sites):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    _fill_database(a)
    return a, province


def test_a_bundle_for_a_full_stick_is_refused_and_written_once_there_is_room(commune, stick):
    a, province = commune
    stick.fill()
    before, database = stick.files(), dump(a)

    with pytest.raises(WriteFailed, match=FULL):
        export_bundle(a.db, "admin", a.secrets, province.card.site_id, stick.folder)

    assert stick.files() == before  # no partial bundle, the earlier file untouched
    assert dump(a) == database and _exports(a) == []
    (stick.folder / "filler.bin").unlink()
    written = export_bundle(a.db, "admin", a.secrets, province.card.site_id, stick.folder)
    assert written.path.exists() and _exports(a) == ["sync.export"]


def test_a_write_protected_stick_is_named_as_such(commune, stick):
    a, province = commune
    stick.protect()
    before, database = stick.files(), dump(a)

    with pytest.raises(WriteFailed, match=READ_ONLY):
        export_bundle(a.db, "admin", a.secrets, province.card.site_id, stick.folder / "chuyen-len")

    assert stick.files() == before and dump(a) == database


@pytest.mark.sqlite_file
def test_a_backup_onto_a_full_stick_leaves_the_database_and_the_stick_as_they_were(commune, stick):
    a, _province = commune
    stick.fill()
    before, database = stick.files(), dump(a)

    with pytest.raises(WriteFailed, match=FULL):
        backup_file(a.db.path, stick.folder / "sao-luu.sqlite")

    assert stick.files() == before and dump(a) == database


@pytest.mark.sqlite_file
def test_a_stick_pulled_out_during_a_backup_is_reported_and_the_database_is_whole(commune, stick):
    a, _province = commune
    database = dump(a)
    pulled: list[bool] = []

    def copied(done: int, total: int) -> None:
        if not pulled:
            stick.pull_out()
            pulled.append(True)

    with pytest.raises(WriteFailed, match=PULLED_OUT):
        backup_file(a.db.path, stick.folder / "sao-luu.sqlite", progress=copied)

    assert pulled and dump(a) == database
    connection = sqlite3.connect(a.db.path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


@pytest.mark.sqlite_file
def test_the_automatic_backup_is_kept_beside_the_database_when_the_office_stick_is_full(commune, stick):
    a, _province = commune
    settings = office_settings(a.db)
    settings.backup_folder, settings.signer_name = str(stick.folder), "Lò Văn Mon"
    save_office_settings(a.db, "admin", settings)
    stick.fill()
    before = stick.files()

    made = automatic_backup(a.db, BEFORE_IMPORT)

    assert made is not None and made.local.exists() and made.copy is None
    assert FULL in made.copy_problem
    assert stick.files() == before


@pytest.mark.sqlite_file
def test_the_command_line_says_the_stick_is_full_and_exits_with_an_error(commune, stick):
    a, _province = commune
    stick.fill()
    before = stick.files()
    target = stick.folder / "danh-sach.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "excel",
            "export",
            "people",
            "--db",
            str(a.db.path),
            "--out",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
    )
    assert done.returncode != 0 and FULL in done.stderr
    assert "Traceback" not in done.stderr
    assert stick.files() == before
