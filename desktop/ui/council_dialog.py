"""Record the council's meeting on a proposal: who came, how each item was voted."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.council import MeetingFields, Vote, record_meeting
from desktop.services.proposals import ProposalView
from desktop.ui.context import AppContext
from desktop.ui.widgets import DateField, error_label, form_buttons

MAX_MEMBERS = 99


def _spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, MAX_MEMBERS)
    spin.setValue(value)
    return spin


class CouncilDialog(QDialog):
    def __init__(self, context: AppContext, proposal: ProposalView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("councilDialog")
        self.context = context
        self.proposal = proposal
        self.meeting_id: uuid.UUID | None = None
        self.setWindowTitle(_("Council meeting"))
        self.held_on = DateField()
        self.held_on.set_date(context.today)
        self.place = QLineEdit()
        self.chaired_by = QLineEdit()
        self.members_total = _spin(9)
        self.members_present = _spin(9)
        self.secret_ballot = QCheckBox(_("Secret ballot"))
        form = QFormLayout()
        form.addRow(_("Held on") + " *", self.held_on)
        form.addRow(_("Place"), self.place)
        form.addRow(_("Chaired by"), self.chaired_by)
        form.addRow(_("Members of the council"), self.members_total)
        form.addRow(_("Members present"), self.members_present)
        form.addRow("", self.secret_ballot)
        self.votes = QTableWidget(len(proposal.items), 4)
        self.votes.setObjectName("councilVotes")
        self.votes.setHorizontalHeaderLabels([_("Nominee"), _("Award"), _("Votes for"), _("Votes cast")])
        for row, item in enumerate(proposal.items):
            self.votes.setItem(row, 0, QTableWidgetItem(item.subject_name))
            self.votes.setItem(row, 1, QTableWidgetItem(item.award_name))
            self.votes.setCellWidget(row, 2, _spin(9))
            self.votes.setCellWidget(row, 3, _spin(9))
        self.votes.resizeColumnsToContents()
        self.members_present.valueChanged.connect(self._present_changed)
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.votes, 1)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Save (Ctrl+S)"), self.save))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.resize(640, 460)

    def vote_spins(self, row: int) -> tuple[QSpinBox, QSpinBox]:
        return self.votes.cellWidget(row, 2), self.votes.cellWidget(row, 3)  # type: ignore[return-value]

    def _present_changed(self, present: int) -> None:
        """Everyone present votes, and a unanimous line stays unanimous: the usual case is typed once."""
        for row in range(self.votes.rowCount()):
            votes_for, cast = self.vote_spins(row)
            unanimous = votes_for.value() == cast.value()
            cast.setValue(present)
            votes_for.setValue(present if unanimous else min(votes_for.value(), present))

    def save(self) -> None:
        held_on = self.held_on.date()
        if held_on is None:
            self.error.setText(_("Write dates as dd/mm/yyyy."))
            return
        votes = {}
        for row, item in enumerate(self.proposal.items):
            votes_for, cast = self.vote_spins(row)
            votes[item.id] = Vote(votes_for.value(), cast.value())
        fields = MeetingFields(
            held_on=held_on,
            members_total=self.members_total.value(),
            members_present=self.members_present.value(),
            votes=votes,
            secret_ballot=self.secret_ballot.isChecked(),
            place=self.place.text(),
            chaired_by=self.chaired_by.text(),
        )
        try:
            self.meeting_id = record_meeting(
                self.context.db, self.context.username or "", self.proposal.id, fields
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()
