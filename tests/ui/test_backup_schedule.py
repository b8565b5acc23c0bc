"""The app backs itself up once a day while someone works and at closing, and says so."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton

from desktop.services.auto_backup import AT_CLOSE, DAILY, backup_files
from desktop.services.people import PersonFields, create_person
from desktop.ui.backup_schedule import BackupSchedule
from tests.ui.conftest import signed_in_window


def _backups(db, reason: str) -> list:
    return [item for item in backup_files(db.path.parent / "backups", db.path.stem) if item.reason == reason]


def _window_with_backups(qtbot, db, make_context):
    context = make_context(db)
    window = signed_in_window(qtbot, context)
    window.backups = BackupSchedule(window)
    window.show()
    return window, context


def test_signing_in_makes_the_daily_backup_and_the_status_bar_says_so(qtbot, commune_db, make_context):
    window, context = _window_with_backups(qtbot, commune_db, make_context)
    window.backups.start(context)
    qtbot.waitUntil(lambda: len(_backups(commune_db, DAILY)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã sao lưu" in window.statusBar().currentMessage(), timeout=10_000)
    window.backups.daily()  # again the same day: nothing new
    context.runner.wait()
    assert len(_backups(commune_db, DAILY)) == 1
    assert window.backups.timer.isActive()


def test_closing_waits_for_a_backup_of_the_day_s_work(qtbot, commune_db, make_context):
    window, context = _window_with_backups(qtbot, commune_db, make_context)
    window.backups.context = context
    create_person(commune_db, "admin", PersonFields(full_name="Lò Thị Ỏn"))

    window.close()
    assert window.isVisible() and window.backups.dialog is not None  # held open while it backs up
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)

    made = _backups(commune_db, AT_CLOSE)
    assert len(made) == 1
    window.backups.closed_after_backup = False
    window.backups.closing = None
    assert not window.backups.hold_closing()  # closing again: nothing new to keep, no wait


def test_skipping_the_closing_backup_closes_without_one(qtbot, commune_db, make_context):
    window, context = _window_with_backups(qtbot, commune_db, make_context)
    window.backups.context = context
    create_person(commune_db, "admin", PersonFields(full_name="Lò Thị Ỏn"))
    release = threading.Event()
    context.runner.submit("busy", lambda _task: release.wait(10), lambda _r: None, lambda _e: None)

    window.close()  # the backup waits behind the busy work
    skip = window.backups.dialog.findChild(QPushButton)
    assert skip.text() == "Bỏ qua sao lưu"
    skip.click()
    release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert _backups(commune_db, AT_CLOSE) == []
