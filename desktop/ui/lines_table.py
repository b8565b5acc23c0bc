"""An editable table of lines (targets, criteria, reviews) with Add and Remove buttons.

Each column is text, a choice from a closed list, or a check box; each row remembers the id of
the saved line it shows, so saving updates that line instead of adding a new one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.widgets import CodeCombo


@dataclass(frozen=True)
class LineColumn:
    header: str
    kind: str = "text"
    """"text", "choice" (a code from `choices`) or "check"."""
    choices: dict = field(default_factory=dict)  # type: ignore[type-arg]
    stretch: bool = False


class LinesTable(QWidget):
    def __init__(self, columns: list[LineColumn], add_text: str) -> None:
        super().__init__()
        self.columns = columns
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([column.header for column in columns])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for index, column in enumerate(columns):
            mode = (
                QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(index, mode)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.clicked.connect(self.remove_line)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_line(self, values: list[object] | None = None, line_id: uuid.UUID | None = None) -> int:
        """Append a row showing `values` (text, code or bool per column); returns its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = values or [None] * len(self.columns)
        for index, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            if column.kind == "choice":
                combo = CodeCombo(column.choices)
                combo.set_code(value)  # type: ignore[arg-type]
                self.table.setCellWidget(row, index, combo)
                continue
            item = QTableWidgetItem("" if column.kind == "check" else str(value or ""))
            if column.kind == "check":
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            self.table.setItem(row, index, item)
        self.table.item(row, next(i for i, c in enumerate(self.columns) if c.kind != "choice")).setData(
            Qt.ItemDataRole.UserRole, line_id
        )
        self.table.setCurrentCell(row, 0)
        return row

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def lines(self) -> list[tuple[uuid.UUID | None, list[object]]]:
        """(saved id or None, values) of every row that is not left wholly empty."""
        first_item = next(i for i, c in enumerate(self.columns) if c.kind != "choice")
        found = []
        for row in range(self.table.rowCount()):
            values: list[object] = []
            for index, column in enumerate(self.columns):
                if column.kind == "choice":
                    values.append(self.table.cellWidget(row, index).code())  # type: ignore[attr-defined]
                elif column.kind == "check":
                    values.append(self.table.item(row, index).checkState() == Qt.CheckState.Checked)
                else:
                    item = self.table.item(row, index)
                    values.append(item.text().strip() if item else "")
            texts = [
                value for value, column in zip(values, self.columns, strict=True) if column.kind == "text"
            ]
            if any(texts):
                found.append((self.table.item(row, first_item).data(Qt.ItemDataRole.UserRole), values))
        return found
