"""Nhật ký hoạt động: who did what to which record and when, with what an edit changed; filtered
by user, period and record, and the trail's integrity checked on demand."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, format_date, parse_date
from desktop.services.audit import WITHHELD
from desktop.services.audit_log import AuditFilter, AuditRow, audit_rows, audit_users, trail_breaks
from desktop.services.search import search
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error

COLUMNS = (N_("Done at"), N_("User"), N_("Action"), N_("Record concerned"), N_("Details"))


def _shown(value: Any) -> str:
    if value == WITHHELD:
        return _("(not recorded here)")
    return "—" if value in (None, "") else str(value)


def detail_text(row: AuditRow) -> str:
    """An edit as "field: before → after"; anything else as its recorded details."""
    if row.changes:
        return "; ".join(f"{name}: {_shown(before)} → {_shown(after)}" for name, before, after in row.changes)
    return "; ".join(f"{name}: {_shown(value)}" for name, value in row.details.items() if name != "fields")


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: AppContext) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle(_("Activity log"))
        self.resize(1100, 600)
        self.context = context
        self.rows: list[AuditRow] = []
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.user.addItem(_("Everyone"), None)
        for name in audit_users(context.db):
            self.user.addItem(name, name)
        self.since, self.until = QLineEdit(), QLineEdit()
        for edit in (self.since, self.until):
            edit.setPlaceholderText(_("dd/mm/yyyy"))
            edit.setMaximumWidth(110)
        self.record = QLineEdit()
        self.record.setPlaceholderText(_("Name of a person, collective, movement…"))
        for label, widget in (
            (_("User"), self.user),
            (_("From day"), self.since),
            (_("To"), self.until),
            (_("Record concerned"), self.record),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1 if widget is self.record else 0)
        show = QPushButton(_("Show"))
        show.setDefault(True)
        show.clicked.connect(self.reload)
        filters.addWidget(show)
        layout.addLayout(filters)
        self.message = QLabel()
        self.message.setObjectName("auditMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels([_(name) for name in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        verify = QPushButton(_("Check the log is intact"))
        verify.clicked.connect(self.verify)
        buttons.addButton(verify, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def _filter(self) -> AuditFilter | None:
        """The filter typed, or None (with the reason shown) when a date cannot be read."""
        days = []
        for edit in (self.since, self.until):
            text = edit.text().strip()
            try:
                days.append(parse_date(text) if text else None)
            except ValueError:
                self.message.setText(_("Write dates as dd/mm/yyyy, e.g. 05/09/2026."))
                edit.setFocus()
                return None
        record_ids = None
        if self.record.text().strip():
            record_ids = [str(hit.id) for hit in search(self.context.db, self.record.text(), limit=200)]
        return AuditFilter(self.user.currentData(), days[0], days[1], record_ids)

    def reload(self) -> None:
        wanted = self._filter()
        if wanted is None:
            return
        self.message.setText(_("Loading…"))
        self.context.runner.submit(
            _("Reading the activity log"),
            lambda _task: audit_rows(self.context.db, wanted),
            self._show,
            lambda error: show_error(self, error),
        )

    def _show(self, rows: list[AuditRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            texts = (
                f"{format_date(row.at.date())} {row.at:%H:%M:%S}",
                row.username or _("(the app)"),
                row.what,
                row.record_name or "",
                detail_text(row),
            )
            for column, text in enumerate(texts):
                self.table.setItem(number, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.message.setText(
            _("{count} entries, newest first.").format(count=len(rows)) if rows else _("No entry matches.")
        )

    def verify(self) -> None:
        self.context.runner.submit(
            _("Checking the activity log"),
            lambda _task: trail_breaks(self.context.db),
            self._verified,
            lambda error: show_error(self, error),
        )

    def _verified(self, breaks: list[str]) -> None:
        self.message.setText(
            _("The log is intact: no entry was changed or removed.")
            if not breaks
            else _("The log was tampered with: {problems}").format(problems="; ".join(breaks))
        )
