"""An administrator brings back a backup from the Settings screen; everyone then signs in again."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from desktop.services.accounts import create_account
from desktop.services.auto_backup import AT_CLOSE, automatic_backup
from desktop.services.people import PersonFields, create_person
from desktop.ui.restore_dialog import RestoreDialog
from tests.conftest import ADMIN_PASSWORD, person_names
from tests.ui.conftest import answer_message_box, signed_in_window


def test_restoring_the_chosen_backup_brings_back_its_records_and_asks_for_sign_in(
    qtbot, commune_db, make_context
):
    create_person(commune_db, "admin", PersonFields(full_name="Vàng Thị Mai"))
    saved = automatic_backup(commune_db, AT_CLOSE)
    create_person(commune_db, "admin", PersonFields(full_name="Sùng A Páo"))
    path = commune_db.path
    window = signed_in_window(qtbot, make_context(commune_db))
    window.show()
    settings = window.open_page("settings")
    assert settings.restore_button.isVisible()
    confirmations: list[list[str]] = []

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(20, pick)
            return
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "Khi đóng chương trình"
        confirmations.append(answer_message_box(qtbot, "confirmRestore", "Khôi phục"))
        dialog.restore_button.click()

    QTimer.singleShot(0, pick)
    settings.restore_button.click()

    qtbot.waitUntil(lambda: window.context is None and window.opened is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.sign_in.db is not None, timeout=10_000)
    assert "Thay toàn bộ dữ liệu" in confirmations[0][0]
    assert person_names(path) == ["Vàng Thị Mai"]
    assert window.current_screen() == "login"
    assert "đăng nhập lại" in window.statusBar().currentMessage()
    assert saved is not None and saved.local.exists()
    before = list((path.parent / "backups").glob("*-before-restore-*.sqlite"))
    assert len(before) == 1 and person_names(before[0]) == ["Sùng A Páo", "Vàng Thị Mai"]
    window.opened.db.close()


def test_only_an_administrator_is_offered_a_restore(qtbot, commune_db, make_context):
    create_account(commune_db, "admin", "canbo", "Cán Bộ", "officer", "matkhau-can-bo")
    context = dataclasses.replace(make_context(commune_db), username="canbo")
    window = signed_in_window(qtbot, context)
    window.show()
    assert not window.open_page("settings").restore_button.isVisible()


def test_backing_up_to_the_stick_writes_it_encrypted_and_it_restores_with_the_password(
    qtbot, commune_db, make_context, tmp_path
):
    stick = tmp_path / "usb"
    stick.mkdir()
    create_person(commune_db, "admin", PersonFields(full_name="Vàng Thị Mai"))
    window = signed_in_window(qtbot, make_context(commune_db))
    window.show()
    settings = window.open_page("settings")
    settings.edits["backup_folder"].setText(str(stick))
    settings.edits["signer_name"].setText("Lò Văn Mon")
    settings.save()
    settings.backup_button.click()
    qtbot.waitUntil(lambda: "mã hóa" in settings.message.text(), timeout=10_000)
    sealed = next(stick.glob("*.svbak"))
    assert b"V\xc3\xa0ng Th\xe1\xbb\x8b Mai" not in sealed.read_bytes()
    create_person(commune_db, "admin", PersonFields(full_name="Sùng A Páo"))
    path = commune_db.path

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(20, pick)
            return
        row = next(number for number, item in enumerate(dialog.backups) if item.path == sealed)
        assert dialog.table.item(row, 1).text().endswith("đã mã hóa")
        dialog.table.selectRow(row)
        answer_message_box(qtbot, "confirmRestore", "Khôi phục")
        QTimer.singleShot(0, give_password)
        dialog.restore_button.click()

    def give_password() -> None:
        asked = QApplication.activeModalWidget()
        if not isinstance(asked, QInputDialog):
            QTimer.singleShot(20, give_password)
            return
        asked.setTextValue(ADMIN_PASSWORD)
        asked.accept()

    QTimer.singleShot(0, pick)
    settings.restore_button.click()

    qtbot.waitUntil(lambda: window.context is None and window.opened is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.sign_in.db is not None, timeout=10_000)
    assert person_names(path) == ["Vàng Thị Mai"]
    window.opened.db.close()
