"""The award timeline of a person or collective: one branch per year, newest first."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from desktop.i18n import _
from desktop.services.timeline import ENTRY_KINDS, TimelineEntry, subject_timeline
from desktop.ui.context import AppContext
from desktop.ui.screen_reads import ScreenReads

KIND_COLOURS = {"award": "#8a6d00", "rating": "#1f4e79", "initiative": "#2e7d32", "discipline": "#b71c1c"}


class TimelineView(QTreeWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.subject_id: uuid.UUID | None = None
        self.reads = ScreenReads(self, context.runner)
        self.setObjectName("timeline")
        self.setColumnCount(3)
        self.setHeaderLabels([_("Year"), _("Record"), _("Details")])
        self.setAlternatingRowColors(True)
        self.entries: list[TimelineEntry] = []

    def show_subject(self, subject_id: uuid.UUID | None) -> None:
        """Read the subject's timeline on the worker, then show it (unless another was picked)."""
        self.subject_id = subject_id
        self.clear()
        self.entries = []
        if subject_id is None:
            return
        db = self.context.db

        self.reads.submit(
            _("Reading the award history"),
            lambda _task: subject_timeline(db, subject_id),
            self._show_entries,
            lambda: subject_id == self.subject_id,
        )

    def _show_entries(self, entries: list[TimelineEntry]) -> None:
        self.clear()
        self.entries = entries
        years: dict[int | None, QTreeWidgetItem] = {}
        for entry in self.entries:
            parent = years.get(entry.year)
            if parent is None:
                parent = QTreeWidgetItem([str(entry.year or _("Year unknown"))])
                bold = QFont()
                bold.setBold(True)
                parent.setFont(0, bold)
                self.addTopLevelItem(parent)
                years[entry.year] = parent
            title = entry.title + (" — " + _("revoked") if entry.revoked else "")
            item = QTreeWidgetItem(["", f"{_(ENTRY_KINDS[entry.kind])}: {title}", entry.detail])
            item.setForeground(1, QBrush(QColor(KIND_COLOURS[entry.kind])))
            if entry.revoked:
                font = item.font(1)
                font.setStrikeOut(True)
                item.setFont(1, font)
            parent.addChild(item)
        self.expandAll()
        for column in range(2):
            self.resizeColumnToContents(column)
