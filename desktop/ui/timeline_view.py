"""The award timeline of a person or collective: one branch per year, newest first."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from desktop.db import Database
from desktop.i18n import _
from desktop.services.timeline import ENTRY_KINDS, TimelineEntry, subject_timeline

KIND_COLOURS = {"award": "#8a6d00", "rating": "#1f4e79", "initiative": "#2e7d32", "discipline": "#b71c1c"}


class TimelineView(QTreeWidget):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setObjectName("timeline")
        self.setColumnCount(3)
        self.setHeaderLabels([_("Year"), _("Record"), _("Details")])
        self.setAlternatingRowColors(True)
        self.entries: list[TimelineEntry] = []

    def show_subject(self, subject_id: uuid.UUID | None) -> None:
        self.clear()
        self.entries = subject_timeline(self.db, subject_id) if subject_id else []
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
