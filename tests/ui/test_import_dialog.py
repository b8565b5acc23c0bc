"""The import window on day one: a fresh commune's old lists, with the villages they name created
on one confirmation, award names it cannot place mapped once and remembered, and the rows that
cannot be taken kept after the import and saved to a file to correct."""

from __future__ import annotations

import os

from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.models import AdminUnit, Award, Person
from desktop.ui.people_page import PeoplePage
from tests.reports import office_files
from tests.ui.conftest import TODAY, wait_for_list

SCREENS = os.environ.get("SOVANG_SCREENSHOTS")
"""A folder to save the dialog's pictures in, to look at them (unset: none are saved)."""


def _picture(dialog, name: str) -> None:
    if SCREENS:
        dialog.resize(1366, 740)
        dialog.grab().save(os.path.join(SCREENS, name))


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _read(qtbot, dialog) -> None:
    first = dialog.preview
    dialog.read(keep_mapping=False)
    qtbot.waitUntil(lambda: dialog.preview is not first, timeout=20_000)


def test_a_fresh_commune_imports_its_list_creating_its_villages_and_keeps_the_rows_to_correct(
    qtbot, commune_db, make_context, tmp_path
):
    rows, _ = office_files.table(30)
    rows[9][4] = "Mông Hoa"  # no such group: stays to correct
    path = tmp_path / "danh-sach.xls"
    office_files.write_xls(path, rows)
    page = PeoplePage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    dialog = page.open_import()
    dialog.path.setText(str(path))
    _read(qtbot, dialog)

    assert dialog.add_villages.isVisible()
    assert "Thôn Nà Phặc" in dialog.add_villages.text() and "3 thôn" in dialog.add_villages.text()
    assert dialog.import_button.text() == "Nhập 0 dòng" and not dialog.import_button.isEnabled()
    _picture(dialog, "import-villages.png")
    first = dialog.preview
    dialog.add_villages.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preview is not first, timeout=20_000)
    assert dialog.import_button.text() == "Nhập 29 dòng"
    assert [dialog.problems.item(0, column).text() for column in range(3)] == [
        "10",
        "Dân tộc",
        "không có dân tộc “Mông Hoa”; có phải là HMông, Mnông, Mường?",
    ]
    dialog.save()
    wait_for_list(qtbot, page)
    qtbot.waitUntil(lambda: page.count.text() == "29 dòng · Đã lưu 29 dòng.", timeout=20_000)
    assert dialog.isVisible() and dialog.problems.rowCount() == 1
    _picture(dialog, "import-rejects.png")
    rejects = tmp_path / "can-sua.xlsx"
    dialog.save_rejects(rejects)
    qtbot.waitUntil(lambda: rejects.exists() and "can-sua.xlsx" in dialog.summary.text(), timeout=20_000)
    lines = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert lines[1][1] == "Tô Văn Hùng" and lines[1][-1].startswith("Dân tộc: không có dân tộc “Mông Hoa”")
    with commune_db.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(AdminUnit).where(AdminUnit.level == "village"))
            == 3
        )
    assert _count(commune_db, Person) == 29


def test_an_award_name_the_app_cannot_place_is_mapped_once_and_remembered(
    qtbot, commune_db, make_context, tmp_path
):
    from desktop.ui.award_lookup_page import AwardLookupPage

    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Hình thức khen thưởng", "Năm", "Số, ngày quyết định"],
        [1, "Vàng Seo Sử", 1970, "Khen đột xuất", 2019, "Số 12/QĐ-UBND ngày 20/12/2019"],
        [2, "Lò Thị Mai", 1982, "LĐTT", 2020, "Số 30/QĐ-UBND ngày 15/12/2020"],
    ]
    path = tmp_path / "khen.xlsx"
    office_files.write_xlsx_plain(path, rows)
    page = AwardLookupPage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    dialog = page.open_import()
    dialog.path.setText(str(path))
    _read(qtbot, dialog)

    assert dialog.awards_box.isVisible() and list(dialog.award_names) == ["Khen đột xuất"]
    assert dialog.add_people.isVisible() and dialog.add_people.text().endswith("dữ liệu: Lò Thị Mai")
    combo = dialog.award_names["Khen đột xuất"]
    combo.setCurrentIndex(combo.findData("GK_XA"))
    _picture(dialog, "import-award-names.png")
    first = dialog.preview
    dialog.remember_award_names()
    qtbot.waitUntil(lambda: dialog.preview is not first, timeout=20_000)
    assert not dialog.awards_box.isVisible()
    first = dialog.preview
    dialog.add_people.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preview is not first, timeout=20_000)
    assert dialog.import_button.text() == "Nhập 2 dòng"
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=20_000)
    assert _count(commune_db, Award) == 2 and _count(commune_db, Person) == 2

    again = page.open_import()  # the next file: the name is known now
    again.path.setText(str(path))
    _read(qtbot, again)
    assert not again.awards_box.isVisible() and len(again.preview.duplicates) == 2
