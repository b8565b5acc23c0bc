"""Small input widgets every form shares: code lists, optional years, dates typed as dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date, parse_date
from desktop.labels import label

ERROR_COLOUR = "#b3261e"
DialogType = TypeVar("DialogType", bound=QDialog)


def error_label(object_name: str) -> QLabel:
    """The red line under a form where a refusal is explained."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    return label


def form_buttons(dialog: QDialog, accept_text: str, accept: object) -> QDialogButtonBox:
    """Save and Cancel with their keys in the text; neither is a default button, so Enter in a
    field moves on instead of saving half a form."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(accept_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel (Esc)"))
    for button in buttons.buttons():
        button.setAutoDefault(False)
        button.setDefault(False)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def form_footer(
    dialog: QDialog, layout: QVBoxLayout, save: Callable[[], None], accept_text: str = ""
) -> QLabel:
    """The foot of every form dialog: the error line, Save and Cancel, and Ctrl+S; returns the
    error line, where `save` explains a refusal."""
    error = error_label("formError")
    layout.addWidget(error)
    layout.addWidget(form_buttons(dialog, accept_text or _("Save (Ctrl+S)"), save))
    QShortcut(QKeySequence.StandardKey.Save, dialog, activated=save)
    return error


def confirm(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    go: str,
    back: str,
    warning: bool = True,
    informative: str = "",
) -> bool:
    """Ask before something that matters; True only when the user picks `go` (`back` is the
    default, so Enter or Esc never does it by accident). `name` lets tests answer it."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    chosen = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(back, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is chosen


def open_dialog(dialog: DialogType, accepted: Callable[[], object]) -> DialogType:
    """Open `dialog` (window-modal, without blocking) and call `accepted` once it is saved."""
    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def named_button(name: str, text: str, clicked: Callable[[], object]) -> QPushButton:
    """A button that tests find by `name`, doing `clicked`."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(clicked)
    return button


def add_section(layout: QVBoxLayout, title: str, widget: QWidget, stretch: int = 0) -> None:
    """A bold heading and the widget under it, as the detail panels list their parts."""
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600; margin-top: 6px;")
    layout.addWidget(heading)
    layout.addWidget(widget, stretch)


def records_table(name: str, headers: Iterable[str], several: bool = False) -> QTableWidget:
    """A read-only table of records, chosen by whole rows (one, or `several` at once)."""
    headers = [_(header) for header in headers]
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QTableWidget.SelectionMode.ExtendedSelection
        if several
        else QTableWidget.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


class CodeCombo(QComboBox):
    """A closed list shown by name, read back as its code (None for the optional blank entry)."""

    def __init__(self, table: dict, blank: str | None = None) -> None:  # type: ignore[type-arg]
        super().__init__()
        if blank is not None:
            self.addItem(blank, None)
        for code in table:
            self.addItem(label(table, code), str(code))

    def code(self) -> str | None:
        return self.currentData()

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(max(0, self.findData(code)))


class ChoiceCombo(QComboBox):
    """A list of (value, text) pairs, e.g. villages by id; None for the blank entry."""

    def __init__(self, blank: str | None = None) -> None:
        super().__init__()
        self.blank = blank

    def set_choices(self, choices: Iterable[tuple[object, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.blank is not None:
            self.addItem(self.blank, None)
        for value, text in choices:
            self.addItem(text, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> uuid.UUID | str | None:
        return self.currentData()

    def set_value(self, value: object) -> None:
        """Select the entry of `value` (the blank one if absent). Compared in Python: Qt's
        `findData` does not find a UUID it holds."""
        found = next((index for index in range(self.count()) if self.itemData(index) == value), 0)
        self.setCurrentIndex(found)


class YearSpin(QSpinBox):
    """A year, or "all years" at its lowest value."""

    ANY = 1944

    def __init__(self, any_text: str | None = None) -> None:
        super().__init__()
        self.setRange(self.ANY if any_text else 1945, 2100)
        if any_text:
            self.setSpecialValueText(any_text)
        self.setValue(dt.date.today().year)

    def year(self) -> int | None:
        return None if self.value() == self.ANY else self.value()


class DateField(QLineEdit):
    """A date typed dd/mm/yyyy; empty means not known."""

    def __init__(self) -> None:
        super().__init__()
        self.setPlaceholderText(_("dd/mm/yyyy"))

    def date(self) -> dt.date | None:
        """The date typed, None when empty; ValueError when it is not a date."""
        return parse_date(self.text()) if self.text().strip() else None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))


class EnterMovesOn(QObject):
    """Enter in a field moves to the next one, as in paper-form data entry (not in multi-line text)."""

    def __init__(self, form: QWidget) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
            and not isinstance(watched, QPlainTextEdit)
        ):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            self.form.focusNextChild()
            return True
        return False
