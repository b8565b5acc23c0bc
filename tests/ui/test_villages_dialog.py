"""Địa bàn: the commune's villages kept as they change. A merged village hands its people to the
one it joined and leads there; an ended one stays on the records that name it; an import that
names the old village finds it still."""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import select

from desktop.models import AdminUnit, Person
from desktop.services import units
from desktop.services.people import PersonFields, create_person
from desktop.ui.settings_page import SettingsPage
from tests.ui.conftest import TODAY
from tests.ui.test_import_dialog import SCREENS


def _picture(dialog, name: str) -> None:
    if SCREENS:
        dialog.resize(1366, 740)
        dialog.grab().save(os.path.join(SCREENS, name))


def _choose(dialog, name: str) -> None:
    row = next(index for index, village in enumerate(dialog.rows) if village.name == name)
    dialog.table.selectRow(row)


def test_villages_are_added_renamed_merged_and_ended_from_the_settings(qtbot, commune_db, make_context):
    home = units.add_village(commune_db, "admin", "Bản Nà Phặc", "ban")
    create_person(commune_db, "admin", PersonFields("Vàng Seo Sử", birth_year=1970, village_id=home.id))
    page = SettingsPage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    dialog = page.show_villages()

    dialog.name.setText("Thôn Hua Pầu")
    dialog.add_button.click()
    assert {row.name: row.kind for row in dialog.rows} == {"Thôn Hua Pầu": "thon", "Bản Nà Phặc": "ban"}

    _choose(dialog, "Thôn Hua Pầu")
    dialog.name.setText("Thôn Hua Pầu Mới")
    dialog.rename_button.click()
    assert "Thôn Hua Pầu Mới" in [row.name for row in dialog.rows]

    _choose(dialog, "Bản Nà Phặc")
    dialog.merge_button.click()
    assert dialog.message.text() == "Hãy ghi ngày, dạng dd/mm/yyyy."
    dialog.day.setText("01/03/2026")
    dialog.target.set_value(next(row.id for row in dialog.rows if row.name == "Thôn Hua Pầu Mới"))
    dialog.merge_button.click()
    merged = next(row for row in dialog.rows if row.name == "Bản Nà Phặc")
    _picture(dialog, "villages.png")
    assert (merged.valid_to, merged.successor, merged.people) == (dt.date(2026, 3, 1), "Thôn Hua Pầu Mới", 0)
    assert dialog.rows[-1] is merged  # ended villages go last
    with commune_db.session() as session:
        village = session.scalars(
            select(AdminUnit.name).join(Person, Person.village_id == AdminUnit.id)
        ).one()
    assert village == "Thôn Hua Pầu Mới"

    _choose(dialog, "Thôn Hua Pầu Mới")
    dialog.day.setText("31/02/2026")
    dialog.end_button.click()
    assert "31/02/2026" in dialog.message.text()  # no such day: nothing changed
    assert next(row for row in dialog.rows if row.name == "Thôn Hua Pầu Mới").valid_to is None


def test_a_list_naming_a_merged_village_places_its_people_in_the_village_it_joined(commune_db, tmp_path):
    from desktop.reports.excel_import import read_sheet
    from tests.reports.office_files import write_xlsx_plain

    old = units.add_village(commune_db, "admin", "Bản Nà Phặc", "ban")
    new = units.add_village(commune_db, "admin", "Thôn Hợp Nhất")
    units.merge_villages(commune_db, "admin", old.id, new.id, dt.date(2026, 3, 1))
    path = tmp_path / "cu.xlsx"
    write_xlsx_plain(path, [["Họ và tên", "Năm sinh", "Thôn, bản"], ["Vàng Seo Sử", 1970, "Nà Phặc"]])
    preview = read_sheet(commune_db, "people", path)
    assert [record.village_id for _row, record in preview.to_save] == [new.id]
