"""Add or edit a collective, and add a member found by name."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.labels import COLLECTIVE_KIND
from desktop.services.collectives import (
    CollectiveFields,
    add_member,
    collective_fields,
    create_collective,
    update_collective,
)
from desktop.services.site import site_info
from desktop.services.units import villages
from desktop.ui.context import AppContext
from desktop.ui.subject_picker import SubjectPicker
from desktop.ui.widgets import ChoiceCombo, CodeCombo, EnterMovesOn, error_label, form_buttons


class CollectiveForm(QDialog):
    def __init__(
        self, context: AppContext, collective_id: uuid.UUID | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("collectiveForm")
        self.context = context
        self.collective_id = collective_id
        self.saved_id: uuid.UUID | None = None
        self.setWindowTitle(_("Edit collective") if collective_id else _("New collective"))
        self.name = QLineEdit()
        self.name.setMaxLength(300)
        self.kind = CodeCombo(COLLECTIVE_KIND)
        self.place = ChoiceCombo()
        home = site_info(context.db)
        self.place.set_choices(
            [(home.unit_id, home.unit_name)] + [(v.id, v.name) for v in villages(context.db)]
        )
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        form = QFormLayout()
        form.addRow(_("Name") + " *", self.name)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Place"), self.place)
        form.addRow(_("Notes"), self.notes)
        self.error = error_label("formError")
        buttons = form_buttons(self, _("Save (Ctrl+S)"), self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        enter = EnterMovesOn(self)
        for widget in (self.name, self.kind, self.place):
            widget.installEventFilter(enter)
        if collective_id is not None:
            fields = collective_fields(context.db, collective_id)
            self.name.setText(fields.name)
            self.kind.set_code(fields.kind)
            self.place.set_value(fields.unit_id)
            self.notes.setPlainText(fields.notes or "")
            self.head_person_id = fields.head_person_id
        else:
            self.head_person_id = None
        self.name.setFocus()

    def save(self) -> None:
        fields = CollectiveFields(
            self.name.text(),
            self.kind.code() or "",
            self.place.value(),  # type: ignore[arg-type]
            self.head_person_id,
            self.notes.toPlainText(),
        )
        try:
            if self.collective_id is None:
                self.saved_id = create_collective(self.context.db, self.context.username, fields)
            else:
                update_collective(self.context.db, self.context.username, self.collective_id, fields)
                self.saved_id = self.collective_id
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class AddMemberDialog(QDialog):
    """Find a recorded person by name and add them, with a role (Chủ hộ, Hiệu trưởng …)."""

    def __init__(self, context: AppContext, collective_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("addMember")
        self.context = context
        self.collective_id = collective_id
        self.setWindowTitle(_("Add a member"))
        self.picker = SubjectPicker(context.db, ("person",))
        self.role = QLineEdit()
        self.error = error_label("formError")
        buttons = form_buttons(self, _("Add"), self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        form = QFormLayout()
        form.addRow(_("Role"), self.role)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        hit = self.picker.current()
        if hit is None:
            self.error.setText(_("Pick the person in the list first."))
            return
        try:
            add_member(self.context.db, self.context.username, self.collective_id, hit.id, self.role.text())
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()
