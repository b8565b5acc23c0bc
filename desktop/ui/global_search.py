"""The search box above every screen (Ctrl+K): people, collectives and decisions by name or number."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.db import Database
from desktop.i18n import _
from desktop.services.search import KIND_LABELS, SearchHit, search

DELAY_MS = 150


class GlobalSearch(QLineEdit):
    chosen = Signal(object)
    """The SearchHit the user picked from the list."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.db = db
        self.hits: list[SearchHit] = []
        self.setPlaceholderText(_("Search people, collectives, decisions (Ctrl+K)…"))
        self.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.activated[QModelIndex].connect(self._activated)
        self.setCompleter(self.completer_)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.textEdited.connect(self.timer.start)

    def focus(self) -> None:
        self.setFocus()
        self.selectAll()

    def run_search(self) -> None:
        text = self.text()
        self.hits = search(self.db, text) if text.strip() else []
        self.model.clear()
        for number, hit in enumerate(self.hits):
            line = f"{hit.title} — {_(KIND_LABELS[hit.kind])}" + (f", {hit.detail}" if hit.detail else "")
            item = QStandardItem(line)
            item.setData(number, Qt.ItemDataRole.UserRole)
            self.model.appendRow(item)
        if self.hits:
            self.completer_.complete()

    def _activated(self, index: QModelIndex) -> None:
        number = index.data(Qt.ItemDataRole.UserRole)
        if number is not None and 0 <= number < len(self.hits):
            hit = self.hits[number]
            self.clear()
            self.chosen.emit(hit)
