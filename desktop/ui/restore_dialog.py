"""Choose the backup to bring back: the known ones listed newest first, or any file on a stick."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, format_date, format_number
from desktop.services.auto_backup import BackupFile
from desktop.services.sealed_backups import is_sealed
from desktop.ui.widgets import confirm

COLUMNS = ("Made at", "Kind", "Folder", "Size")


def made_at_text(item: BackupFile) -> str:
    return f"{format_date(item.made_at.date())} {item.made_at:%H:%M}"


class RestoreDialog(QDialog):
    """`chosen` is the backup file once the user has picked one and confirmed."""

    def __init__(self, parent: QWidget | None, backups: list[BackupFile]) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(_("Restore from a backup"))
        self.resize(720, 420)
        self.backups = backups
        self.chosen: Path | None = None
        self.password: str | None = None
        """For a backup encrypted for a stick: the administrator's password that opens it."""
        layout = QVBoxLayout(self)
        note = QLabel(
            _(
                "Everything recorded since the chosen backup will be replaced by what it holds. "
                "The present data is backed up first, so the restore can itself be undone."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(backups), len(COLUMNS))
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels([_(name) for name in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(backups):
            size = _("{size} MB").format(size=format_number(round(item.size / 1024**2, 1)))
            kind = item.reason_label + (" · " + _("encrypted") if item.sealed else "")
            for column, text in enumerate((made_at_text(item), kind, str(item.path.parent), size)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if backups:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)
        if not backups:
            layout.addWidget(QLabel(_("No backup of this database was found; choose a file.")))
        buttons = QDialogButtonBox()
        other = QPushButton(_("Another file…"))
        other.clicked.connect(self.choose_file)
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = QPushButton(_("Restore"))
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.backups[rows[0].row()]
        self._confirm(item.path, made_at_text(item), item.sealed)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), "", _("Sổ Vàng backups (*.sqlite *.svbak)")
        )
        if name:
            self._confirm(Path(name), Path(name).name, is_sealed(Path(name)))

    def _confirm(self, path: Path, described: str, sealed: bool) -> None:
        if not confirm(
            self,
            "confirmRestore",
            _("Restore from a backup"),
            _(
                "Replace all the data on this PC with the backup of {when}? Everyone will have to "
                "sign in again afterwards."
            ).format(when=described),
            _("Restore"),
            _("Cancel"),
        ):
            return
        if sealed:
            password, given = QInputDialog.getText(
                self,
                _("Restore from a backup"),
                _("This backup is encrypted. The administrator's password:"),
                QLineEdit.EchoMode.Password,
            )
            if not given or not password:
                return
            self.password = password
        self.chosen = path
        self.accept()
