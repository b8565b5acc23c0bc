"""Backup and restore round trips, and refusals that change nothing."""

import sqlite3
import threading

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.db.backup import backup_file
from desktop.errors import DatabaseError, ValidationError
from desktop.models import Person, Site
from desktop.progress import Cancelled
from desktop.services.auto_backup import BY_HAND, automatic_backup
from desktop.services.backups import make_backup, restore_backup
from desktop.services.people import PersonFields, create_person
from desktop.services.site_keys import KeysLocked
from tests.conftest import ADMIN_PASSWORD


def _names(path) -> list[str]:
    db = Database.open(path)
    with db.session() as session:
        names = sorted(session.scalars(select(Person.full_name)))
    db.close()
    return names


def _epoch(path) -> int:
    db = Database.open(path)
    with db.session() as session:
        epoch = session.scalars(select(Site.epoch)).one()
    db.close()
    return epoch


def test_backup_then_restore_brings_back_exactly_what_was_saved(commune_path, tmp_path):
    db = Database.open(commune_path)
    create_person(db, "admin", PersonFields(full_name="Hoàng Văn Thụ"))
    db.close()
    backup = make_backup(commune_path, tmp_path / "saved.sqlite", "admin")

    db = Database.open(commune_path)
    create_person(db, "admin", PersonFields(full_name="Nông Thị Xuân"))
    db.close()
    assert _names(commune_path) == ["Hoàng Văn Thụ", "Nông Thị Xuân"]
    epoch_before = _epoch(commune_path)

    new_epoch = restore_backup(commune_path, backup, "admin")

    assert _names(commune_path) == ["Hoàng Văn Thụ"]
    assert new_epoch == _epoch(commune_path) > epoch_before
    safety = list((commune_path.parent / "backups").glob("*before-restore*.sqlite"))
    assert len(safety) == 1 and _names(safety[0]) == ["Hoàng Văn Thụ", "Nông Thị Xuân"]


def test_a_backup_passes_the_integrity_check(commune_path, tmp_path):
    out = make_backup(commune_path, tmp_path / "b.sqlite", "admin")
    connection = sqlite3.connect(out)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(commune_path, tmp_path):
    bogus = tmp_path / "photo.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    before = commune_path.read_bytes()
    with pytest.raises(DatabaseError):
        restore_backup(commune_path, bogus, "admin")
    assert commune_path.read_bytes() == before
    with pytest.raises(DatabaseError):
        restore_backup(commune_path, tmp_path / "missing.sqlite", "admin")


def test_a_cancelled_backup_leaves_no_file(demo_path, tmp_path):
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "cancelled.sqlite"
    with pytest.raises(Cancelled):
        backup_file(demo_path, out, cancel=cancel)
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()


def test_backup_reports_progress(demo_path, tmp_path):
    seen = []
    backup_file(demo_path, tmp_path / "p.sqlite", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0


def test_a_backup_to_a_missing_folder_is_refused_clearly_and_not_audited(commune_path, tmp_path):
    from sqlalchemy import func, select

    from desktop.db import Database
    from desktop.errors import SoVangError
    from desktop.models import AuditEntry
    from desktop.services.backups import make_backup

    def entries() -> int:
        db = Database.open(commune_path)
        with db.session() as session:
            count = session.scalar(select(func.count()).select_from(AuditEntry))
        db.close()
        return count

    before = entries()
    try:
        make_backup(commune_path, tmp_path / "no-such-folder" / "sao-luu.sqlite", "admin")
    except SoVangError as error:
        assert "sao-luu.sqlite" in str(error)
    else:
        raise AssertionError("the backup was accepted")
    assert entries() == before


def test_a_backup_of_another_office_is_refused_and_nothing_changes(commune_path, province_db, tmp_path):
    other = make_backup(province_db.path, tmp_path / "tinh.sqlite", "admin")
    db = Database.open(commune_path)
    create_person(db, "admin", PersonFields(full_name="Hoàng Văn Thụ"))
    db.close()
    epoch_before = _epoch(commune_path)

    with pytest.raises(DatabaseError, match="của một đơn vị khác"):
        restore_backup(commune_path, other, "admin")

    assert _names(commune_path) == ["Hoàng Văn Thụ"] and _epoch(commune_path) == epoch_before


def test_an_encrypted_backup_restores_with_the_administrators_password_only(commune_path, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    db = Database.open(commune_path)
    create_person(db, "admin", PersonFields(full_name="Hoàng Văn Thụ"))
    sealed = automatic_backup(db, BY_HAND, folder=stick).copy
    create_person(db, "admin", PersonFields(full_name="Nông Thị Xuân"))
    db.close()

    with pytest.raises(ValidationError, match="mật khẩu"):
        restore_backup(commune_path, sealed, "admin")
    with pytest.raises(KeysLocked):
        restore_backup(commune_path, sealed, "admin", password="sai-mat-khau")
    assert _names(commune_path) == ["Hoàng Văn Thụ", "Nông Thị Xuân"]  # refused: nothing changed

    restore_backup(commune_path, sealed, "admin", password=ADMIN_PASSWORD)

    assert _names(commune_path) == ["Hoàng Văn Thụ"]
    assert not list((commune_path.parent / "backups").glob("*.opened.sqlite"))  # no clear copy left


def _records(path) -> list[str]:
    """Every row of the database as SQL, but for what a restore itself writes: the site's new
    epoch and the stream of its old one, its audit entry and the settings that track them."""
    connection = sqlite3.connect(path)
    try:
        skipped = tuple(
            f'INSERT INTO "{table}"' for table in ("site", "sync_stream", "audit_entry", "setting")
        )
        return [line for line in connection.iterdump() if not line.startswith(skipped)]
    finally:
        connection.close()


def test_a_restore_returns_the_exact_earlier_state(demo_path, tmp_path):
    db = Database.open(demo_path)
    saved = make_backup(demo_path, tmp_path / "saved.sqlite", "admin")
    before = _records(saved)
    someone = create_person(db, "admin", PersonFields(full_name="Nông Thị Xuân"))
    with db.transaction("admin") as session:
        first = session.scalars(select(Person).where(Person.id != someone.id)).first()
        first.full_name = "Tên Đã Sửa"
    db.close()
    assert _records(demo_path) != before

    restore_backup(demo_path, saved, "admin")

    assert _records(demo_path) == before
