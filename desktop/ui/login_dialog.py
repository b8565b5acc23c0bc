"""Sign in to a set-up database with a local account."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import _
from desktop.services.accounts import LoginError, SignedInUser, authenticate
from desktop.services.site import site_info
from desktop.ui.preferences import preferences
from desktop.ui.widgets import error_label


class LoginDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.db = db
        self.user: SignedInUser | None = None
        info = site_info(db)
        self.setWindowTitle(_("Sổ Vàng — sign in"))
        layout = QVBoxLayout(self)
        brand = QLabel(_("Sổ Vàng"))
        brand.setStyleSheet("font-size: 24px; font-weight: 700; color: #7a1f1f;")
        place = QLabel(f"{info.unit_name}" + (f", {info.province_name}" if info.province_name else ""))
        place.setObjectName("loginPlace")
        layout.addWidget(brand)
        layout.addWidget(place)
        form = QFormLayout()
        self.username = QLineEdit(str(preferences().value("last_user", "")))
        self.username.setObjectName("loginUser")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        layout.addLayout(form)
        self.error = error_label("loginError")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def sign_in(self) -> None:
        try:
            self.user = authenticate(self.db, self.username.text(), self.password.text())
        except LoginError as error:
            self.error.setText(str(error))
            self.password.clear()
            self.password.setFocus()
            return
        settings = preferences()
        settings.setValue("last_user", self.user.username)
        settings.sync()
        self.accept()
