"""Tổng quan: this year's awards by title, what is recorded, what waits, and what is due soon.

The figures are read on the worker (a third of a second at a million people), so the window is
usable before they arrive. Each figure opens its list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date, format_number
from desktop.services.overview import Overview, overview
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error
from desktop.ui.widgets import YearSpin

CARD_STYLE = (
    "QPushButton { text-align: left; padding: 10px 14px; border: 1px solid #d8c37a; border-radius: 6px;"
    " background: #fffaf0; font-size: 13px; } QPushButton:hover { background: #fff1c9; }"
)


class OverviewPage(QWidget):
    open_people = Signal()
    open_collectives = Signal()
    open_award = Signal(object, object)
    open_proposals = Signal()
    """(award code or None, year): show these awards in the look-up."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("overviewPage")
        self.context = context
        self.figures: Overview | None = None
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        title = QLabel(_("Overview"))
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(QLabel(_("Year")))
        self.year = YearSpin()
        self.year.setValue(context.today.year)
        self.year.valueChanged.connect(self.refresh)
        header.addWidget(self.year)
        layout.addLayout(header)
        cards = QGridLayout()
        self.cards: dict[str, QPushButton] = {}
        for position, name in enumerate(
            ("people", "collectives", "households", "awards", "proposals", "registrations")
        ):
            card = QPushButton()
            card.setObjectName(f"card_{name}")
            card.setStyleSheet(CARD_STYLE)
            card.setMinimumHeight(56)
            cards.addWidget(card, position // 3, position % 3)
            self.cards[name] = card
        self.cards["people"].clicked.connect(self.open_people)
        self.cards["collectives"].clicked.connect(self.open_collectives)
        self.cards["households"].clicked.connect(self.open_collectives)
        self.cards["awards"].clicked.connect(lambda: self.open_award.emit(None, self.year.value()))
        self.cards["proposals"].clicked.connect(self.open_proposals)
        self.cards["registrations"].setEnabled(False)
        layout.addLayout(cards)
        columns = QHBoxLayout()
        self.awards = QTableWidget(0, 3)
        self.awards.setObjectName("awardsByTitle")
        self.awards.setHorizontalHeaderLabels([_("Award"), "", ""])
        self.awards.horizontalHeader().setStretchLastSection(False)
        self.awards.setColumnWidth(0, 300)
        self.awards.verticalHeader().setVisible(False)
        self.awards.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.awards.cellActivated.connect(self._award_activated)
        self.awards.cellDoubleClicked.connect(self._award_activated)
        self.deadlines = QTableWidget(0, 2)
        self.deadlines.setObjectName("deadlines")
        self.deadlines.setHorizontalHeaderLabels([_("Date"), _("Coming up")])
        self.deadlines.horizontalHeader().setStretchLastSection(True)
        self.deadlines.verticalHeader().setVisible(False)
        self.deadlines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.deadlines.setWordWrap(True)
        for heading, table in (
            (_("Awards of the year by title"), self.awards),
            (_("Deadlines"), self.deadlines),
        ):
            box = QVBoxLayout()
            label = QLabel(heading)
            label.setStyleSheet("font-weight: 600;")
            box.addWidget(label)
            box.addWidget(table)
            columns.addLayout(box, 1)
        layout.addLayout(columns, 1)
        self._show_waiting()

    def _show_waiting(self) -> None:
        for card in self.cards.values():
            card.setText(_("Reading…"))

    def refresh(self) -> None:
        year, today, db = self.year.value(), self.context.today, self.context.db
        self._show_waiting()
        self.context.runner.submit(
            _("Counting this year's figures"),
            lambda task: overview(db, year, today),
            self.show_figures,
            lambda error: show_error(self, error),
        )

    def show_figures(self, figures: Overview) -> None:
        if figures.year != self.year.value():
            return
        self.figures = figures
        texts = {
            "people": (_("People recorded"), figures.people),
            "collectives": (_("Collectives"), figures.collectives),
            "households": (_("Households"), figures.households),
            "awards": (_("Awards in {year}").format(year=figures.year), figures.awards_total),
            "proposals": (_("Proposals in progress"), figures.open_proposals),
            "registrations": (_("Registrations not sent"), figures.unsent_registrations),
        }
        for name, (text, number) in texts.items():
            self.cards[name].setText(f"{text}\n{format_number(number)}")
        self.awards.setHorizontalHeaderLabels([_("Award"), str(figures.year), str(figures.year - 1)])
        self.awards.setRowCount(len(figures.awards) + 1)
        rows = [(count.code, count.name, count.count, count.previous) for count in figures.awards]
        rows.append((None, _("Total"), figures.awards_total, figures.previous_total))
        for row, (code, text, count, previous) in enumerate(rows):
            name = QTableWidgetItem(text)
            name.setData(Qt.ItemDataRole.UserRole, code)
            self.awards.setItem(row, 0, name)
            for column, value in ((1, count), (2, previous)):
                number = QTableWidgetItem(format_number(value))
                number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.awards.setItem(row, column, number)
        self.deadlines.setRowCount(len(figures.deadlines))
        for row, deadline in enumerate(figures.deadlines):
            self.deadlines.setItem(row, 0, QTableWidgetItem(format_date(deadline.on)))
            self.deadlines.setItem(row, 1, QTableWidgetItem(deadline.title))
        self.deadlines.resizeRowsToContents()
        self.deadlines.resizeColumnToContents(0)

    def _award_activated(self, row: int, column: int) -> None:
        """Open the awards of the row's title (all titles on the total row) in the column's year."""
        item = self.awards.item(row, 0)
        if item is not None:
            year = self.year.value() - (1 if column == 2 else 0)
            self.open_award.emit(item.data(Qt.ItemDataRole.UserRole), year)
