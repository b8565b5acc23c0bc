"""Tổng quan: this year's awards by title, what is recorded, what waits, and what is due soon.

The figures are read on the worker (a third of a second at a million people), so the window is
usable before they arrive. Each figure opens its list.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date, format_number, language
from desktop.services.overview import Deadline, Overview, overview
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error
from desktop.ui.widgets import YearSpin

FOLLOWS = (
    "award",
    "decision",
    "person",
    "collective",
    "proposal",
    "movement",
    "movement_milestone",
    "registration",
    "exemplary_model",
)
"""Everything the dashboard counts: a commit to any of these counts again."""

OVERDUE_COLOUR, OVERDUE_BACKGROUND, DUE_BACKGROUND = "#b3261e", "#f9d6d2", "#ffe8a3"
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
    open_registrations = Signal()
    open_movement = Signal(object)
    """A movement id, from a review on the calendar."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("overviewPage")
        self.context = context
        context.follow(self, FOLLOWS, lambda _written: self.refresh())
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
        self.cards["registrations"].clicked.connect(self.open_registrations)
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
        self.deadlines.cellDoubleClicked.connect(self._deadline_activated)
        self.deadlines.cellActivated.connect(self._deadline_activated)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("deadlineCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setLocale(
            QLocale(QLocale.Language.Vietnamese if language() == "vi" else QLocale.Language.English)
        )
        self.calendar.clicked.connect(self._day_chosen)
        self.marked: list[QDate] = []
        for heading, widgets in (
            (_("Awards of the year by title"), (self.awards,)),
            (_("Calendar and deadlines"), (self.calendar, self.deadlines)),
        ):
            box = QVBoxLayout()
            label = QLabel(heading)
            label.setStyleSheet("font-weight: 600;")
            box.addWidget(label)
            for widget in widgets:
                box.addWidget(widget)
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
        self.show_deadlines(figures.deadlines)

    def show_deadlines(self, deadlines: list[Deadline]) -> None:
        """The list, overdue reviews in red, and the same days marked on the calendar."""
        self.deadlines.setRowCount(len(deadlines))
        for row, deadline in enumerate(deadlines):
            title = _("Overdue: {title}").format(title=deadline.title) if deadline.overdue else deadline.title
            for column, text in enumerate((format_date(deadline.on), title)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, deadline)
                if deadline.overdue:
                    item.setForeground(QColor(OVERDUE_COLOUR))
                self.deadlines.setItem(row, column, item)
        self.deadlines.resizeRowsToContents()
        self.deadlines.resizeColumnToContents(0)
        for day in self.marked:
            self.calendar.setDateTextFormat(day, QTextCharFormat())
        self.marked = []
        by_day: dict[QDate, list[Deadline]] = {}
        for deadline in deadlines:
            by_day.setdefault(QDate(deadline.on.year, deadline.on.month, deadline.on.day), []).append(
                deadline
            )
        for day, due in by_day.items():
            marked = QTextCharFormat()
            marked.setFontWeight(QFont.Weight.Bold)
            marked.setBackground(
                QColor(OVERDUE_BACKGROUND if any(d.overdue for d in due) else DUE_BACKGROUND)
            )
            marked.setToolTip("\n".join(d.title for d in due))
            self.calendar.setDateTextFormat(day, marked)
            self.marked.append(day)

    def _day_chosen(self, day: QDate) -> None:
        """Select the deadlines of the day clicked on the calendar."""
        self.deadlines.clearSelection()
        for row in range(self.deadlines.rowCount()):
            deadline = self.deadlines.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if QDate(deadline.on.year, deadline.on.month, deadline.on.day) == day:
                self.deadlines.selectRow(row)

    def _deadline_activated(self, row: int, _column: int) -> None:
        deadline = self.deadlines.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if deadline.movement_id is not None:
            self.open_movement.emit(deadline.movement_id)

    def _award_activated(self, row: int, column: int) -> None:
        """Open the awards of the row's title (all titles on the total row) in the column's year."""
        item = self.awards.item(row, 0)
        if item is not None:
            year = self.year.value() - (1 if column == 2 else 0)
            self.open_award.emit(item.data(Qt.ItemDataRole.UserRole), year)
