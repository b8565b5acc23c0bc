"""Đề nghị: the unit's proposals, and at a district or province the inbox of those received.

A proposal list is short (tens a year), so it is read whole; the editor on the right shows the
one picked. At an upper level, several approved proposals from different communes can be picked
together and answered by one decision.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import ProposalStatus, Role, UserRole
from desktop.i18n import _
from desktop.reports.kinds import Selection
from desktop.services.proposal_workflow import status_name
from desktop.services.proposals import ProposalSummary, proposal_view, proposals
from desktop.services.site import site_info
from desktop.ui.context import AppContext
from desktop.ui.decision_dialog import AwardDecisionDialog
from desktop.ui.document_preview import PreviewDialog, open_preview, print_menu_button
from desktop.ui.proposal_editor import ProposalEditor
from desktop.ui.proposal_forms import ProposalForm
from desktop.ui.receive_dialog import ReceiveDialog
from desktop.ui.screen_reads import ScreenReads

if TYPE_CHECKING:
    from desktop.changes.written import Written

FOLLOWS = (
    "proposal",
    "proposal_item",
    "dossier_document",
    "council_meeting",
    "council_vote",
    "decision",
    "award",
)
"""What the list of proposals and the one on view show: a commit to any of these refreshes them."""

OWN, INBOX = "own", "inbox"


class ProposalsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("proposalsPage")
        self.context = context
        context.follow(self, FOLLOWS, self.follow_data)
        self.reads = ScreenReads(self, context.runner)
        self.upper = site_info(context.db).role != Role.COMMUNE
        self.rows: list[ProposalSummary] = []
        self.new_button = QPushButton(_("New proposal (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_proposal)
        self.view = QComboBox()
        self.view.setObjectName("proposalView")
        self.view.addItem(_("This unit's proposals"), OWN)
        self.view.addItem(_("Received from lower units"), INBOX)
        self.view.setVisible(self.upper)
        self.view.currentIndexChanged.connect(lambda _index: self.reload())
        self.receive_button = QPushButton(_("Receive a proposal…"))
        self.receive_button.clicked.connect(self.receive)
        self.receive_button.setVisible(self.upper and context.may(UserRole.OFFICER))
        self.decide_button = QPushButton(_("One decision for the approved proposals picked…"))
        self.decide_button.setObjectName("decideTogether")
        self.decide_button.clicked.connect(self.decide_together)
        self.decide_button.setVisible(self.upper and context.may(UserRole.APPROVER))
        self.writer = context.offer(UserRole.OFFICER, self.new_button)
        """A viewer reads: nothing that records a proposal is offered."""
        self.print_button = print_menu_button(
            _("Print…"),
            [
                (_("The proposal (tờ trình)"), lambda: self.preview("proposal")),
                (_("The list for public posting"), lambda: self.preview("public-list")),
                (_("The council minutes"), lambda: self.preview("minutes")),
            ],
        )
        self.print_button.setObjectName("printProposal")
        self.print_button.setEnabled(False)
        actions = QHBoxLayout()
        for widget in (self.new_button, self.view, self.receive_button, self.decide_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("proposalList")
        self.table.setHorizontalHeaderLabels([_("Title"), _("Year"), _("Status"), _("Nominees"), _("From")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self.show_current)
        self.editor = ProposalEditor(context)
        self.editor.changed.connect(self.reload)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.editor)
        split.setSizes([460, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        if self.writer:
            QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_proposal)

    def reload(self, select: uuid.UUID | None = None) -> None:
        """Read the list again on the worker, keeping (or moving to) the proposal `select`; the
        one picked is read again as it is picked anew."""
        incoming, current, db = self.view.currentData() == INBOX, select or self.current_id(), self.context.db
        self.reads.submit(
            _("Reading the proposals"),
            lambda _task: proposals(db, incoming=incoming),
            lambda rows: self._show_rows(rows, current),
            lambda: incoming == (self.view.currentData() == INBOX),
        )

    def _show_rows(self, rows: list[ProposalSummary], current: uuid.UUID | None) -> None:
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for row, summary in enumerate(self.rows):
            for column, text in enumerate(
                (
                    summary.title + (f" ({summary.number})" if summary.number else ""),
                    str(summary.year or ""),
                    status_name(summary.status),
                    str(summary.items),
                    summary.from_unit or "",
                )
            ):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, summary.id)
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        self.table.setColumnHidden(4, self.view.currentData() != INBOX)
        ids = [summary.id for summary in self.rows]
        self.table.clearSelection()
        if current in ids:
            self.table.selectRow(ids.index(current))
        elif not ids:
            self.editor.show_proposal(None)

    def follow_data(self, _written: Written) -> None:
        """A proposal changed elsewhere (a decision issued, a bundle received): the list and the
        proposal on view show what is now true."""
        self.reload()

    def current_id(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def show_current(self) -> None:
        self.editor.show_proposal(self.current_id())
        self.print_button.setEnabled(self.current_id() is not None)

    def preview(self, kind: str) -> PreviewDialog | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return None
        summary = self.rows[row]
        return open_preview(self, self.context, kind, Selection(summary.id), summary.title)

    def show_record(self, proposal_id: uuid.UUID, _title: str = "") -> None:
        """Open a proposal found elsewhere (search, dashboard), in the list it belongs to."""
        db = self.context.db
        self.reads.submit(
            _("Opening the proposal"),
            lambda _task: proposal_view(db, proposal_id).incoming,
            lambda incoming: self._show_record(proposal_id, incoming),
        )

    def _show_record(self, proposal_id: uuid.UUID, incoming: bool) -> None:
        self.view.blockSignals(True)
        self.view.setCurrentIndex(self.view.findData(INBOX if incoming else OWN))
        self.view.blockSignals(False)
        self.reload(proposal_id)

    def _opened(self, dialog: QDialog) -> QDialog:
        dialog.accepted.connect(lambda: self.reload(getattr(dialog, "saved_id", None)))
        dialog.open()
        return dialog

    def new_proposal(self) -> QDialog:
        self.view.setCurrentIndex(0)
        return self._opened(ProposalForm(self.context, parent=self))

    def receive(self) -> QDialog:
        self.view.setCurrentIndex(self.view.findData(INBOX))
        return self._opened(ReceiveDialog(self.context, self))

    def decide_together(self) -> QDialog | None:
        picked = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        chosen = [self.rows[row] for row in picked if self.rows[row].status == ProposalStatus.APPROVED]
        if not chosen:
            QMessageBox.information(
                self, _("Issue the decision"), _("Pick one or more approved proposals first.")
            )
            return None
        dialog = AwardDecisionDialog(
            self.context, [summary.id for summary in chosen], chosen[0].title, parent=self
        )
        self._opened(dialog)
        dialog.accepted.connect(lambda: self.editor.notice.setText(dialog.outcome))  # after the reload
        return dialog
