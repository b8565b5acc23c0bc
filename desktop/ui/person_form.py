"""Add or edit a person: keyboard-first, every refusal shown beside its field, duplicates caught first.

Enter moves to the next field, Ctrl+S saves, Esc cancels. Before a new record is saved, people
with the same name and birth year, or the same ID number, are shown so the officer can stop.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import Occupation
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.labels import GENDER, OCCUPATION
from desktop.services.people import (
    PersonFields,
    PersonView,
    create_person,
    person_fields,
    possible_duplicates,
    update_person,
)
from desktop.services.reference import ethnic_groups
from desktop.services.units import villages
from desktop.ui.context import AppContext
from desktop.ui.widgets import (
    ERROR_COLOUR,
    ChoiceCombo,
    CodeCombo,
    EnterMovesOn,
    confirm,
    error_label,
    form_buttons,
)
from desktop.values import parse_birth

REQUIRED_MARK = " *"


class PersonForm(QDialog):
    def __init__(
        self, context: AppContext, person_id: uuid.UUID | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("personForm")
        self.context = context
        self.person_id = person_id
        self.saved: PersonView | None = None
        self.setWindowTitle(_("Edit person") if person_id else _("New person"))
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(200)
        self.gender = CodeCombo(GENDER, blank=_("(not given)"))
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(_("dd/mm/yyyy or the year alone"))
        self.ethnicity = ChoiceCombo(blank=_("(not given)"))
        self.ethnicity.set_choices(ethnic_groups(context.db))
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(12)
        self.id_number.setPlaceholderText(_("12 digits"))
        self.village = ChoiceCombo(blank=_("(not given)"))
        self.village.set_choices((village.id, village.name) for village in villages(context.db))
        self.occupation = CodeCombo(OCCUPATION)
        self.occupation.set_code(Occupation.OTHER.value)
        self.position = QLineEdit()
        self.workplace = QLineEdit()
        self.hometown = QLineEdit()
        self.fields = {
            "full_name": (self.full_name, _("Full name") + REQUIRED_MARK),
            "gender": (self.gender, _("Gender")),
            "birth_date": (self.birth, _("Birth date or year")),
            "ethnic_code": (self.ethnicity, _("Ethnicity")),
            "id_number": (self.id_number, _("ID number (CCCD)")),
            "village_id": (self.village, _("Village")),
            "occupation": (self.occupation, _("Occupation category")),
            "position": (self.position, _("Position")),
            "workplace": (self.workplace, _("Workplace")),
            "hometown": (self.hometown, _("Hometown")),
        }
        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for name, (widget, text) in self.fields.items():
            label = QLabel(text)
            label.setBuddy(widget)
            self.labels[name] = label
            form.addRow(label, widget)
        self.error = error_label("formError")
        buttons = form_buttons(self, _("Save (Ctrl+S)"), self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Fields marked * are required.")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        enter = EnterMovesOn(self)
        for widget, _text in self.fields.values():
            widget.installEventFilter(enter)
        if person_id is not None:
            self._load(person_id)
        self.full_name.setFocus()

    def _load(self, person_id: uuid.UUID) -> None:
        fields = person_fields(self.context.db, person_id)
        self.full_name.setText(fields.full_name)
        self.gender.set_code(fields.gender)
        self.birth.setText(
            format_date(fields.birth_date) if fields.birth_date else str(fields.birth_year or "")
        )
        self.ethnicity.set_value(fields.ethnic_code)
        self.id_number.setText(fields.id_number or "")
        self.village.set_value(fields.village_id)
        self.occupation.set_code(fields.occupation)
        self.position.setText(fields.position or "")
        self.workplace.setText(fields.workplace or "")
        self.hometown.setText(fields.hometown or "")

    def read_fields(self) -> PersonFields:
        """What the form holds; ValidationError when a field cannot even be read."""
        try:
            born, year = parse_birth(self.birth.text())
        except ValueError as error:
            raise ValidationError("birth_date", str(error)) from None
        return PersonFields(
            full_name=self.full_name.text(),
            gender=self.gender.code(),
            birth_date=born,
            birth_year=year,
            ethnic_code=self.ethnicity.value(),  # type: ignore[arg-type]
            id_number=self.id_number.text(),
            position=self.position.text(),
            workplace=self.workplace.text(),
            village_id=self.village.value(),  # type: ignore[arg-type]
            hometown=self.hometown.text(),
            occupation=self.occupation.code() or Occupation.OTHER.value,
        )

    def show_refusal(self, error: ValidationError) -> None:
        field = "birth_date" if error.field == "birth_year" else error.field
        widget, text = self.fields.get(field, (None, ""))
        self.error.setText(f"{text.rstrip(' *')}: {error.message}" if text else error.message)
        for name, label in self.labels.items():
            label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;" if name == field else "")
        if widget is not None:
            widget.setFocus()

    def confirm_despite_duplicates(self, fields: PersonFields) -> bool:
        duplicates = possible_duplicates(self.context.db, fields, self.person_id)
        for duplicate in duplicates:
            if duplicate.same_id_number:
                raise ValidationError(
                    "id_number",
                    _("{name} already has this ID number.").format(name=duplicate.person.full_name),
                )
        if not duplicates:
            return True
        lines = [
            f"• {d.person.full_name}, {format_date(d.person.birth_date) or d.person.birth_year or ''}"
            + (f", {d.person.village}" if d.person.village else "")
            for d in duplicates
        ]
        return confirm(
            self,
            "duplicateWarning",
            _("Possible duplicate"),
            _("This person may already be recorded:") + "\n" + "\n".join(lines),
            _("Save anyway"),
            _("Go back"),
            informative=_("Save a new record anyway?"),
        )

    def save(self) -> None:
        try:
            fields = self.read_fields()
            if not self.confirm_despite_duplicates(fields):
                return
            if self.person_id is None:
                self.saved = create_person(self.context.db, self.context.username, fields)
            else:
                self.saved = update_person(self.context.db, self.context.username, self.person_id, fields)
        except ValidationError as error:
            self.show_refusal(error)
            return
        self.accept()
