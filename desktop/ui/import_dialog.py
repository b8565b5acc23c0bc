"""Nhập từ Excel: a commune's spreadsheet read, checked and shown before anything is saved.

The steps the officer sees: choose the file; check which column holds which field (guessed from
the headers, changeable); read the errors row by row and the records already there; then import
the valid new rows, all in one transaction. Reading and saving run on the worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, format_number
from desktop.reports.excel_import import ImportPreview, commit, field_title, read_sheet
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import error_text
from desktop.ui.tasks import Task
from desktop.ui.widgets import ERROR_COLOUR

TITLES = {
    "people": N_("Import people from Excel"),
    "collectives": N_("Import collectives from Excel"),
    "awards": N_("Import award history from Excel"),
}
NOT_IN_FILE = N_("— not in the file —")


class ImportDialog(QDialog):
    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(_(TITLES[kind]))
        self.resize(860, 640)
        self.context = context
        self.kind = kind
        self.preview: ImportPreview | None = None
        self.saved = 0

        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(_("The .xlsx file of the list"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_file)
        self.read_button = QPushButton(_("Read the file"))
        self.read_button.setObjectName("importRead")
        self.read_button.clicked.connect(lambda: self.read(keep_mapping=False))
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        file_row.addWidget(self.read_button)

        self.mapping_box = QWidget()
        self.mapping_form = QFormLayout(self.mapping_box)
        self.columns: dict[str, QComboBox] = {}
        self.reread_button = QPushButton(_("Check again with these columns"))
        self.reread_button.clicked.connect(lambda: self.read(keep_mapping=True))
        self.mapping_box.setVisible(False)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 3)
        self.problems.setObjectName("importProblems")
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Column"), _("What to fix")])
        self.problems.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        self.import_button = QPushButton()
        self.import_button.setObjectName("importCommit")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.save)
        close = QPushButton(_("Close (Esc)"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        self._show_import_count(0)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _(TITLES[self.kind]), "", _("Excel workbooks (*.xlsx)")
        )
        if name:
            self.path.setText(name)
            self.read(keep_mapping=False)

    def read(self, keep_mapping: bool) -> Task | None:
        """Check the file on the worker (nothing is saved); `keep_mapping` uses the columns chosen."""
        text = self.path.text().strip()
        if not text:
            self.say(_("Choose the file first."), refused=True)
            return None
        mapping = self.chosen_mapping() if keep_mapping else None
        db, kind, path = self.context.db, self.kind, Path(text)
        self.import_button.setEnabled(False)
        self.say(_("Reading {name}…").format(name=path.name))
        return self.context.runner.submit(
            _("Reading {name}").format(name=path.name),
            lambda task: read_sheet(db, kind, path, mapping, task.progress, task.cancel_event),
            self.show_preview,
            lambda error: self.say(error_text(error), refused=True),
        )

    def chosen_mapping(self) -> dict[str, int]:
        return {name: combo.currentData() for name, combo in self.columns.items() if combo.currentData()}

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._fill_mapping(preview)
        if preview.missing:
            self.say(preview.missing_message() + " " + _("Choose the columns below."), refused=True)
            self.problems.setRowCount(0)
            self._show_import_count(0)
            return
        encoding = (
            ""
            if preview.encoding == "unicode"
            else " " + _("Text typed in {encoding} was converted.").format(encoding=preview.encoding.upper())
        )
        counts = _(
            "Header on row {row}: {valid} rows can be imported, {errors} need fixing,"
            " {duplicates} are already recorded."
        ).format(
            row=preview.header_row,
            valid=format_number(len(preview.to_save)),
            errors=format_number(len(preview.errors)),
            duplicates=format_number(len(preview.duplicates)),
        )
        self.say(counts + encoding, refused=bool(preview.errors))
        lines = [(str(e.row), e.column, e.reason) for e in preview.errors]
        lines += [
            (str(d.row), "", _("{name} is already recorded: not imported again.").format(name=d.name))
            for d in preview.duplicates
        ]
        lines.sort(key=lambda line: int(line[0]))
        self.problems.setRowCount(len(lines))
        for row, texts in enumerate(lines):
            for column, text in enumerate(texts):
                self.problems.setItem(row, column, QTableWidgetItem(text))
        self._show_import_count(len(preview.to_save))

    def _fill_mapping(self, preview: ImportPreview) -> None:
        """One choice per field: which of the sheet's columns holds it."""
        if not self.columns:
            for name in preview.reader.headers:
                combo = QComboBox()
                combo.setObjectName(f"column_{name}")
                required = name in preview.reader.required
                self.columns[name] = combo
                self.mapping_form.addRow(
                    field_title(preview.reader, name) + (" *" if required else ""), combo
                )
            self.mapping_form.addRow(self.reread_button)
        for name, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(NOT_IN_FILE), None)
            for column, header in preview.headers.items():
                combo.addItem(header, column)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.get(name)), 0))
            combo.blockSignals(False)
        self.mapping_box.setVisible(True)

    def _show_import_count(self, count: int) -> None:
        self.import_button.setText(_("Import {count} rows").format(count=format_number(count)))
        self.import_button.setEnabled(count > 0)

    def save(self) -> Task | None:
        preview = self.preview
        if preview is None or not preview.to_save:
            return None
        db, username = self.context.db, self.context.username
        self.import_button.setEnabled(False)

        def saved(count: int) -> None:
            self.saved = count
            self.say(_("{count} rows saved.").format(count=format_number(count)))
            self.accept()

        def failed(error: BaseException) -> None:
            self.say(error_text(error), refused=True)
            self.import_button.setEnabled(True)

        return self.context.runner.submit(
            _("Importing from Excel"), lambda _task: commit(db, username, preview), saved, failed
        )

    def say(self, text: str, refused: bool = False) -> None:
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};" if refused else "")
        self.summary.setText(text)
