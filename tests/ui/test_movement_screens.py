"""The movement, registration and model screens: create a movement, register a village list,
move a model across the board, promote a good deed, see deadlines on the calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont

from desktop.services.exemplary import ModelFields, board, create_model, model_detail
from desktop.services.good_deeds import DeedFields, deeds, log_deed
from desktop.services.movements import movement_plan, movements
from desktop.services.registrations import registrations
from desktop.services.units import villages
from desktop.ui.models_page import ModelsPage
from desktop.ui.movements_page import MovementsPage
from desktop.ui.overview_page import OverviewPage
from desktop.ui.registrations_page import RegistrationsPage
from tests.rules.records import Records


def _fill_movement(editor, end: str = "31/12/2030") -> None:
    editor.name.setText("Chung tay vì người nghèo")
    editor.start_date.setText("01/03/2026")
    editor.end_date.setText(end)
    editor.targets.add_line(["Tỷ lệ hộ nghèo", "%", "2,5", True])
    editor.targets.add_line(["Nhà đại đoàn kết", "căn", "15", False])
    editor.criteria.add_line(["Hoàn thành chỉ tiêu", "60"])
    editor.milestones.add_line(["so_ket", "30/06/2028", "", ""])


def test_a_movement_is_created_in_the_editor_and_its_targets_charted(qtbot, commune_db, make_context):
    page = MovementsPage(make_context(commune_db))
    qtbot.addWidget(page)
    page.reload()
    assert page.table.rowCount() == 0 and not page.edit_button.isEnabled()
    editor = page.new_movement()
    _fill_movement(editor, end="01/01/2026")
    editor.save()
    assert editor.isVisible() and "01/01/2026" in editor.error.text()
    editor.end_date.setText("31/12/2030")
    editor.targets.table.item(1, 1).setText(" ")
    editor.save()
    assert "Nhà đại đoàn kết" in editor.error.text() and editor.tabs.currentIndex() == 1
    assert movements(commune_db) == []
    editor.targets.table.item(1, 1).setText("căn")
    editor.save()
    assert not editor.isVisible()
    (saved,) = movements(commune_db)
    plan = movement_plan(commune_db, saved.id)
    assert [(t.indicator, t.target_value, t.at_most) for t in plan.targets] == [
        ("Tỷ lệ hộ nghèo", Decimal("2.5"), True),
        ("Nhà đại đoàn kết", Decimal(15), False),
    ]
    assert page.table.rowCount() == 1 and page.current_id() == saved.id
    assert page.heading.text() == "Chung tay vì người nghèo"
    dialog = page.record_value()
    dialog.measured_on.setText("30/06/2026")
    dialog.value.setText("2,1")
    dialog.save()
    chart = page.chart.targets
    assert chart[0].reached and chart[0].actual == Decimal("2.1") and not chart[1].reached
    assert page.table.item(0, 7).text() == "1/2"


def test_a_village_list_is_registered_then_sent_up(qtbot, demo_db, make_context):
    page = RegistrationsPage(make_context(demo_db))
    qtbot.addWidget(page)
    page.year.setValue(2031)
    assert page.table.rowCount() == 0
    dialog = page.register_list()
    village = villages(demo_db)[1]
    dialog.place.set_value(village.id)
    ticked = dialog.names.count()
    assert ticked > 1
    dialog.names.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.title.value() == "GDVH"
    dialog.save()
    assert not dialog.isVisible()
    assert page.table.rowCount() == ticked - 1
    assert str(ticked - 1) in page.note.text()
    assert {row.place for row in registrations(demo_db, 2031)} == {village.name}
    page.table.selectAll()
    page.move("send")
    assert {row.state for row in registrations(demo_db, 2031)} == {"pending"}
    page.table.selectRow(0)
    page.move("return", "Thiếu biên bản họp thôn")
    assert sorted(row.state for row in registrations(demo_db, 2031))[-1] == "returned"
    # The whole list again: the one left out registers; the others stay as they were, named.
    again = page.register_list()
    again.place.set_value(village.id)
    again.save()
    states = sorted(row.state for row in registrations(demo_db, 2031))
    assert states.count("not_sent") == 1 and states.count("returned") == 1 and len(states) == ticked
    assert "1" in page.note.text() and dialog.names.item(1).text() in page.note.text()


def test_a_model_moves_across_the_board_with_a_dated_step(qtbot, commune_db, make_context):
    person = Records(commune_db).person("Sùng A Páo")
    model = create_model(
        commune_db,
        "admin",
        ModelFields(person, "Trồng rừng gỗ lớn", dt.date(2026, 3, 1)),
        dt.date(2026, 11, 22),
    )
    page = ModelsPage(make_context(commune_db))
    qtbot.addWidget(page)
    page.reload()
    columns = page.board.columns
    assert columns["discovered"].count() == 1 and page.board.current.id == model
    assert not page.board.back_button.isEnabled()
    # A card dropped two columns on is refused with the reason; the board does not change.
    skip = page.board.card_dropped(model, "summarised")
    skip.save()
    assert skip.isVisible() and "Bồi dưỡng" in skip.error.text()
    skip.reject()
    step = page.board.card_dropped(model, "nurtured")
    step.on.setText("01/04/2026")
    step.notes.setPlainText("Hỗ trợ giống cây")
    step.save()
    assert columns["discovered"].count() == 0 and columns["nurtured"].count() == 1
    assert page.board.current.stage == "nurtured"
    back = page.board.step(-1)
    back.save()
    assert back.isVisible() and back.error.text()
    back.reject()
    forward = page.board.step(1)
    forward.save()
    assert board(commune_db)["summarised"][0].id == model
    assert [e.stage for e in model_detail(commune_db, model).events] == [
        "discovered",
        "nurtured",
        "summarised",
    ]
    assert page.board.story.count() == 3


def test_a_good_deed_is_logged_and_made_a_model(qtbot, commune_db, make_context):
    person = Records(commune_db).person("Giàng A Chứ")
    page = ModelsPage(make_context(commune_db))
    qtbot.addWidget(page)
    page.reload()
    form = page.deeds.log_deed()
    form.picker.query.setText("Giang A Chu")
    assert form.who.text() == "Giàng A Chứ"
    form.what.setPlainText("Cứu hai em nhỏ đuối nước")
    form.happened_on.setText("02/07/2026")
    form.save()
    (deed,) = deeds(commune_db)
    assert deed.subject_id == person
    page.deeds.table.selectRow(0)
    page.deeds.make_model()
    assert not page.deeds.buttons["model"].isEnabled()
    assert page.board.columns["discovered"].count() == 1
    assert "Giàng A Chứ" in page.deeds.note.text()


def test_a_deed_whose_doer_is_unknown_cannot_become_a_model(qtbot, commune_db, make_context, monkeypatch):
    log_deed(
        commune_db,
        "admin",
        DeedFields("Một thanh niên", "Nhặt được của rơi", dt.date(2026, 5, 1)),
        dt.date(2026, 11, 22),
    )
    shown = []
    monkeypatch.setattr("desktop.ui.models_page.show_error", lambda _parent, error: shown.append(str(error)))
    page = ModelsPage(make_context(commune_db))
    qtbot.addWidget(page)
    page.reload()
    page.deeds.table.selectRow(0)
    page.deeds.make_model()
    assert shown and "Một thanh niên" in shown[0]
    assert board(commune_db)["discovered"] == []


def test_the_overview_marks_deadlines_on_the_calendar(qtbot, demo_db, make_context):
    page = OverviewPage(make_context(demo_db))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.context.runner.ended, timeout=10_000):
        page.refresh()
    marked = {day.toPython() for day in page.marked}
    assert {deadline.on for deadline in page.figures.deadlines} == marked
    review = next(d for d in page.figures.deadlines if d.movement_id is not None)
    day = QDate(review.on.year, review.on.month, review.on.day)
    assert page.calendar.dateTextFormat(day).fontWeight() == QFont.Weight.Bold
    opened = []
    page.open_movement.connect(opened.append)
    row = page.figures.deadlines.index(review)
    page._deadline_activated(row, 1)
    assert opened == [review.movement_id]
