"""A session left alone is covered by a sign-in screen; input keeps it open; the same user finds
their work as it was, another user gets fresh screens under their own name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.services.accounts import create_account
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import signed_in_window


def sign_in(window, username: str, password: str) -> None:
    window.lock_panel.username.setText(username)
    window.lock_panel.password.setText(password)
    window.lock_panel.sign_in()


def test_an_idle_session_is_covered_its_dialogs_close_and_the_same_user_resumes(qtbot, demo_db, make_context):
    window = signed_in_window(qtbot, make_context(demo_db))
    window.show()
    people = window.open_page("people")
    dialog = QDialog(window)
    dialog.show()
    window.idle.timer.setInterval(50)
    qtbot.waitUntil(lambda: window.lock_panel is not None, timeout=5_000)
    assert not dialog.isVisible()
    assert window.stack.currentWidget() is window.lock_panel
    assert not window.sidebar.isEnabled() and not window.search_box.isVisible()
    assert window.current_screen() == "login"
    assert "Đã khóa" in window.lock_panel.error.text()
    window.idle.timer.setInterval(600_000)
    sign_in(window, "admin", "sai-mat-khau")
    assert window.lock_panel is not None and window.stack.currentWidget() is window.lock_panel
    sign_in(window, "admin", ADMIN_PASSWORD)
    assert window.lock_panel is None and window.stack.currentWidget() is people
    assert window.sidebar.isEnabled() and window.idle.timer.isActive()


def test_another_user_signing_in_gets_fresh_screens_under_their_name(qtbot, demo_db, make_context):
    create_account(demo_db, "admin", "canbo", "Cán Bộ", "officer", "matkhau-can-bo")
    window = signed_in_window(qtbot, make_context(demo_db))
    window.show()
    before = window.open_page("people")
    window.lock()
    sign_in(window, "canbo", "matkhau-can-bo")
    assert window.context.username == "canbo"
    assert "people" not in window.pages or window.pages["people"] is not before
    assert window.current_screen() == "overview"


def test_input_keeps_the_session_open(qtbot, demo_db, make_context):
    window = signed_in_window(qtbot, make_context(demo_db))
    window.show()
    window.idle.timer.setInterval(1_000)
    for _round in range(3):
        qtbot.wait(600)
        qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert window.lock_panel is None  # 1.8 s passed, never 1 s without a key
    qtbot.waitUntil(lambda: window.lock_panel is not None, timeout=5_000)
