"""A list screen: a filter bar, a table a million rows deep, and the detail of the selected row.

Typing in the search box waits a quarter of a second, then reads the matching keys on the worker
(a million rows take under a second there); only the newest answer is shown. Rows are read a page
at a time as they scroll into view.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.files import replacing
from desktop.i18n import _, format_number
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error
from desktop.ui.lazy_table import Column, LazyTableModel
from desktop.ui.tasks import Task
from desktop.ui.widgets import confirm

if TYPE_CHECKING:
    from desktop.changes.written import Written

SEARCH_DELAY_MS = 250
FIND_WITHIN_ROWS = 2000
"""How far a list looks for a record it was asked to show (after filtering by its name)."""


class ListPage(QWidget):
    """Subclasses supply the filter widgets, how to read keys and rows, and the detail panel."""

    selected = Signal(object)
    """The record of the selected row, or None."""
    loaded = Signal(int)
    """The keys of a new filter arrived: how many rows."""
    FOLLOWS: frozenset[str] = frozenset()
    """The tables whose every commit reads the list again (`follow_data`)."""

    def __init__(
        self,
        context: AppContext,
        list_kind: str,
        columns: Sequence[Column],
        keys_of: Callable[[Any, Any], Sequence],
        rows_of: Callable[[Any, Sequence], list[Any]],
        search_hint: str,
    ) -> None:
        """`list_kind` names the list for Excel ("people", "collectives", "awards"); `keys_of(db,
        filter)` and `rows_of(db, keys)` are its listing queries."""
        super().__init__()
        self.context = context
        self.list_kind = list_kind
        self.keys_of = keys_of
        self.generation = 0
        self.note = ""
        self.loading: Task | None = None
        self.find_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("listSearch")
        self.search_box.setPlaceholderText(search_hint)
        self.search_box.setClearButtonEnabled(True)
        top.addWidget(self.search_box, 1)
        self.actions = QHBoxLayout()
        top.addLayout(self.actions)
        self.export_button = QPushButton(_("Export to Excel…"))
        self.export_button.setObjectName("exportList")
        self.export_button.setToolTip(_("The rows of this list, as filtered now, in an .xlsx file."))
        self.export_button.clicked.connect(self.choose_export_file)
        top.addWidget(self.export_button)
        self.import_button = QPushButton(_("Import from Excel…"))
        self.import_button.setObjectName("importList")
        self.import_button.clicked.connect(self.open_import)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        self.filters = QHBoxLayout()
        layout.addLayout(self.filters)
        self.model = LazyTableModel(columns, lambda keys: rows_of(context.db, keys))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.count = QLabel()
        self.count.setObjectName("listCount")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        self.splitter.addWidget(left)
        layout.addWidget(self.splitter, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.reload)
        self.search_box.textChanged.connect(self.timer.start)
        if self.FOLLOWS:
            context.follow(self, self.FOLLOWS, self.follow_data)

    def add_filter(self, label: str, widget: QWidget) -> None:
        """A filter widget in the bar; any change reloads the list."""
        if label:
            self.filters.addWidget(QLabel(label))
        self.filters.addWidget(widget)
        for signal_name in ("currentIndexChanged", "valueChanged", "toggled"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(self.timer.start)
                break

    def set_detail(self, widget: QWidget) -> None:
        self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

    def current_filter(self) -> Any:
        """The listing filter the bar's widgets describe now."""
        raise NotImplementedError

    def read_keys(self) -> Callable[[], Sequence]:
        """The query for the current filter, as a function the worker runs."""
        db, keys_of, wanted = self.context.db, self.keys_of, self.current_filter()
        return lambda: keys_of(db, wanted)

    def choose_export_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export to Excel"), f"{self.list_kind}.xlsx", _("Excel workbooks (*.xlsx)")
        )
        if name:
            self.export_to(Path(name), self.ask_sensitive())

    def ask_sensitive(self) -> bool:
        """Whether the user wants the list's sensitive columns too; no unless they say so."""
        from desktop.reports.excel_export import sensitive_headers

        headers = sensitive_headers(self.list_kind)
        if not headers:
            return False
        return confirm(
            self,
            "askSensitive",
            _("Export to Excel"),
            _(
                "The column {columns} holds sensitive personal data. A file copied to a stick travels "
                "unencrypted: write it only if the work needs it."
            ).format(columns=", ".join(headers)),
            _("Include it"),
            _("Leave it out"),
            warning=False,
        )

    def open_import(self) -> QDialog:
        from desktop.ui.import_dialog import ImportDialog  # openpyxl loads on first import

        dialog = ImportDialog(self.context, self.list_kind, self)
        dialog.saved_rows.connect(
            lambda count: self.reload(note=_("{count} rows saved.").format(count=format_number(count)))
        )
        dialog.open()
        return dialog

    def export_to(self, path: Path, sensitive: bool = False) -> Task:
        """Write the list under its current filter on the worker; the count line says where."""
        from desktop.reports.excel_export import export_list  # openpyxl loads on first export

        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        db, kind, wanted = self.context.db, self.list_kind, self.current_filter()

        def work(task: Task) -> int:
            with replacing(path) as partial:
                return export_list(db, kind, partial, wanted, task.progress, task.cancel_event, sensitive)

        return self.context.runner.submit(
            _("Exporting to Excel"),
            work,
            lambda count: self.count.setText(
                _("{count} rows written to {path}").format(count=format_number(count), path=path)
            ),
            lambda error: show_error(self, error),
        )

    def reload(self, note: str = "") -> None:
        """Read the keys of the current filter anew; `note` is shown beside the row count."""
        self.note = note
        self.timer.stop()
        self.generation += 1
        generation = self.generation
        if self.loading is not None:
            self.loading.cancel()
        self.count.setText(_("Searching…"))
        query = self.read_keys()
        self.loading = self.context.runner.submit(
            _("Reading the list"),
            lambda task: query(),
            lambda keys: self._keys_arrived(generation, keys),
            lambda error: show_error(self, error),
        )

    def follow_data(self, _written: Written) -> None:
        """What the list shows was changed elsewhere (another screen, an import): read it again,
        the same record kept selected, so its detail shows what is now true."""
        self.find_id = getattr(self.current(), "id", None)
        self.reload(self.note)

    def _keys_arrived(self, generation: int, keys: Sequence) -> None:
        if generation != self.generation:
            return
        self.loading = None
        self.model.set_keys(keys)
        rows = _("{count} rows").format(count=format_number(len(keys)))
        self.count.setText(f"{rows} · {self.note}" if self.note else rows)
        self.selected.emit(None)
        if self.find_id is not None:
            self._select_id(self.find_id)
            self.find_id = None
        self.loaded.emit(len(keys))

    def show_record(self, record_id: uuid.UUID, name: str) -> None:
        """Filter the list by `name`, then select the record `record_id` among the matches."""
        self.find_id = record_id
        self.search_box.setText(name)
        self.reload()

    def _select_id(self, record_id: uuid.UUID) -> None:
        for number in range(min(self.model.rowCount(), FIND_WITHIN_ROWS)):
            record = self.model.row(number)
            if record is not None and record.id == record_id:
                self.table.selectRow(number)
                self.table.scrollTo(self.model.index(number, 0))
                return

    def refresh_current(self) -> None:
        """After an edit: read the shown rows again and show the selected record anew."""
        self.model.refresh()
        self.selected.emit(self.current())

    def current(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.selected.emit(self.current())
