"""F1 opens the user guide at the section of the screen in use, in the app's language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence, QShortcut

from desktop.i18n import set_language
from desktop.paths import resource
from desktop.ui.help_viewer import SECTIONS
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner
from tests.ui.conftest import signed_in_window


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.anchors: set[str] = set()
        self.targets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.images.append(values["src"] or "")
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"] or "")
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.targets.add((values["href"] or "")[1:])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_guide_has_its_pictures_and_a_section_for_every_screen_it_names(language):
    path = resource("help", language, "index.html")
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    assert links.images and all((path.parent / image).is_file() for image in links.images)
    assert set(SECTIONS.values()) <= links.anchors
    assert links.targets <= links.anchors


def test_f1_on_the_sign_in_screen_opens_the_guide_at_signing_in(qtbot):
    window = MainWindow(TaskRunner())
    qtbot.addWidget(window)
    window.show()
    # Offscreen windows under pytest are never active, so the key is not dispatched; the
    # shortcut bound to F1 is fired instead.
    f1 = next(s for s in window.findChildren(QShortcut) if s.key() == QKeySequence("F1"))
    f1.activated.emit()
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    assert Path(guide.browser.source().toLocalFile()) == resource("help", "vi", "index.html")
    assert "Hướng dẫn sử dụng Sổ Vàng" in guide.browser.toPlainText()
    assert guide.windowTitle() == "Sổ Vàng — hướng dẫn sử dụng (F1)"


def test_f1_on_a_screen_scrolls_to_its_section_and_follows_the_language(qtbot, demo_db, make_context):
    window = signed_in_window(qtbot, make_context(demo_db))
    window.show()
    window.open_page("proposals")
    window.show_help()
    guide = window.help_window
    assert guide.browser.verticalScrollBar().value() > 0  # not at the top: at "Lập hồ sơ đề nghị"
    top_of_section = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft())
    assert re.search(r"đề nghị", top_of_section.block().text(), re.IGNORECASE)
    set_language("en")
    try:
        window.open_page("overview")
        window.show_help()
        assert Path(guide.browser.source().toLocalFile()) == resource("help", "en", "index.html")
        assert "Sổ Vàng user guide" in guide.browser.toPlainText()
    finally:
        set_language("vi")
