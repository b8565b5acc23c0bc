"""People: the lazy list, filters and search, the timeline, the form with its refusals and duplicates."""

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtTest import QAbstractItemModelTester

from desktop.services.accounts import create_account
from desktop.services.listing import PeopleFilter, person_keys, person_rows
from desktop.services.people import PersonFields, create_person, person_fields
from desktop.text import search_key
from desktop.ui.people_page import PeoplePage
from desktop.ui.person_form import PersonForm
from tests.rules.records import Records
from tests.ui.conftest import answer_message_box, calls_on_gui_thread, shown, wait_for_list


@pytest.fixture
def people(qtbot, demo_db, make_context):
    page = PeoplePage(make_context(demo_db))
    qtbot.addWidget(page)
    page.reload()
    wait_for_list(qtbot, page)
    return page


def _shown(page) -> list:
    return [page.model.row(number) for number in range(page.model.rowCount())]


def test_the_list_holds_every_person_and_passes_the_model_tester(people, demo_db):
    QAbstractItemModelTester(people.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert people.model.rowCount() == 120
    assert people.count.text() == "120 dòng"
    first = people.model.index(0, 0).data()
    assert first == person_rows(demo_db, person_keys(demo_db, PeopleFilter())[:1])[0].full_name
    assert people.model.headerData(0, Qt.Orientation.Horizontal) == "Họ và tên"


def test_search_ignores_accents_and_filters_combine(qtbot, people):
    target = people.model.row(5)
    words = search_key(target.full_name).split()
    qtbot.keyClicks(people.search_box, f"{words[0]} {words[-1].upper()}")
    wait_for_list(qtbot, people)
    rows = _shown(people)
    assert target.id in {row.id for row in rows}
    people.gender.set_code("female")
    wait_for_list(qtbot, people)
    assert all(row.gender == "female" for row in _shown(people))
    people.search_box.clear()
    people.gender.set_code(None)
    people.award.set_value("LDTT")
    people.year.setValue(2024)
    wait_for_list(qtbot, people)
    holders = _shown(people)
    assert holders and len(holders) < 120


def test_selecting_a_person_opens_the_award_timeline_with_its_decisions(qtbot, people):
    people.award.set_value("LDTT")
    wait_for_list(qtbot, people)
    people.table.selectRow(0)
    detail = people.detail
    shown(qtbot, detail.timeline, detail.eligibility)
    assert detail.heading.text() == people.model.row(0).full_name
    awards = [entry for entry in detail.timeline.entries if entry.kind == "award"]
    assert any(entry.title == "Lao động tiên tiến" for entry in awards)
    top = detail.timeline.topLevelItem(0)
    assert top.text(0).isdigit() and top.childCount() >= 1
    lines = [
        detail.timeline.topLevelItem(i).child(j)
        for i in range(detail.timeline.topLevelItemCount())
        for j in range(detail.timeline.topLevelItem(i).childCount())
    ]
    assert any(
        line.text(1) == "Khen thưởng: Lao động tiên tiến" and "Quyết định số" in line.text(2)
        for line in lines
    )
    assert detail.eligibility.subject_id == people.model.row(0).id


def _form(qtbot, make_context, db, person_id=None) -> PersonForm:
    form = PersonForm(make_context(db), person_id)
    qtbot.addWidget(form)
    return form


def test_a_bad_birth_date_and_a_short_id_number_are_shown_beside_their_fields(
    qtbot, commune_db, make_context
):
    form = _form(qtbot, make_context, commune_db)
    form.full_name.setText("Lò Văn Sử")
    qtbot.keyClicks(form.birth, "31/02/1980")
    form.save()
    assert form.result() == 0 and form.error.text().endswith("không có ngày này: 31/02/1980")
    assert "font-weight" in form.labels["birth_date"].styleSheet()
    form.birth.setText("1980")
    form.id_number.setText("12345")
    form.save()
    assert "12 chữ số" in form.error.text()
    assert form.saved is None
    form.id_number.setText("004080001234")
    form.save()
    assert form.saved is not None and form.saved.birth_year == 1980


def test_a_possible_duplicate_is_shown_before_saving(qtbot, commune_db, make_context):
    create_person(commune_db, "admin", PersonFields(full_name="Nguyễn Văn Đức", birth_year=1980))
    form = _form(qtbot, make_context, commune_db)
    form.full_name.setText("nguyễn văn đức")
    form.birth.setText("1980")
    seen = answer_message_box(qtbot, "duplicateWarning", "Quay lại")
    form.save()
    assert seen and "Nguyễn Văn Đức, 1980" in seen[0]
    assert form.saved is None
    answer_message_box(qtbot, "duplicateWarning", "Vẫn lưu")
    form.save()
    assert form.saved is not None


def test_the_same_id_number_is_refused_naming_who_has_it(qtbot, commune_db, make_context):
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Sử", id_number="004075001234"))
    form = _form(qtbot, make_context, commune_db)
    form.full_name.setText("Lò Văn Khác")
    form.id_number.setText("004075001234")
    form.save()
    assert form.error.text().endswith("Lò Văn Sử đã có số CCCD này.")
    assert form.saved is None


def test_keyboard_entry_enter_moves_on_ctrl_s_saves(qtbot, commune_db, make_context):
    form = _form(qtbot, make_context, commune_db)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.full_name.setFocus()
    qtbot.keyClicks(form.full_name, "Vang A Su")
    qtbot.keyClick(form.full_name, Qt.Key.Key_Return)
    assert form.focusWidget() is form.gender
    qtbot.keyClick(form.gender, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.saved is not None and form.saved.full_name == "Vang A Su"
    second = _form(qtbot, make_context, commune_db)
    second.show()
    qtbot.keyClick(second.full_name, Qt.Key.Key_Escape)
    assert not second.isVisible() and second.saved is None


def test_editing_updates_the_list_in_place(qtbot, people, demo_db, make_context):
    people.table.selectRow(3)
    row = people.model.row(3)
    form = _form(qtbot, make_context, demo_db, row.id)
    assert form.full_name.text() == row.full_name
    form.workplace.setText("UBND xã Bảo Lâm")
    form.save()
    assert form.saved is not None
    people.model.refresh()
    assert people.model.row(3).id == row.id


def test_collective_and_award_models_pass_the_model_tester(qtbot, demo_db, make_context):
    from desktop.ui.award_lookup_page import AwardLookupPage
    from desktop.ui.collectives_page import CollectivesPage

    context = make_context(demo_db)
    for page in (CollectivesPage(context), AwardLookupPage(context)):
        qtbot.addWidget(page)
        page.reload()
        wait_for_list(qtbot, page)
        assert page.model.rowCount() > 0
        QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def test_a_new_collective_with_a_member(qtbot, commune_db, make_context):
    from desktop.ui.collective_form import AddMemberDialog, CollectiveForm
    from desktop.ui.collectives_page import CollectivesPage

    Records(commune_db).person("Lò Văn Sử")
    context = make_context(commune_db)
    form = CollectiveForm(context)
    qtbot.addWidget(form)
    form.save()
    assert form.error.text() == "Phải nhập tên." and form.saved_id is None
    form.name.setText("Hộ gia đình Lò Văn Sử")
    form.kind.set_code("household")
    form.save()
    assert form.saved_id is not None
    dialog = AddMemberDialog(context, form.saved_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.picker.query, "lo van su")
    dialog.role.setText("Chủ hộ")
    dialog.save()
    page = CollectivesPage(context)
    qtbot.addWidget(page)
    page.show_record(form.saved_id, "Hộ gia đình Lò Văn Sử")
    wait_for_list(qtbot, page)
    assert page.current().members == 1
    assert page.members.table.item(0, 1).text() == "Chủ hộ"


def test_an_administrator_erases_a_persons_personal_data_after_confirming(qtbot, commune_db, make_context):
    fields = PersonFields(full_name="Lò Thị Mai", birth_date=dt.date(1950, 3, 4), id_number="001150000123")
    created = create_person(commune_db, "admin", fields)
    page = PeoplePage(make_context(commune_db))
    qtbot.addWidget(page)
    page.show()
    page.reload()
    wait_for_list(qtbot, page)
    page.table.selectRow(0)
    assert page.erase_button.isVisible() and page.erase_button.isEnabled()

    seen = answer_message_box(qtbot, "confirmErase", "Xóa")
    page.erase_button.click()

    assert "Lò Thị Mai" in seen[0] and "không hoàn tác" in seen[0]
    kept = person_fields(commune_db, created.id)
    assert (kept.full_name, kept.birth_year, kept.birth_date, kept.id_number) == (
        "Lò Thị Mai",
        1950,
        None,
        None,
    )


def test_a_viewer_is_offered_no_button_that_changes_people(qtbot, commune_db, make_context):
    create_account(commune_db, "admin", "xem", "Người Xem", "viewer", "matkhau-nguoi-xem")
    page = PeoplePage(dataclasses.replace(make_context(commune_db), username="xem"))
    qtbot.addWidget(page)
    page.show()
    assert not page.new_button.isVisible() and not page.edit_button.isVisible()
    assert not page.erase_button.isVisible()
    assert page.findChildren(QShortcut) == []  # nor Ctrl+N, Enter or a double click


def test_exporting_people_asks_before_writing_their_ethnicity(qtbot, people):
    seen = answer_message_box(qtbot, "askSensitive", "Bỏ cột này")
    assert people.ask_sensitive() is False
    assert "Dân tộc" in seen[0] and "không được mã hóa" in seen[0]
    answer_message_box(qtbot, "askSensitive", "Ghi cả cột này")
    assert people.ask_sensitive() is True


def test_picking_a_person_reads_their_record_off_the_gui_thread(qtbot, people, monkeypatch):
    """The award history and the rules' verdicts of the one picked are read on the worker: the
    list stays under the officer's hand while a long record is judged."""
    import desktop.ui.eligibility_panel as panel
    import desktop.ui.timeline_view as timeline

    on_gui = calls_on_gui_thread(
        monkeypatch, {"subject_timeline": timeline, "next_steps": panel, "award_catalog": panel}
    )
    people.award.set_value("LDTT")  # someone with a history to read
    wait_for_list(qtbot, people)
    people.table.selectRow(1)
    detail = people.detail
    shown(qtbot, detail.timeline, detail.eligibility)
    assert detail.timeline.topLevelItemCount() > 0 and detail.eligibility.tree.topLevelItemCount() > 0
    assert set(on_gui) == {"subject_timeline", "next_steps", "award_catalog"}
    assert not any(flag for flags in on_gui.values() for flag in flags), on_gui
