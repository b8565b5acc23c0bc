"""Find a recorded person (or collective) by name, accents optional, and pick one from the list.

Every dialog that names someone already recorded (a member, a nominee, a received nominee) uses
this one widget, so they all search and pick the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.db import Database
from desktop.i18n import N_, _
from desktop.services.search import SearchHit, search

PLACEHOLDERS = {
    ("person",): N_("Search by name, with or without accents…"),
    ("person", "collective"): N_("Search people, collectives and households, with or without accents…"),
}


class SubjectPicker(QWidget):
    changed = Signal()
    """The hit picked changed (or the list emptied)."""

    def __init__(self, db: Database, kinds: tuple[str, ...]) -> None:
        super().__init__()
        self.db = db
        self.kinds = kinds
        self.found: list[SearchHit] = []
        self.query = QLineEdit()
        self.query.setPlaceholderText(_(PLACEHOLDERS[kinds]))
        self.query.textChanged.connect(self.find)
        self.hits = QListWidget()
        self.hits.currentRowChanged.connect(lambda _row: self.changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addWidget(self.hits, 1)
        self.setFocusProxy(self.query)

    def find(self, text: str) -> None:
        self.found = search(self.db, text, kinds=self.kinds) if text.strip() else []
        self.hits.clear()
        for hit in self.found:
            self.hits.addItem(QListWidgetItem(f"{hit.title} — {hit.detail}" if hit.detail else hit.title))
        if self.found:
            self.hits.setCurrentRow(0)
        self.changed.emit()

    def current(self) -> SearchHit | None:
        row = self.hits.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None
