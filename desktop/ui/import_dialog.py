"""Nhập danh sách: a list the office already has (Excel, LibreOffice, CSV, a Word table) read,
checked and shown before anything is saved.

The steps the officer sees: choose the file; check which column holds which field (guessed from
the headers, changeable); agree to create the villages (and, for an award list, the people) it
names that are not recorded; say which award an unknown name means (remembered for the next
file); read the errors row by row and the records already there; then import the valid new rows,
all in one transaction. The rows that cannot be taken stay listed after the import and can be
saved to a file to correct and import again. Reading and saving run on the worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
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

from desktop.files import replacing
from desktop.i18n import N_, _, format_number
from desktop.reports.excel_import import ImportPreview, commit, field_title, read_sheet, write_rejects
from desktop.reports.import_rows import Options
from desktop.reports.list_files import PATTERNS
from desktop.services.imported_lists import remember_award_names
from desktop.services.releases import award_catalog
from desktop.ui.award_choices import award_choices
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import error_text
from desktop.ui.tasks import Task
from desktop.ui.widgets import ERROR_COLOUR

TITLES = {
    "people": N_("Import people from a list"),
    "collectives": N_("Import collectives from a list"),
    "awards": N_("Import award history from a list"),
}
NOT_IN_FILE = N_("— not in the file —")
NOT_CHOSEN = N_("— choose the award —")
MAPPING_COLUMNS = 3


class ImportDialog(QDialog):
    saved_rows = Signal(int)
    """Rows were saved: the list behind the dialog reloads (the dialog may stay open on its rejects)."""

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
        self.path.setPlaceholderText(_("The list: Excel, LibreOffice, CSV or a Word table"))
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
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_grid.setContentsMargins(0, 0, 0, 0)
        self.columns: dict[str, QComboBox] = {}
        self.reread_button = QPushButton(_("Check again with these columns"))
        self.reread_button.clicked.connect(lambda: self.read(keep_mapping=True))
        self.mapping_box.setVisible(False)

        self.add_villages = QCheckBox()
        self.add_villages.setObjectName("importAddVillages")
        self.add_villages.toggled.connect(lambda _on: self.read(keep_mapping=True))
        self.add_people = QCheckBox()
        self.add_people.setObjectName("importAddPeople")
        self.add_people.toggled.connect(lambda _on: self.read(keep_mapping=True))
        self.fill_blanks = QCheckBox()
        self.fill_blanks.setObjectName("importFillBlanks")
        for box in (self.add_villages, self.add_people, self.fill_blanks):
            box.setVisible(False)

        self.awards_box = QWidget()
        self.awards_box.setObjectName("importAwardNames")
        self.awards_form = QFormLayout(self.awards_box)
        self.award_names: dict[str, QComboBox] = {}
        self.awards_box.setVisible(False)

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
        self.rejects_button = QPushButton(_("Save the rows to correct…"))
        self.rejects_button.setObjectName("importRejects")
        self.rejects_button.setEnabled(False)
        self.rejects_button.clicked.connect(self.choose_rejects_file)
        close = QPushButton(_("Close (Esc)"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rejects_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        self._show_import_count(0)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.add_villages)
        layout.addWidget(self.add_people)
        layout.addWidget(self.awards_box)
        layout.addWidget(self.fill_blanks)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _(TITLES[self.kind]), "", _("Lists ({patterns})").format(patterns=PATTERNS)
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
        mapping = self.chosen_mapping() if keep_mapping and self.columns else None
        db, kind, path = self.context.db, self.kind, Path(text)
        options = Options(add_villages=self.add_villages.isChecked(), add_people=self.add_people.isChecked())
        self.import_button.setEnabled(False)
        self.say(_("Reading {name}…").format(name=path.name))
        return self.context.runner.submit(
            _("Reading {name}").format(name=path.name),
            lambda task: read_sheet(db, kind, path, mapping, task.progress, task.cancel_event, options),
            self.show_preview,
            lambda error: self.say(error_text(error), refused=True),
        )

    def chosen_mapping(self) -> dict[str, int]:
        return {name: combo.currentData() for name, combo in self.columns.items() if combo.currentData()}

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._fill_mapping(preview)
        self._offer_creations(preview)
        self._fill_award_names(preview)
        self.rejects_button.setEnabled(bool(preview.rejected))
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
        """One choice per field: which of the sheet's columns holds it; the fields in columns side
        by side, so that the rows to correct keep the room on a 768-pixel-high screen."""
        if not self.columns:
            for index, name in enumerate(preview.reader.headers):
                combo = QComboBox()
                combo.setObjectName(f"column_{name}")
                required = name in preview.reader.required
                self.columns[name] = combo
                row, pair = divmod(index, MAPPING_COLUMNS)
                label = QLabel(field_title(preview.reader, name) + (" *" if required else ""))
                self.mapping_grid.addWidget(label, row, pair * 2)
                self.mapping_grid.addWidget(combo, row, pair * 2 + 1)
            for pair in range(MAPPING_COLUMNS):
                self.mapping_grid.setColumnStretch(pair * 2 + 1, 1)
            self.mapping_grid.addWidget(
                self.reread_button, self.mapping_grid.rowCount(), 0, 1, MAPPING_COLUMNS * 2
            )
        for name, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(NOT_IN_FILE), None)
            for column, header in preview.headers.items():
                combo.addItem(header, column)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.get(name)), 0))
            combo.blockSignals(False)
        self.mapping_box.setVisible(True)

    def _offer_creations(self, preview: ImportPreview) -> None:
        """The villages and people the list names that are not recorded, and the empty fields it
        would fill: each offered once, as a box to tick (ticking reads the file again)."""
        villages = preview.villages_to_create
        new_people = preview.people_not_recorded
        offers = (
            (
                self.add_villages,
                villages,
                _("Create the {count} villages the list names that are not recorded: {names}").format(
                    count=len(villages), names=", ".join(villages)
                ),
            ),
            (
                self.add_people,
                new_people if self.kind == "awards" else [],
                _("Add the {count} people the list names who are not recorded: {names}").format(
                    count=len(new_people),
                    names=", ".join(new_people[:10]) + ("…" if len(new_people) > 10 else ""),
                ),
            ),
            (
                self.fill_blanks,
                preview.updates,
                _("Fill the empty fields of the {count} people already recorded from the list").format(
                    count=len(preview.updates)
                ),
            ),
        )
        for box, found, text in offers:
            box.setText(text)
            box.setVisible(bool(found))

    def _fill_award_names(self, preview: ImportPreview) -> None:
        """One choice per award name the app cannot place: which catalog award it means."""
        while self.awards_form.rowCount():
            self.awards_form.removeRow(0)
        self.award_names = {}
        if not preview.unknown_awards:
            self.awards_box.setVisible(False)
            return
        self.awards_form.addRow(
            QLabel(_("Which award does each of these names mean? The answer is remembered."))
        )
        choices = award_choices(self.context.db)
        for name in preview.unknown_awards:
            combo = QComboBox()
            combo.addItem(_(NOT_CHOSEN), None)
            for code, title in choices:
                combo.addItem(title, code)
            self.award_names[name] = combo
            self.awards_form.addRow(name, combo)
        remember = QPushButton(_("Remember and check again"))
        remember.setObjectName("importRememberAwards")
        remember.clicked.connect(self.remember_award_names)
        self.awards_form.addRow(remember)
        self.awards_box.setVisible(True)

    def remember_award_names(self) -> Task | None:
        chosen = {
            name: combo.currentData() for name, combo in self.award_names.items() if combo.currentData()
        }
        if not chosen:
            self.say(_("Choose the award for at least one name."), refused=True)
            return None
        db, username = self.context.db, self.context.username
        return self.context.runner.submit(
            _("Remembering the award names"),
            lambda _task: remember_award_names(db, username, chosen, award_catalog(db)),
            lambda _result: self.read(keep_mapping=True),
            lambda error: self.say(error_text(error), refused=True),
        )

    def choose_rejects_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the rows to correct"), "cac-dong-can-sua.xlsx", _("Excel workbooks (*.xlsx)")
        )
        if name:
            self.save_rejects(Path(name))

    def save_rejects(self, path: Path) -> Task | None:
        """The rows that cannot be taken, with a Lỗi column, for the officer to correct."""
        preview = self.preview
        if preview is None or not preview.rejected:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        def work(_task: Task) -> int:
            with replacing(path) as partial:
                return write_rejects(preview, partial)

        return self.context.runner.submit(
            _("Saving the rows to correct"),
            work,
            lambda count: self.say(
                _("{count} rows to correct written to {path}.").format(count=format_number(count), path=path)
            ),
            lambda error: self.say(error_text(error), refused=True),
        )

    def _show_import_count(self, count: int) -> None:
        self.import_button.setText(_("Import {count} rows").format(count=format_number(count)))
        self.import_button.setEnabled(count > 0)

    def save(self) -> Task | None:
        preview = self.preview
        if preview is None or not preview.to_save:
            return None
        db, username = self.context.db, self.context.username
        fill_blanks = self.fill_blanks.isVisible() and self.fill_blanks.isChecked()
        self.import_button.setEnabled(False)

        def saved(count: int) -> None:
            """Saved: the dialog closes, unless rows remain to correct; those stay listed."""
            self.saved = count
            self.saved_rows.emit(count)
            if not preview.rejected:
                self.accept()
                return
            self.say(
                _(
                    "{count} rows saved. {rejected} rows could not be taken: save them to correct them."
                ).format(count=format_number(count), rejected=format_number(len(preview.rejected))),
                refused=True,
            )

        def failed(error: BaseException) -> None:
            self.say(error_text(error), refused=True)
            self.import_button.setEnabled(True)

        return self.context.runner.submit(
            _("Importing the list"), lambda _task: commit(db, username, preview, fill_blanks), saved, failed
        )

    def say(self, text: str, refused: bool = False) -> None:
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};" if refused else "")
        self.summary.setText(text)
