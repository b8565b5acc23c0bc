"""The files kept with a movement or a model: attach a scan or photo, open it, remove it."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import SoVangError
from desktop.i18n import _, format_number
from desktop.services import attachments, linked_documents
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error

FILE_FILTER = "PDF, JPEG, PNG, TIFF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"


class LinkedFilesPanel(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.owner: dict[str, uuid.UUID] = {}
        self.files = QListWidget()
        self.files.setObjectName("linkedFiles")
        self.files.itemActivated.connect(lambda _item: self.open_current())
        self.attach_button = QPushButton(_("Attach a file…"))
        self.attach_button.clicked.connect(self.choose_file)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_current)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        self.show_owner()

    def show_owner(self, movement_id: uuid.UUID | None = None, model_id: uuid.UUID | None = None) -> None:
        """List the files of one movement or one model (none: an empty, disabled panel)."""
        self.owner = (
            {"movement_id": movement_id} if movement_id else {"model_id": model_id} if model_id else {}
        )
        self.files.clear()
        for button in (self.attach_button, self.open_button, self.remove_button):
            button.setEnabled(bool(self.owner))
        if not self.owner:
            return
        for linked in linked_documents.files_of(self.context.db, **self.owner):
            size = format_number(round(linked.size / 1024))
            item = QListWidgetItem(f"{linked.title} — {linked.file_name} ({size} KB)")
            item.setData(Qt.ItemDataRole.UserRole, linked)
            self.files.addItem(item)

    def attach_path(self, path: Path) -> None:
        try:
            linked_documents.attach(self.context.db, self.context.username, path, **self.owner)
        except SoVangError as error:
            show_error(self, error)
            return
        self.show_owner(**self.owner)

    def choose_file(self) -> None:
        name, _chosen = QFileDialog.getOpenFileName(self, _("Attach a file"), "", FILE_FILTER)
        if name:
            self.attach_path(Path(name))

    def current(self) -> linked_documents.LinkedFile | None:
        item = self.files.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def open_current(self) -> None:
        """Open the file with the program Windows uses for its kind, from a private temporary copy."""
        linked = self.current()
        if linked is None:
            return
        path = attachments.temporary_copy(linked_documents.content_of(self.context.db, linked.id))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_current(self) -> None:
        linked = self.current()
        if linked is not None:
            linked_documents.remove(self.context.db, self.context.username, linked.id)
            self.show_owner(**self.owner)
