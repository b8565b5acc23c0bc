"""Cài đặt: the office details printed on documents, the language, the backup folder, and each
printer's offsets for pre-printed certificate blanks."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import ValidationError
from desktop.i18n import N_, _, language
from desktop.reports.kinds import Selection
from desktop.services.auto_backup import BY_HAND, AutomaticBackup, automatic_backup, known_backups
from desktop.services.backups import restore_backup
from desktop.services.office import REQUIRED, OfficeSettings, office_settings, save_office_settings
from desktop.services.printer_offsets import LIMIT_MM, Offsets, printer_offsets, save_printer_offsets
from desktop.ui.context import AppContext
from desktop.ui.document_preview import PreviewDialog, open_preview, printer_names
from desktop.ui.error_dialog import show_error
from desktop.ui.widgets import ERROR_COLOUR

DONE_COLOUR = "#1b7f3b"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
FIELD_LABELS = {
    "governing_body": N_("Governing body (first header line)"),
    "unit_name": N_("Issuing body"),
    "place_name": N_("Place name on dates"),
    "signer_name": N_("Signer's full name"),
    "signer_title": N_("Signer's position"),
    "seal_holder": N_("On behalf of (seal holder)"),
    "backup_folder": N_("Backup folder"),
}


class SettingsPage(QWidget):
    language_chosen = Signal(str)
    restored = Signal()
    """A backup replaced the data: the window must have everyone sign in again."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("settingsPage")
        self.context = context
        layout = QVBoxLayout(self)
        title = QLabel(_("Settings"))
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout.addWidget(title)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(language()))
        self.language.activated.connect(lambda _index: self.language_chosen.emit(self.language.currentData()))
        form.addRow(_("Language"), self.language)
        note = QLabel(_("Details printed on decisions, certificates and reports:"))
        note.setStyleSheet("font-weight: 600; margin-top: 8px;")
        form.addRow(note)
        self.edits: dict[str, QLineEdit] = {}
        for field in fields(OfficeSettings):
            edit = QLineEdit()
            edit.setObjectName(f"setting_{field.name}")
            self.edits[field.name] = edit
            text = _(FIELD_LABELS[field.name]) + (" *" if field.name in REQUIRED else "")
            if field.name == "backup_folder":
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                browse = QPushButton(_("Choose…"))
                browse.clicked.connect(self.choose_folder)
                row.addWidget(browse)
                self.backup_button = QPushButton(_("Back up now"))
                self.backup_button.clicked.connect(self.back_up_now)
                row.addWidget(self.backup_button)
                self.restore_button = QPushButton(_("Restore…"))
                self.restore_button.setObjectName("restoreButton")
                self.restore_button.clicked.connect(self.restore)
                self.restore_button.setVisible(context.db.path is not None and context.may(UserRole.ADMIN))
                row.addWidget(self.restore_button)
                self.audit_button = QPushButton(_("Activity log…"))
                self.audit_button.setObjectName("auditButton")
                self.audit_button.clicked.connect(self.show_audit)
                context.offer(UserRole.ADMIN, self.audit_button)
                row.addWidget(self.audit_button)
                form.addRow(text, row)
            else:
                form.addRow(text, edit)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        save = QPushButton(_("Save settings (Ctrl+S)"))
        save.setShortcut("Ctrl+S")
        save.clicked.connect(self.save)
        context.offer(UserRole.OFFICER, save, self.backup_button)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        villages = QPushButton(_("Villages of the commune…"))
        villages.setObjectName("villagesButton")
        villages.clicked.connect(self.show_villages)
        villages_row = QHBoxLayout()
        villages_row.addWidget(villages)
        villages_row.addStretch(1)
        layout.addLayout(villages_row)
        layout.addWidget(self._offsets_box())
        layout.addStretch(1)
        self.load()

    def _offsets_box(self) -> QGroupBox:
        box = QGroupBox(_("Pre-printed certificate blanks"))
        form = QFormLayout(box)
        form.addRow(
            QLabel(
                _(
                    "Print the test page on plain paper, hold it over a blank against the light, and"
                    " measure how far the crosses sit from where they belong."
                )
            )
        )
        self.offset_printer = QComboBox()
        self.offset_printer.setObjectName("offsetPrinter")
        self.offset_printer.setEditable(True)
        self.offset_printer.addItems(printer_names(self.context.db))
        self.offset_printer.currentTextChanged.connect(self.show_offsets)
        form.addRow(_("Printer"), self.offset_printer)
        self.offset_right = self._millimetres("offsetRight")
        self.offset_down = self._millimetres("offsetDown")
        form.addRow(_("Move right by (negative: left)"), self.offset_right)
        form.addRow(_("Move down by (negative: up)"), self.offset_down)
        save = QPushButton(_("Save the offsets"))
        save.setObjectName("saveOffsets")
        save.clicked.connect(self.save_offsets)
        self.context.offer(UserRole.OFFICER, save)
        test_page = QPushButton(_("Print the test page…"))
        test_page.clicked.connect(self.preview_test_page)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(test_page)
        row.addStretch(1)
        form.addRow(row)
        self.show_offsets(self.offset_printer.currentText())
        return box

    @staticmethod
    def _millimetres(name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-LIMIT_MM, LIMIT_MM)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(" mm")
        return spin

    def show_offsets(self, printer: str) -> None:
        offsets = printer_offsets(self.context.db, printer.strip())
        self.offset_right.setValue(offsets.right)
        self.offset_down.setValue(offsets.down)

    def save_offsets(self) -> None:
        printer = self.offset_printer.currentText().strip()
        offsets = Offsets(self.offset_right.value(), self.offset_down.value())
        try:
            save_printer_offsets(self.context.db, self.context.username, printer, offsets)
        except ValidationError as error:
            self.say(error.message, refused=True)
            return
        self.say(_("Offsets saved for {printer}.").format(printer=printer))

    def preview_test_page(self) -> PreviewDialog:
        printer = self.offset_printer.currentText().strip()
        return open_preview(
            self,
            self.context,
            "certificate-calibration",
            Selection(printer=printer),
            _("Certificate test page"),
        )

    def say(self, text: str, refused: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if refused else DONE_COLOUR};")
        self.message.setText(text)

    def load(self) -> None:
        current = office_settings(self.context.db)
        for name, edit in self.edits.items():
            edit.setText(getattr(current, name))

    def save(self) -> None:
        wanted = OfficeSettings(**{name: edit.text() for name, edit in self.edits.items()})
        try:
            save_office_settings(self.context.db, self.context.username, wanted)
        except ValidationError as error:
            self.say(f"{_(FIELD_LABELS[error.field])}: {error.message}", refused=True)
            self.edits[error.field].setFocus()
            return
        self.load()
        self.say(_("Settings saved."))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the backup folder"), self.edits["backup_folder"].text()
        )
        if folder:
            self.edits["backup_folder"].setText(folder)

    def back_up_now(self) -> None:
        folder = self.edits["backup_folder"].text().strip()
        if not folder or self.context.db.path is None:
            self.say(_("Choose a backup folder first."), refused=True)
            return
        db = self.context.db
        self.backup_button.setEnabled(False)

        def finished(made: AutomaticBackup) -> None:
            self.backup_button.setEnabled(True)
            if made.copy is None:
                self.say(made.copy_problem or "", refused=True)
                return
            self.say(_("Backup written, verified and encrypted: {path}").format(path=made.copy))

        def failed(error: BaseException) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, error)

        self.context.runner.submit(
            _("Backing up the database"),
            lambda task: automatic_backup(
                db, BY_HAND, task.progress, task.cancel_event, folder=Path(folder), always=True
            ),
            finished,
            failed,
        )

    def restore(self) -> None:
        from desktop.ui.restore_dialog import RestoreDialog

        db, username = self.context.db, self.context.username
        dialog = RestoreDialog(self, known_backups(db))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        chosen, db_path = dialog.chosen, db.path
        assert db_path is not None
        self.restore_button.setEnabled(False)
        db.engine.dispose()  # no pooled connection may hold the file while it is replaced

        def failed(error: BaseException) -> None:
            self.restore_button.setEnabled(True)
            show_error(self, error)

        self.context.runner.submit(
            _("Restoring the backup"),
            lambda _task: restore_backup(db_path, chosen, username, dialog.password),
            lambda _epoch: self.restored.emit(),
            failed,
        )

    def show_villages(self) -> QDialog:
        from desktop.ui.villages_dialog import VillagesDialog

        dialog = VillagesDialog(self.context, self)
        dialog.open()
        return dialog

    def show_audit(self) -> None:
        from desktop.ui.audit_dialog import AuditDialog

        AuditDialog(self, self.context).exec()
