"""The main window: who this site is, the name search, and what a found subject can be proposed for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.services.search import KIND_LABELS, SearchHit, search
from desktop.services.setup import site_info
from desktop.ui.eligibility_panel import EligibilityPanel


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(_("Sổ Vàng"))
        central = QWidget()
        layout = QVBoxLayout(central)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout.addWidget(self.heading)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search people, collectives, decisions (Ctrl+K)…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.run_search)
        layout.addWidget(self.search_box)
        self.results = QTableWidget(0, 3)
        self.results.setHorizontalHeaderLabels([_("Kind"), _("Name"), _("Details")])
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.results.verticalHeader().setVisible(False)
        self.results.itemSelectionChanged.connect(self.show_selected)
        self.eligibility = EligibilityPanel(db)
        splitter = QSplitter()
        splitter.addWidget(self.results)
        splitter.addWidget(self.eligibility)
        splitter.setSizes([520, 580])
        layout.addWidget(splitter, 1)
        self.hits: list[SearchHit] = []
        self.setCentralWidget(central)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.search_box.setFocus)
        self.show_site()

    def show_site(self) -> None:
        try:
            info = site_info(self.db)
        except NotFoundError:
            self.heading.setText(_("This database is not set up yet. Run: sovang init"))
            self.search_box.setEnabled(False)
            return
        place = f"{info.unit_name}, {info.province_name}" if info.province_name else info.unit_name
        self.heading.setText(place)
        self.statusBar().showMessage(_("Database: {path}").format(path=self.db.path or ""))

    def run_search(self, text: str) -> None:
        hits = search(self.db, text) if text.strip() else []
        self.hits = hits
        self.results.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            for column, value in enumerate((_(KIND_LABELS[hit.kind]), hit.title, hit.detail)):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.results.setItem(row, column, item)
        self.results.resizeColumnsToContents()

    def show_selected(self) -> None:
        """A person or collective picked in the results: show what they can be proposed for."""
        rows = {index.row() for index in self.results.selectedIndexes()}
        if len(rows) != 1:
            return
        hit = self.hits[rows.pop()]
        if hit.kind in ("person", "collective"):
            self.eligibility.show_subject(hit.id, hit.title)
