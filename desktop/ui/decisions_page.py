"""Quyết định: the decisions recorded here, the awards each grants, and their revocation.

The numbers of the year are checked at the top, so a gap or a number used twice is seen. Picking
awards of a decision and choosing "Revoke" makes the revoking decision; revoked awards stay on
the list, marked, and no longer count for the rules.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import DecisionKind, UserRole
from desktop.i18n import _, format_date, format_number
from desktop.reports.kinds import Selection
from desktop.services.decisions import DecisionSummary, decision_list, number_report
from desktop.services.listing import AwardFilter, AwardRow, award_keys, award_rows
from desktop.ui.context import AppContext
from desktop.ui.decision_dialog import RevocationDialog
from desktop.ui.document_preview import PreviewDialog, open_preview, print_menu_button
from desktop.ui.screen_reads import ScreenReads
from desktop.ui.tasks import Task
from desktop.ui.widgets import ERROR_COLOUR, YearSpin


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.blockSignals(True)
    table.setRowCount(len(rows))
    for number, texts in enumerate(rows):
        for column, text in enumerate(texts):
            table.setItem(number, column, QTableWidgetItem(text))
    table.blockSignals(False)


class DecisionsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("decisionsPage")
        self.context = context
        context.follow(self, ("decision", "award"), lambda _written: self.reload())
        self.decisions: list[DecisionSummary] = []
        self.awards: list[AwardRow] = []
        self.find_id: uuid.UUID | None = None
        self.reads = ScreenReads(self, context.runner)
        self.year = YearSpin(_("All years"))
        self.year.setValue(context.today.year)
        self.year.valueChanged.connect(lambda _value: self.reload())
        self.numbers = QLabel()
        self.numbers.setObjectName("decisionNumberCheck")
        self.revoke_button = QPushButton(_("Revoke the awards picked…"))
        self.revoke_button.setObjectName("revokeAwards")
        self.revoke_button.clicked.connect(self.revoke)
        context.offer(UserRole.APPROVER, self.revoke_button)
        self.notice = QLabel()
        self.notice.setObjectName("decisionNotice")
        self.notice.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Signed in")))
        top.addWidget(self.year)
        top.addWidget(self.numbers, 1)
        self.table = _table(
            [
                _("Number"),
                _("Signed on"),
                _("Issued by"),
                _("Awards"),
                _("Revoked"),
                _("Reward money"),
                _("Summary"),
            ]
        )
        self.table.setObjectName("decisionList")
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self.show_awards)
        self.award_table = _table([_("Name"), _("Award"), _("Year"), _("Revoked")])
        self.award_table.setObjectName("decisionAwards")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.award_table, 1)
        self.print_button = print_menu_button(
            _("Print…"),
            [
                (_("The decision and its list"), lambda: self.preview("decision")),
                (_("Certificates on blank paper"), lambda: self.preview("certificates")),
                (_("Certificates on pre-printed blanks"), lambda: self.preview("certificates", True)),
            ],
        )
        self.print_button.setObjectName("printDecision")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.notice)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def reload(self) -> None:
        """Read the year's decisions and the check of its numbering on the worker, then show them,
        the decision picked kept picked."""
        year, db = self.year.year(), self.context.db

        def read(_task: Task) -> tuple[list[DecisionSummary], list[str] | None]:
            problems = number_report(db, year).problems() if year is not None else None
            return decision_list(db, year), problems

        self.reads.submit(
            _("Reading the decisions"),
            read,
            lambda answer: self._show_decisions(year, *answer),
            lambda: year == self.year.year(),
        )

    def _show_decisions(
        self, year: int | None, decisions: list[DecisionSummary], problems: list[str] | None
    ) -> None:
        picked = self.find_id or getattr(self.current(), "id", None)
        self.find_id = None
        self.decisions = decisions
        self.table.blockSignals(True)
        _fill(
            self.table,
            [
                (
                    d.number,
                    format_date(d.signed_on),
                    d.issuer,
                    str(d.awards) if d.kind == DecisionKind.AWARD else _("revocation"),
                    str(d.revoked or ""),
                    format_number(int(d.total_reward)) if d.total_reward else "",
                    d.summary,
                )
                for d in decisions
            ],
        )
        ids = [d.id for d in decisions]
        if picked in ids:
            self.table.selectRow(ids.index(picked))
        self.table.blockSignals(False)
        self._show_numbers(year, problems)
        self.show_awards()

    def _show_numbers(self, year: int | None, problems: list[str] | None) -> None:
        """Gaps and doubles in this unit's own numbering, for the year shown."""
        if year is None or problems is None:
            self.numbers.clear()
            return
        self.numbers.setText(
            "; ".join(problems) or _("Numbering of {year}: no gap, no double.").format(year=year)
        )
        self.numbers.setStyleSheet(f"color: {ERROR_COLOUR};" if problems else "")

    def current(self) -> DecisionSummary | None:
        row = self.table.currentRow()
        return self.decisions[row] if 0 <= row < len(self.decisions) and self.table.selectedItems() else None

    def show_awards(self) -> None:
        """The awards of the decision picked, read on the worker."""
        decision = self.current()
        self.print_button.setEnabled(decision is not None)
        if decision is None:
            self._show_awards(None, [])
            return
        db, wanted = self.context.db, AwardFilter(decision_id=decision.id, include_revoked=True)
        self.reads.submit(
            _("Reading the decision's awards"),
            lambda _task: award_rows(db, award_keys(db, wanted)),
            lambda awards: self._show_awards(decision, awards),
            lambda: getattr(self.current(), "id", None) == decision.id,
        )

    def _show_awards(self, decision: DecisionSummary | None, awards: list[AwardRow]) -> None:
        self.awards = awards
        _fill(
            self.award_table,
            [
                (row.subject_name, row.award_name, str(row.year or ""), _("revoked") if row.revoked else "")
                for row in awards
            ],
        )
        self.revoke_button.setEnabled(bool(awards) and decision is not None and decision.kind == "award")

    def preview(self, kind: str, preprinted: bool = False) -> PreviewDialog | None:
        decision = self.current()
        if decision is None:
            return None
        title = _("Decision {number}").format(number=decision.number)
        return open_preview(self, self.context, kind, Selection(decision.id, preprinted=preprinted), title)

    def show_decision(self, decision_id: uuid.UUID, _title: str = "") -> None:
        """Pick a decision found elsewhere (the global search), among those of all years."""
        self.find_id = decision_id
        if self.year.value() == self.year.minimum():
            self.reload()
        else:
            self.year.setValue(self.year.minimum())  # reads them again

    def revoke(self) -> QDialog | None:
        picked = sorted({index.row() for index in self.award_table.selectionModel().selectedRows()})
        chosen = [self.awards[row].id for row in picked if not self.awards[row].revoked]
        if not chosen:
            self.notice.setText(_("Pick the awards to revoke in the list first."))
            return None
        dialog = RevocationDialog(self.context, chosen, self)
        dialog.accepted.connect(self.reload)
        dialog.accepted.connect(lambda: self.notice.setText(dialog.outcome))
        dialog.open()
        return dialog
