"""A table model over the ordered keys of a filter, fetching rows a page at a time as they show.

The keys of a million rows are one compact array; a page of 200 rows is read when a row of it is
first painted (a few milliseconds) and kept in a small cache, so scrolling never loads the table.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _
from desktop.services.listing import PAGE_SIZE

CACHED_PAGES = 40

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    """A message id, translated when shown."""
    value: Callable[[Any], str]
    align_right: bool = False


class LazyTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], fetch: Callable[[Sequence], list[Any]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.fetch = fetch
        self.keys: Sequence = ()
        self.pages: OrderedDict[int, list[Any]] = OrderedDict()

    def set_keys(self, keys: Sequence) -> None:
        self.beginResetModel()
        self.keys = keys
        self.pages.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Read the shown rows again (after an edit), keeping the keys and the selection."""
        self.pages.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def row(self, number: int) -> Any | None:
        """The record shown at row `number` (its page read if needed); None past the end."""
        if not 0 <= number < len(self.keys):
            return None
        page_number = number // PAGE_SIZE
        page = self.pages.get(page_number)
        if page is None:
            start = page_number * PAGE_SIZE
            page_keys = self.keys[start : start + PAGE_SIZE]
            found = {row.key: row for row in self.fetch(page_keys)}
            page = [found.get(key) for key in page_keys]
            self.pages[page_number] = page
            if len(self.pages) > CACHED_PAGES:
                self.pages.popitem(last=False)
        else:
            self.pages.move_to_end(page_number)
        return page[number % PAGE_SIZE]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            record = self.row(index.row())
            return column.value(record) if record is not None else _("(deleted)")
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].header)
        return section + 1
