"""The main window: sidebar screens, the global search, the dashboard, language switch, window state."""

import pytest
from PySide6.QtWidgets import QLabel

from desktop.i18n import language
from desktop.services.overview import overview
from desktop.ui.award_lookup_page import AwardLookupPage
from desktop.ui.main_window import PAGES
from desktop.ui.people_page import PeoplePage
from desktop.ui.preferences import preferences, saved_language
from tests.ui.conftest import TODAY, signed_in_window, wait_for_list


@pytest.fixture
def window(qtbot, demo_db, make_context):
    window = signed_in_window(qtbot, make_context(demo_db))
    window.context.runner.wait()
    qtbot.wait(10)
    return window


def _sidebar(window) -> list[str]:
    return [window.sidebar.item(row).text() for row in range(window.sidebar.count())]


def test_sidebar_opens_each_screen_and_the_status_bar_names_database_and_user(qtbot, window):
    expected = [
        "Tổng quan",
        "Cá nhân",
        "Tập thể",
        "Phong trào",
        "Đăng ký thi đua",
        "Điển hình tiên tiến",
        "Đề nghị",
        "Quyết định",
        "Tra cứu khen thưởng",
        "Đồng bộ",
        "Cài đặt",
    ]
    assert _sidebar(window) == expected
    for row, name in enumerate(PAGES):
        window.sidebar.setCurrentRow(row)
        assert window.stack.currentWidget() is window.pages[name]
    window.context.runner.wait()
    qtbot.waitUntil(lambda: window.statusBar().findChild(QLabel, "statusSync").text() != "", timeout=10_000)
    status = {label.objectName(): label.text() for label in window.statusBar().findChildren(QLabel)}
    assert status["statusDatabase"].startswith("Cơ sở dữ liệu:") and "demo.sqlite" in status["statusDatabase"]
    assert status["statusUser"] == "Người dùng: admin"
    assert status["statusSync"] == "Đồng bộ: chưa kết nối với đơn vị nào"
    assert "Xã Bảo Lâm" in window.windowTitle()


def test_the_dashboard_shows_this_years_figures_and_opens_the_award_list(qtbot, window, demo_db):
    page = window.pages["overview"]
    qtbot.waitUntil(lambda: page.figures is not None)
    page.year.setValue(2024)
    window.context.runner.wait()
    qtbot.waitUntil(lambda: page.figures.year == 2024)
    expected = overview(demo_db, 2024, TODAY)
    assert page.cards["people"].text().endswith(str(expected.people))
    page.cards["proposals"].click()
    assert window.stack.currentWidget() is window.pages["proposals"]
    window.open_page("overview")
    assert page.awards.item(0, 0).text() == expected.awards[0].name
    assert page.deadlines.item(0, 0).text() == "25/11/2026"
    page._award_activated(0, 1)
    lookup = window.stack.currentWidget()
    assert isinstance(lookup, AwardLookupPage)
    wait_for_list(qtbot, lookup)
    rows = [lookup.model.row(number) for number in range(lookup.model.rowCount())]
    assert len(rows) == expected.awards[0].count
    assert {(row.award_code, row.year) for row in rows} == {(expected.awards[0].code, 2024)}


def test_the_global_search_opens_a_person_on_the_people_screen(qtbot, window):
    search = window.search_box
    search.setText("nguyen van duc")
    search.run_search()
    assert search.hits and search.hits[0].kind == "person"
    search._activated(search.completer_.completionModel().index(0, 0))
    people = window.stack.currentWidget()
    assert isinstance(people, PeoplePage)
    wait_for_list(qtbot, people)
    assert people.current().id == search.hits[0].id
    assert people.detail.heading.text() == "Nguyễn Văn Đức"


def test_a_decision_found_by_search_lists_its_awards(qtbot, window):
    hit = next(hit for hit in _all_hits(window, "qd") if hit.kind == "decision")
    window.open_hit(hit.kind, hit.id, hit.title)
    lookup = window.stack.currentWidget()
    wait_for_list(qtbot, lookup)
    assert lookup.decision_id == hit.id and lookup.decision_button.text().startswith("Quyết định")
    assert {lookup.model.row(n).decision_number for n in range(lookup.model.rowCount())} == {hit.title}


def _all_hits(window, text):
    window.search_box.setText(text)
    window.search_box.run_search()
    return window.search_box.hits


def test_switching_language_rebuilds_every_screen_and_is_remembered(qtbot, window):
    window.open_page("settings")
    settings = window.pages["settings"]
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.language.activated.emit(settings.language.currentIndex())
    assert language() == "en" and saved_language() == "en"
    assert _sidebar(window) == [
        "Overview",
        "People",
        "Collectives",
        "Movements",
        "Registrations",
        "Exemplary models",
        "Proposals",
        "Decisions",
        "Award look-up",
        "Sync",
        "Settings",
    ]
    assert window.stack.currentWidget() is window.pages["settings"]
    assert window.search_box.placeholderText().startswith("Search people")
    window.pages["settings"].language_chosen.emit("vi")
    assert _sidebar(window)[0] == "Tổng quan"


def test_the_window_geometry_is_remembered(qtbot, demo_db, make_context):
    first = signed_in_window(qtbot, make_context(demo_db))
    first.resize(960, 700)
    first.close()
    assert preferences().value("window/geometry") is not None
    second = signed_in_window(qtbot, make_context(demo_db))
    assert (second.width(), second.height()) == (960, 700)
