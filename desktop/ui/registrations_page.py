"""Đăng ký thi đua: the year's registrations under a filter; register one subject or a whole
village or unit list; send them up, approve or return them; print or export the consolidated list."""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import SoVangError, ValidationError
from desktop.files import replacing
from desktop.i18n import N_, _, format_date, format_number
from desktop.labels import REGISTRATION_STATE, label
from desktop.reports.kinds import Selection
from desktop.services.movements import movement_names, movement_plan
from desktop.services.registrations import (
    RegistrationFields,
    RegistrationRow,
    move_registrations,
    register,
    register_many,
    registrable_titles,
    registrants,
    registrations,
    subject_kind,
    withdraw,
)
from desktop.services.releases import award_catalog
from desktop.services.units import villages
from desktop.ui.context import AppContext
from desktop.ui.document_preview import open_preview
from desktop.ui.error_dialog import show_error
from desktop.ui.movement_editor import amount_text, typed_amount
from desktop.ui.subject_picker import SubjectPicker
from desktop.ui.tasks import Task
from desktop.ui.widgets import ChoiceCombo, CodeCombo, YearSpin, form_footer, open_dialog, records_table

if TYPE_CHECKING:
    from desktop.changes.written import Written

SOURCES = {
    "household": N_("Households of a village"),
    "person": N_("People living in a village"),
    "collective": N_("Collectives of a village"),
    "members": N_("Members of a collective"),
}
"""Where a list registration takes its names from."""


READING = ("print", "export")
"""The actions a viewer is offered too: they change nothing."""


class RegisterDialog(QDialog):
    """Register one person, collective or household for a title, with the targets it pledges."""

    def __init__(
        self, context: AppContext, year: int, movement_id: uuid.UUID | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("registerDialog")
        self.setWindowTitle(_("Register for a title"))
        self.resize(560, 560)
        self.context = context
        self.year = YearSpin()
        self.year.setValue(year)
        self.picker = SubjectPicker(context.db, ("person", "collective"))
        self.picker.changed.connect(self.show_titles)
        self.title = ChoiceCombo()
        self.movement = ChoiceCombo(_("No movement"))
        self.movement.set_choices(movement_names(context.db))
        self.movement.set_value(movement_id)
        self.movement.currentIndexChanged.connect(lambda _index: self.show_targets())
        self.pledges = QTableWidget(0, 2)
        self.pledges.setObjectName("pledges")
        self.pledges.setHorizontalHeaderLabels([_("Target pledged"), _("Value")])
        self.pledges.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.pledges.verticalHeader().setVisible(False)
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow(_("Year"), self.year)
        form.addRow(_("Registered title"), self.title)
        form.addRow(_("Movement"), self.movement)
        form.addRow(_("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(self.pledges, 1)
        self.error = form_footer(self, layout, self.save, _("Register"))
        self.show_titles()
        self.show_targets()

    def show_titles(self) -> None:
        hit = self.picker.current()
        self.title.set_choices(
            registrable_titles(
                award_catalog(self.context.db), subject_kind(self.context.db, hit.id) if hit else "person"
            )
        )

    def show_targets(self) -> None:
        movement_id = self.movement.value()
        targets = movement_plan(self.context.db, movement_id).targets if movement_id else []  # type: ignore[arg-type]
        self.pledges.setRowCount(len(targets))
        for row, target in enumerate(targets):
            name = QTableWidgetItem(f"{target.indicator} ({target.unit})")
            name.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(Qt.ItemDataRole.UserRole, target.id)
            self.pledges.setItem(row, 0, name)
            self.pledges.setItem(row, 1, QTableWidgetItem(amount_text(target.target_value)))
        self.pledges.setVisible(bool(targets))

    def save(self) -> None:
        hit = self.picker.current()
        if hit is None:
            self.error.setText(_("Pick the person or collective in the list first."))
            return
        try:
            pledges = {
                self.pledges.item(row, 0).data(Qt.ItemDataRole.UserRole): typed_amount(
                    self.pledges.item(row, 1).text(), self.pledges.item(row, 0).text()
                )
                for row in range(self.pledges.rowCount())
                if self.pledges.item(row, 0).checkState() == Qt.CheckState.Checked
            }
            if self.title.value() is None:
                raise ValidationError("award_code", _("Choose the title to register for."))
            register(
                self.context.db,
                self.context.username,
                RegistrationFields(
                    hit.id,
                    self.year.value(),
                    str(self.title.value()),
                    self.movement.value(),  # type: ignore[arg-type]
                    self.note.text(),
                    pledges,
                ),
                self.context.today,
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class RegisterListDialog(QDialog):
    """Register a whole list at once — a village's households, a unit's staff — ticking off any
    who do not register; those already registered are left as they are and named afterwards."""

    def __init__(
        self, context: AppContext, year: int, movement_id: uuid.UUID | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("registerListDialog")
        self.setWindowTitle(_("Register a list"))
        self.resize(560, 620)
        self.context = context
        self.result_note = ""
        self.source = CodeCombo(SOURCES)
        self.source.currentIndexChanged.connect(lambda _index: self.show_places())
        self.place = ChoiceCombo()
        self.place.currentIndexChanged.connect(lambda _index: self.show_names())
        self.year = YearSpin()
        self.year.setValue(year)
        self.title = ChoiceCombo()
        self.movement = ChoiceCombo(_("No movement"))
        self.movement.set_choices(movement_names(context.db))
        self.movement.set_value(movement_id)
        self.names = QListWidget()
        self.names.setObjectName("listNames")
        self.names.itemChanged.connect(lambda _item: self.show_count())
        self.count = QLabel()
        form = QFormLayout()
        form.addRow(_("Take the names of"), self.source)
        form.addRow(_("Village or unit"), self.place)
        form.addRow(_("Year"), self.year)
        form.addRow(_("Registered title"), self.title)
        form.addRow(_("Movement"), self.movement)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.count)
        self.error = form_footer(self, layout, self.save, _("Register"))
        self.show_places()

    def kind(self) -> str:
        source = self.source.code() or "household"
        return "person" if source == "members" else source

    def show_places(self) -> None:
        if self.source.code() == "members":
            choices = [
                (registrant.id, registrant.name)
                for registrant in registrants(self.context.db, kind="collective")
            ]
        else:
            choices = [(village.id, village.name) for village in villages(self.context.db)]
        self.place.set_choices(choices)
        self.title.set_choices(registrable_titles(award_catalog(self.context.db), self.kind()))
        self.show_names()

    def show_names(self) -> None:
        place = self.place.value()
        if self.source.code() == "members":
            found = registrants(self.context.db, collective_id=place) if place else []  # type: ignore[arg-type]
        else:
            found = registrants(self.context.db, village_id=place, kind=self.kind())  # type: ignore[arg-type]
        self.names.blockSignals(True)
        self.names.clear()
        for registrant in found:
            item = QListWidgetItem(registrant.name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, registrant.id)
            self.names.addItem(item)
        self.names.blockSignals(False)
        self.show_count()

    def chosen(self) -> list[uuid.UUID]:
        return [
            self.names.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.names.count())
            if self.names.item(row).checkState() == Qt.CheckState.Checked
        ]

    def show_count(self) -> None:
        self.count.setText(
            _("{chosen} of {total} ticked").format(
                chosen=format_number(len(self.chosen())), total=format_number(self.names.count())
            )
        )

    def save(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.error.setText(_("Tick at least one name."))
            return
        if self.title.value() is None:
            self.error.setText(_("Choose the title to register for."))
            return
        try:
            result = register_many(
                self.context.db,
                self.context.username,
                chosen,
                self.year.value(),
                str(self.title.value()),
                self.context.today,
                self.movement.value(),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.result_note = _("{count} registered.").format(count=format_number(result.created))
        if result.already:
            self.result_note += " " + _("Already registered, left as they were: {names}.").format(
                names=", ".join(result.already[:5]) + ("…" if len(result.already) > 5 else "")
            )
        self.accept()


class RegistrationsPage(QWidget):
    COLUMNS = (
        N_("Name"),
        N_("Place"),
        N_("Registered title"),
        N_("Movement"),
        N_("Registered on"),
        N_("Registration state"),
        N_("Note"),
    )

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("registrationsPage")
        self.context = context
        context.follow(
            self, ("registration", "registration_pledge", "movement", "person", "collective"), self._followed
        )
        self.shown: list[RegistrationRow] = []
        title = QLabel(_("Emulation registrations"))
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.year = YearSpin()
        self.year.setValue(context.today.year)
        self.movement = ChoiceCombo(_("All movements"))
        self.movement.set_choices(movement_names(context.db))
        self.state = CodeCombo(REGISTRATION_STATE, _("All states"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, with or without accents…"))
        for signal in (
            self.year.valueChanged,
            self.movement.currentIndexChanged,
            self.state.currentIndexChanged,
            self.search.textChanged,
        ):
            signal.connect(lambda *_args: self.reload())
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.search, 1)
        for text, widget in ((_("Year"), self.year), (None, self.movement), (None, self.state)):
            if text:
                header.addWidget(QLabel(text))
            header.addWidget(widget)
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for name, text, slot in (
            ("register", _("Register…"), self.register_one),
            ("register_list", _("Register a list…"), self.register_list),
            ("send", _("Send up"), lambda: self.move("send")),
            ("approve", _("Approve"), lambda: self.move("approve")),
            ("return", _("Return…"), lambda: self.move("return")),
            ("withdraw", _("Withdraw"), self.withdraw_selected),
            ("print", _("Print the list…"), self.print_list),
            ("export", _("Export to Excel…"), self.choose_export),
        ):
            button = QPushButton(text)
            button.setObjectName(f"registrations_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            actions.addWidget(button)
        actions.addStretch(1)
        context.offer(
            UserRole.OFFICER, *(button for name, button in self.buttons.items() if name not in READING)
        )
        self.table = records_table("registrationTable", self.COLUMNS, several=True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.show_selection)
        self.summary = QLabel()
        self.summary.setObjectName("registrationSummary")
        self.note = QLabel()
        self.note.setObjectName("registrationNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)

    def show_movement(self, movement_id: uuid.UUID | None) -> None:
        self.movement.set_value(movement_id)
        self.reload()

    def _followed(self, _written: Written) -> None:
        self.reload()

    def reload(self, note: str = "") -> None:
        self.shown = registrations(
            self.context.db,
            self.year.value(),
            self.movement.value(),  # type: ignore[arg-type]
            self.state.code(),
            self.search.text(),
        )
        self.table.setRowCount(len(self.shown))
        for row, registration in enumerate(self.shown):
            cells = (
                registration.subject_name,
                registration.place,
                registration.award_name,
                registration.movement,
                format_date(registration.registered_on),
                registration.state_text,
                registration.note,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        states = Counter(registration.state for registration in self.shown)
        self.summary.setText(
            _("{count} registrations").format(count=format_number(len(self.shown)))
            + (
                ": "
                + ", ".join(
                    f"{label(REGISTRATION_STATE, state)} {format_number(n)}" for state, n in states.items()
                )
                if states
                else ""
            )
        )
        self.note.setText(note)
        self.show_selection()

    def selected(self) -> list[RegistrationRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.shown[row] for row in rows if row < len(self.shown)]

    def show_selection(self) -> None:
        chosen = bool(self.selected())
        for name in ("send", "approve", "return", "withdraw"):
            self.buttons[name].setEnabled(chosen)
        self.buttons["print"].setEnabled(bool(self.shown))
        self.buttons["export"].setEnabled(bool(self.shown))

    def register_one(self) -> RegisterDialog:
        dialog = RegisterDialog(self.context, self.year.value(), self.movement.value(), self)  # type: ignore[arg-type]
        return open_dialog(dialog, lambda: self.reload())

    def register_list(self) -> RegisterListDialog:
        dialog = RegisterListDialog(self.context, self.year.value(), self.movement.value(), self)  # type: ignore[arg-type]
        return open_dialog(dialog, lambda: self.reload(dialog.result_note))

    def move(self, move: str, reason: str | None = None) -> None:
        chosen = self.selected()
        if not chosen:
            return
        if move == "return" and reason is None:
            reason, ok = QInputDialog.getText(self, _("Return registrations"), _("Why are they returned?"))
            if not ok:
                return
        try:
            moved = move_registrations(
                self.context.db, self.context.username, [row.id for row in chosen], move, reason
            )
        except SoVangError as error:
            show_error(self, error)
            return
        self.reload(_("{count} registrations updated.").format(count=format_number(moved)))

    def withdraw_selected(self) -> None:
        try:
            for row in self.selected():
                withdraw(self.context.db, self.context.username, row.id)
        except SoVangError as error:
            show_error(self, error)
        self.reload()

    def print_list(self) -> None:
        year = self.year.value()
        open_preview(
            self,
            self.context,
            "registrations",
            Selection(year=year),
            _("Registrations {year}").format(year=year),
        )

    def choose_export(self) -> None:
        name, _chosen = QFileDialog.getSaveFileName(
            self, _("Export to Excel"), f"dang-ky-thi-dua-{self.year.value()}.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> Task:
        """Write the rows shown, under the current filter, as an .xlsx sheet on the worker."""
        from desktop.reports.excel_export import REGISTRATIONS, write_sheet

        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        rows, year = list(self.shown), self.year.value()

        def work(_task: Task) -> int:
            with replacing(path) as partial:
                return write_sheet(partial, f"Đăng ký thi đua {year}", REGISTRATIONS, iter(rows))

        return self.context.runner.submit(
            _("Exporting to Excel"),
            work,
            lambda count: self.note.setText(
                _("{count} rows written to {path}").format(count=format_number(count), path=path)
            ),
            lambda error: show_error(self, error),
        )
