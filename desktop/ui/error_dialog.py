"""The one error dialog: the user's language first, the details for support one click away.

A refusal the user can act on (SoVangError) is shown as it is. Anything unexpected gets a plain
message, a crash file in the data folder, and details (type and stack, no data) to copy.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import SoVangError, ValidationError
from desktop.i18n import _
from desktop.logs import crash_report, write_crash_file


def error_text(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return error.message
    if isinstance(error, SoVangError):
        return str(error)
    return _("Something went wrong and the action was not completed. Nothing already saved was lost.")


class ErrorDialog(QDialog):
    def __init__(self, parent: QWidget | None, error: BaseException) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(_("Sổ Vàng"))
        layout = QVBoxLayout(self)
        self.message = QLabel(error_text(error))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.details = ""
        if not isinstance(error, SoVangError):
            self.details = crash_report(type(error), error.__traceback__)
            path = write_crash_file(self.details)
            saved = QLabel(_("A report was saved to {path}.").format(path=path))
            saved.setWordWrap(True)
            layout.addWidget(saved)
            text = QPlainTextEdit(self.details)
            text.setReadOnly(True)
            text.setMinimumHeight(140)
            layout.addWidget(text)
            self.copy_button = QPushButton(_("Copy details"))
            self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(self.details))
            buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)


def show_error(parent: QWidget | None, error: BaseException) -> ErrorDialog:
    """Show `error` without blocking (unexpected ones are written to a crash file first)."""
    dialog = ErrorDialog(parent, error)
    dialog.open()
    return dialog
