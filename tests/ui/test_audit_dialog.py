"""The activity log: filtered by user, period and record name; an edit shows before → after."""

from __future__ import annotations

import dataclasses

from desktop.services.accounts import create_account
from desktop.services.people import PersonFields, create_person, update_person
from desktop.ui.audit_dialog import AuditDialog
from tests.ui.conftest import signed_in_window


def _texts(dialog: AuditDialog, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


def test_the_log_shows_an_edit_and_filters_by_record_and_date(qtbot, commune_db, make_context):
    person = create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    update_person(commune_db, "admin", person.id, PersonFields(full_name="Bế Văn Đàm"))
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    context = make_context(commune_db)
    dialog = AuditDialog(None, context)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 4, timeout=5_000)
    assert _texts(dialog, 2)[0] == "Cá nhân: thêm mới" and _texts(dialog, 3)[0] == "Ma Thị Lụa"

    dialog.record.setText("be van dam")
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5_000)
    assert _texts(dialog, 2) == ["Cá nhân: sửa", "Cá nhân: thêm mới"]
    assert _texts(dialog, 4)[0] == "full_name: Bế Văn Đàn → Bế Văn Đàm"

    dialog.since.setText("31/02/2026")
    dialog.reload()
    assert "dd/mm/yyyy" in dialog.message.text() and dialog.table.rowCount() == 2

    dialog.verify()
    qtbot.waitUntil(lambda: "nguyên vẹn" in dialog.message.text(), timeout=5_000)


def test_only_an_administrator_is_offered_the_log(qtbot, commune_db, make_context):
    create_account(commune_db, "admin", "canbo", "Cán Bộ", "officer", "matkhau-can-bo")
    admin = signed_in_window(qtbot, make_context(commune_db))
    admin.show()
    assert admin.open_page("settings").audit_button.isVisible()
    officer = signed_in_window(qtbot, dataclasses.replace(make_context(commune_db), username="canbo"))
    officer.show()
    assert not officer.open_page("settings").audit_button.isVisible()
