"""At the district or province: type in a proposal that arrived on paper from a commune.

Until sync brings proposals in, the upper level enters what the papers say: the unit, the title,
the year and each nominee with the award proposed. Nominees are people and collectives recorded
here; they are found by name, without accents.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.proposal_workflow import ReceivedItem, receive
from desktop.services.proposals import ProposalFields
from desktop.services.releases import award_catalog
from desktop.services.units import lower_units
from desktop.ui.award_choices import award_choices
from desktop.ui.context import AppContext
from desktop.ui.subject_picker import SubjectPicker
from desktop.ui.widgets import ChoiceCombo, DateField, YearSpin, error_label, form_buttons


class ReceiveDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiveDialog")
        self.context = context
        self.saved_id: uuid.UUID | None = None
        self.received: list[tuple[ReceivedItem, str]] = []
        self.setWindowTitle(_("Receive a proposal"))
        self.unit = ChoiceCombo()
        self.unit.set_choices((unit.id, unit.name) for unit in lower_units(context.db))
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(ChoiceCombo.InsertPolicy.NoInsert)
        self.title = QLineEdit()
        self.number = QLineEdit()
        self.year = YearSpin()
        self.year.setValue(context.today.year - 1 if context.today.month < 7 else context.today.year)
        self.received_on = DateField()
        self.received_on.set_date(context.today)
        self.picker = SubjectPicker(context.db, ("person", "collective"))
        self.picker.hits.setMaximumHeight(120)
        self.award = ChoiceCombo()
        self.award.set_choices(award_choices(context.db))
        add = QPushButton(_("Add to the list"))
        add.clicked.connect(self.add_nominee)
        self.nominees = QListWidget()
        self.nominees.setObjectName("receivedNominees")
        form = QFormLayout()
        form.addRow(_("From") + " *", self.unit)
        form.addRow(_("Title") + " *", self.title)
        form.addRow(_("Number of the submission"), self.number)
        form.addRow(_("Year of the achievements"), self.year)
        form.addRow(_("Received on") + " *", self.received_on)
        pick = QHBoxLayout()
        pick.addWidget(self.award, 1)
        pick.addWidget(add)
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.picker)
        layout.addLayout(pick)
        layout.addWidget(self.nominees, 1)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Save (Ctrl+S)"), self.save))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.resize(620, 640)

    def add_nominee(self) -> None:
        hit = self.picker.current()
        if hit is None:
            self.error.setText(_("Pick the person or collective in the list first."))
            return
        code = str(self.award.value())
        self.received.append((ReceivedItem(hit.id, code), hit.title))
        self.nominees.addItem(f"{hit.title} — {award_catalog(self.context.db).name(code)}")
        self.error.clear()

    def save(self) -> None:
        unit, on = self.unit.value(), self.received_on.date()
        if unit is None or self.unit.currentText() != self.unit.itemText(self.unit.currentIndex()):
            self.error.setText(_("Pick the unit that sent the proposal from the list."))
            return
        if on is None:
            self.error.setText(_("Write dates as dd/mm/yyyy."))
            return
        if not self.received:
            self.error.setText(_("Add the nominees the proposal lists."))
            return
        fields = ProposalFields(title=self.title.text(), year=self.year.year(), number=self.number.text())
        try:
            self.saved_id = receive(
                self.context.db,
                self.context.username or "",
                unit,  # type: ignore[arg-type]
                fields,
                [item for item, _name in self.received],
                on,
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()
