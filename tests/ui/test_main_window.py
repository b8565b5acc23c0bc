"""The main window over a demo database: the site heading and search as you type."""

from desktop.db import Database
from desktop.ui.main_window import MainWindow


def test_heading_names_the_home_unit_and_search_lists_matches(qtbot, demo_path):
    db = Database.open(demo_path)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert "Xã Bảo Lâm" in window.heading.text()
    qtbot.keyClicks(window.search_box, "nguyen van duc")
    names = [window.results.item(row, 1).text() for row in range(window.results.rowCount())]
    assert "Nguyễn Văn Đức" in names
    assert window.results.item(0, 0).text() == "Cá nhân"
    window.search_box.clear()
    assert window.results.rowCount() == 0
    db.close()


def test_an_unset_database_says_what_to_do(qtbot, tmp_path):
    db = Database.open(tmp_path / "empty.sqlite", create=True)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert "sovang init" in window.heading.text()
    assert not window.search_box.isEnabled()
    db.close()
