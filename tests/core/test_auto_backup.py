"""Automatic backups: made when something changed, verified, copied to the office's folder, rotated."""

import datetime as dt
import shutil

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import DatabaseError, SoVangError
from desktop.models import AuditEntry
from desktop.services import auto_backup
from desktop.services.accounts import authenticate
from desktop.services.auto_backup import (
    AT_CLOSE,
    BEFORE_IMPORT,
    BY_HAND,
    DAILY,
    KEPT,
    automatic_backup,
    backup_files,
    changed_since_backup,
    daily_due,
    known_backups,
)
from desktop.services.office import office_settings, save_office_settings
from desktop.services.people import PersonFields, create_person
from desktop.services.sealed_backups import open_sealed
from desktop.services.site_keys import KeysLocked
from tests.conftest import ADMIN_PASSWORD, person_names

pytestmark = pytest.mark.sqlite_file  # backups of a shared server database are its server's job


def _set_folder(db: Database, folder) -> None:
    settings = office_settings(db)
    settings.backup_folder = str(folder)
    settings.signer_name = settings.signer_name or "Lò Văn Mon"
    save_office_settings(db, "admin", settings)


def _old_backups(db, reason: str, stamps: list[str]):
    """Backups of `reason` made before, under the given stamps; returns the folder and the stem."""
    folder = db.path.parent / "backups"
    folder.mkdir(exist_ok=True)
    for stamp in stamps:
        shutil.copy(db.path, folder / f"{db.path.stem}-{reason}-{stamp}.sqlite")
    return folder, db.path.stem


def test_a_backup_is_made_only_when_something_was_recorded_since_the_last(commune_db):
    first = automatic_backup(commune_db, AT_CLOSE)
    assert first is not None and first.local.exists()
    assert not changed_since_backup(commune_db)
    assert automatic_backup(commune_db, AT_CLOSE) is None  # nothing new to keep

    authenticate(commune_db, "admin", ADMIN_PASSWORD)  # signing in records nothing to keep
    assert not changed_since_backup(commune_db)

    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    assert changed_since_backup(commune_db)
    second = automatic_backup(commune_db, AT_CLOSE)
    assert second is not None and "Lò Văn Pọm" in person_names(second.local)
    with commune_db.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.action == "backup.create")).all()
    assert len(actions) == 2


def test_older_backups_of_a_kind_are_rotated_out_and_others_are_kept(commune_db):
    # nine old daily backups, and one made before an upgrade
    folder, stem = _old_backups(commune_db, DAILY, [f"202601{day:02d}-080000" for day in range(1, 10)])
    shutil.copy(commune_db.path, folder / f"{stem}-before-upgrade-from-0006-20250101-080000.sqlite")
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))

    made = automatic_backup(commune_db, DAILY)

    assert made is not None
    daily = [item for item in backup_files(folder, stem) if item.reason == DAILY]
    assert len(daily) == KEPT[DAILY]
    assert daily[0].path == made.local
    assert [item.made_at.day for item in daily[1:]] == [9, 8, 7, 6, 5, 4]
    upgrade = [item for item in backup_files(folder, stem) if item.reason.startswith("before-upgrade")]
    assert len(upgrade) == 1 and upgrade[0].reason_label == "Trước khi nâng cấp"


def test_the_new_backup_survives_rotation_even_with_the_clock_set_back(commune_db):
    """A PC whose clock is wrong names its new backup older than the others: it is still kept."""
    folder, stem = _old_backups(commune_db, AT_CLOSE, [f"2030{month:02d}01-080000" for month in range(1, 10)])
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    made = automatic_backup(commune_db, AT_CLOSE)
    assert made is not None and made.local.exists()
    assert len([item for item in backup_files(folder, stem) if item.reason == AT_CLOSE]) == KEPT[AT_CLOSE]


def test_a_failed_backup_rotates_nothing_out(commune_db, monkeypatch):
    folder, stem = _old_backups(commune_db, DAILY, [f"202601{day:02d}-080000" for day in range(1, 10)])
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    blocker = folder / "blocked"
    blocker.mkdir()

    def into_a_folder(db_path, reason, progress=None, cancel=None):
        return auto_backup.backup.backup_file(db_path, blocker, progress, cancel)  # a folder: refused

    monkeypatch.setattr(auto_backup.backup, "timestamped_backup", into_a_folder)
    with pytest.raises(SoVangError, match="Không ghi được"):
        automatic_backup(commune_db, DAILY)
    assert len(backup_files(folder, stem)) == 9


def test_the_copy_for_the_office_stick_is_encrypted_and_a_missing_stick_is_reported(commune_db, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    _set_folder(commune_db, stick)
    create_person(commune_db, "admin", PersonFields(full_name="Vàng Thị Mỷ"))
    made = automatic_backup(commune_db, BEFORE_IMPORT)
    assert made is not None and made.copy is not None and made.copy_problem is None
    assert made.copy.parent == stick and made.copy.suffix == ".svbak"
    assert "Vàng Thị Mỷ".encode() not in made.copy.read_bytes()  # a lost stick gives nothing away
    opened = open_sealed(made.copy, ADMIN_PASSWORD, tmp_path / "opened.sqlite")
    assert person_names(opened) == person_names(made.local) == ["Vàng Thị Mỷ"]
    with pytest.raises(KeysLocked):
        open_sealed(made.copy, "sai-mat-khau", tmp_path / "again.sqlite")
    assert {item.path for item in known_backups(commune_db)} == {made.local, made.copy}
    assert [item.sealed for item in known_backups(commune_db) if item.path == made.copy] == [True]

    shutil.rmtree(stick)  # the stick is pulled out
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    made = automatic_backup(commune_db, BEFORE_IMPORT)
    assert made is not None and made.local.exists() and made.copy is None
    assert "USB" in made.copy_problem and str(stick) in made.copy_problem


@pytest.mark.parametrize("damage", ["flip", "truncate", "append"])
def test_a_damaged_encrypted_backup_is_refused_whole(commune_db, tmp_path, damage):
    stick = tmp_path / "stick"
    stick.mkdir()
    create_person(commune_db, "admin", PersonFields(full_name="Vàng Thị Mỷ"))
    made = automatic_backup(commune_db, BY_HAND, folder=stick)
    data = bytearray(made.copy.read_bytes())
    assert len(data) > 1024 * 1024  # more than one chunk of the stream
    if damage == "flip":
        data[-5_000] ^= 1
    elif damage == "truncate":
        data = data[: len(data) - 1024 * 1024 // 2]
    else:
        data += b"more"
    made.copy.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="bị hỏng"):
        open_sealed(made.copy, ADMIN_PASSWORD, tmp_path / "opened.sqlite")
    assert not (tmp_path / "opened.sqlite").exists()


def test_a_daily_backup_is_due_once_a_day_when_something_changed(commune_db):
    today = dt.date.today()
    assert daily_due(commune_db, today)
    automatic_backup(commune_db, DAILY)
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    assert not daily_due(commune_db, today)  # one today already
    assert daily_due(commune_db, today + dt.timedelta(days=1))


def test_a_shared_server_database_is_left_to_its_own_backups(commune_db):
    server_like = Database(commune_db.engine, None)
    assert automatic_backup(server_like, AT_CLOSE) is None
    assert not (commune_db.path.parent / "backups").exists() or not list(
        (commune_db.path.parent / "backups").iterdir()
    )
