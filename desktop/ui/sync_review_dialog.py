"""Conflicts and quarantine: each item waits for a person here; nothing is settled silently."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import SoVangError
from desktop.i18n import N_, _, format_date, format_moment
from desktop.sync import resolve
from desktop.ui.context import AppContext
from desktop.ui.widgets import error_label, named_button, records_table

CONFLICT_COLUMNS = (
    N_("Whose record"),
    N_("Field"),
    N_("Before"),
    N_("Value in use"),
    N_("Set by"),
    N_("Other value"),
    N_("Set by"),
    N_("Found at"),
)
QUARANTINE_COLUMNS = (N_("Whose record"), N_("From"), N_("Reason"), N_("Fields"), N_("Arrived at"))


def shown(value: Any) -> str:
    """A travelled value as the officer reads it: dates as dd/mm/yyyy, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def fill(table: Any, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            table.setItem(row, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def chosen(table: Any, items: list[Any]) -> Any:
    """The item of the table's selected row, or None."""
    rows = table.selectionModel().selectedRows()
    return items[rows[0].row()] if rows else None


def record_tab(note: str, table: QWidget, *buttons: QWidget) -> QWidget:
    """One tab: what its items are, their table, and what a person can do with one."""
    tab = QWidget()
    layout = QVBoxLayout(tab)
    text = QLabel(note)
    text.setWordWrap(True)
    layout.addWidget(text)
    layout.addWidget(table, 1)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return tab


class SyncReviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: AppContext) -> None:
        super().__init__(parent)
        self.setObjectName("syncReviewDialog")
        self.setWindowTitle(_("Conflicts and quarantine"))
        self.resize(980, 520)
        self.context = context
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.conflict_table = records_table("conflictTable", CONFLICT_COLUMNS)
        self.keep_button = named_button(
            "keepButton", _("Keep the value in use"), lambda: self.settle(resolve.keep_current)
        )
        self.other_button = named_button(
            "otherButton", _("Use the other value"), lambda: self.settle(resolve.take_other)
        )
        note = _(
            "The same field was changed on two PCs before either saw the other's change. Every "
            "office shows the later one; confirm it, or put the other value back."
        )
        self.tabs.addTab(record_tab(note, self.conflict_table, self.keep_button, self.other_button), "")

        self.quarantine_table = records_table("quarantineTable", QUARANTINE_COLUMNS)
        self.retry_button = named_button("retryButton", _("Try again"), self.retry)
        self.aside_button = named_button("asideButton", _("Set aside…"), self.set_aside)
        note = _(
            "Changes received that could not be applied. Those waiting for an earlier change or a "
            "record are applied when an import brings it; the others need a decision."
        )
        self.tabs.addTab(record_tab(note, self.quarantine_table, self.retry_button, self.aside_button), "")

        self.message = error_label("reviewMessage")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        context.offer(UserRole.OFFICER, self.keep_button, self.other_button, self.retry_button)
        context.offer(UserRole.APPROVER, self.aside_button)
        self.reload()

    def reload(self) -> None:
        self.conflicts = resolve.open_conflicts(self.context.db)
        fill(
            self.conflict_table,
            [
                (
                    item.record,
                    resolve.field_name(item.field),
                    shown(item.base),
                    shown(item.kept),
                    item.kept_by,
                    shown(item.other),
                    item.other_by,
                    format_moment(item.detected_at),
                )
                for item in self.conflicts
            ],
        )
        self.waiting = resolve.quarantined(self.context.db)
        fill(
            self.quarantine_table,
            [
                (
                    item.record,
                    item.origin,
                    resolve.reason_text(item.reason, item.detail),
                    ", ".join(item.fields),
                    format_moment(item.arrived_at),
                )
                for item in self.waiting
            ],
        )
        self.tabs.setTabText(0, _("Conflicts ({count})").format(count=len(self.conflicts)))
        self.tabs.setTabText(1, _("Quarantine ({count})").format(count=len(self.waiting)))
        for table in (self.conflict_table, self.quarantine_table):
            if table.rowCount():
                table.selectRow(0)

    def settle(self, action: Any) -> None:
        item = chosen(self.conflict_table, self.conflicts)
        if item is None:
            return
        try:
            action(self.context.db, self.context.username, item.id)
        except SoVangError as error:
            self.message.setText(str(error))
            return
        self.message.clear()
        self.reload()

    def retry(self) -> None:
        item = chosen(self.quarantine_table, self.waiting)
        if item is None:
            return
        try:
            applied = resolve.retry(self.context.db, self.context.username, item.id)
        except SoVangError as error:
            self.message.setText(str(error))
            return
        self.message.setText(
            ""
            if applied
            else _("It still cannot be applied: {reason}").format(reason=resolve.reason_text(item.reason))
        )
        self.reload()

    def set_aside(self) -> None:
        item = chosen(self.quarantine_table, self.waiting)
        if item is None:
            return
        reason, given = QInputDialog.getText(
            self, _("Set aside"), _("Why is this change never to be applied? (kept in the activity log)")
        )
        if not given:
            return
        try:
            resolve.set_aside(self.context.db, self.context.username, item.id, reason)
        except SoVangError as error:
            self.message.setText(str(error))
            return
        self.message.clear()
        self.reload()
