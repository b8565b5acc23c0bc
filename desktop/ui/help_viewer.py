"""The user guide (F1): HTML shipped in `resources/help/<language>/`, shown in a plain text
browser (the build carries no web engine), opened at the section of the screen in use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from desktop.i18n import DEFAULT_LANGUAGE, _, language
from desktop.paths import resource

SECTIONS = {
    "login": "login",
    "overview": "overview",
    "people": "people",
    "collectives": "people",
    "movements": "movements",
    "registrations": "registrations",
    "proposals": "proposals",
    "decisions": "decisions",
    "awards": "decisions",
    "settings": "settings",
}
"""Screen → the guide's section about it; a screen not listed opens the guide at the top."""


def guide_path(lang: str) -> Path:
    path = resource("help", lang, "index.html")
    return path if path.is_file() else resource("help", DEFAULT_LANGUAGE, "index.html")


class HelpWindow(QDialog):
    """Not modal: the officer reads a step and does it in the main window beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.resize(860, 680)

    def show_section(self, screen: str | None) -> None:
        self.setWindowTitle(_("Sổ Vàng — user guide (F1)"))
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path(language()))))
        section = SECTIONS.get(screen or "")
        if section:
            self.browser.scrollToAnchor(section)
        self.show()
        self.raise_()
        self.activateWindow()
