"""Địa bàn: the commune's villages (thôn, bản, tổ dân phố), kept as they change: added, renamed,
ended at a date, or merged into another (sáp nhập). An ended village stays on the list and on
the records that name it; a merged one names the village it became, where its people now live.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UnitKind, UserRole
from desktop.errors import SoVangError
from desktop.i18n import N_, _, format_date, format_number
from desktop.labels import VILLAGE_KIND, label
from desktop.services import units
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import error_text
from desktop.ui.widgets import ERROR_COLOUR, ChoiceCombo, CodeCombo, DateField, named_button, records_table

COLUMNS = (N_("Village"), N_("Kind"), N_("Ended on"), N_("Merged into"), N_("People living there"))


class VillagesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("villagesDialog")
        self.setWindowTitle(_("Villages of the commune"))
        self.resize(820, 560)
        self.context = context
        self.rows: list[units.VillageRow] = []

        self.table = records_table("villagesTable", COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)

        self.name = QLineEdit()
        self.name.setObjectName("villageName")
        self.name.setPlaceholderText(_("e.g. Thôn Nà Phặc, Bản Hua Pầu"))
        self.kind = CodeCombo(VILLAGE_KIND)
        self.day = DateField()
        self.day.setObjectName("villageDay")
        self.target = ChoiceCombo(_("— choose the village —"))
        self.target.setObjectName("villageTarget")
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Date (ended, merged)"), self.day)
        form.addRow(_("Merge into"), self.target)

        self.add_button = named_button("villageAdd", _("Add as a new village"), self.add)
        self.rename_button = named_button("villageRename", _("Rename the chosen one"), self.rename)
        self.end_button = named_button("villageEnd", _("End the chosen one on the date"), self.end)
        self.merge_button = named_button("villageMerge", _("Merge the chosen one into…"), self.merge)
        actions = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.end_button, self.merge_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = named_button("villagesClose", _("Close (Esc)"), self.accept)
        actions.addWidget(close)
        self.context.offer(
            UserRole.OFFICER, self.add_button, self.rename_button, self.end_button, self.merge_button
        )

        self.message = QLabel()
        self.message.setObjectName("villagesMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "The villages people and collectives are recorded in. An ended village stays on "
                    "the records that name it; a merged one leads to the village it became."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.load()

    def load(self) -> None:
        self.rows = units.village_rows(self.context.db)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            texts = (
                row.name,
                label(VILLAGE_KIND, row.kind),
                format_date(row.valid_to) if row.valid_to else "",
                row.successor or "",
                format_number(row.people),
            )
            for column, text in enumerate(texts):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.clearSelection()  # the rows moved: no old choice may point at another village
        self.target.set_choices((row.id, row.name) for row in self.rows if row.valid_to is None)

    def chosen(self) -> units.VillageRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) and self.table.selectedItems() else None

    def _selected(self) -> None:
        row = self.chosen()
        if row is not None:
            self.name.setText(row.name)
            self.kind.set_code(row.kind)

    def add(self) -> None:
        kind = self.kind.code() or UnitKind.THON.value
        self._act(lambda: units.add_village(self.context.db, self.context.username, self.name.text(), kind))

    def rename(self) -> None:
        row = self._needs_choice()
        if row is not None:
            name = self.name.text()
            self._act(lambda: units.rename_village(self.context.db, self.context.username, row.id, name))

    def end(self) -> None:
        row = self._needs_choice()
        day = self._day()
        if row is not None and day is not None:
            self._act(lambda: units.end_village(self.context.db, self.context.username, row.id, day))

    def merge(self) -> None:
        row = self._needs_choice()
        day = self._day()
        target = self.target.value()
        if row is None or day is None:
            return
        if not isinstance(target, uuid.UUID):
            self.say(_("Choose the village it merged into."), refused=True)
            return
        self._act(lambda: units.merge_villages(self.context.db, self.context.username, row.id, target, day))

    def _needs_choice(self) -> units.VillageRow | None:
        row = self.chosen()
        if row is None:
            self.say(_("Choose a village in the list first."), refused=True)
        return row

    def _day(self) -> dt.date | None:
        """The date typed, or None with the reason shown."""
        try:
            day = self.day.date()
        except ValueError:
            self.say(
                _("{what}: “{text}” is not a date (dd/mm/yyyy).").format(
                    what=_("Date"), text=self.day.text()
                ),
                refused=True,
            )
            return None
        if day is None:
            self.say(_("Write the date, dd/mm/yyyy."), refused=True)
        return day

    def _act(self, action: Callable[[], object]) -> None:
        """Run one change; on refusal the reason is shown and the list stays as it was."""
        try:
            action()
        except SoVangError as error:
            self.say(error_text(error), refused=True)
            return
        self.say(_("Saved."))
        self.load()

    def say(self, text: str, refused: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if refused else "")
        self.message.setText(text)
