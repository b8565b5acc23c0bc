"""The sign-in screen, the first thing the main window shows.

It is up before the database has finished opening: the officer types while the worker opens the
file, and pressing Enter early signs in as soon as it is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.preferences import preferences
from desktop.ui.widgets import error_label

if TYPE_CHECKING:
    from desktop.db import Database


class SignInPanel(QWidget):
    signed_in = Signal(str)
    """The user name, once the password was accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signIn")
        self.db: Database | None = None
        self.waiting = False
        """Sign in was asked for before the database was open."""
        outer = QVBoxLayout(self)
        card = QFrame()
        card.setObjectName("signInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(420)
        layout = QVBoxLayout(card)
        title = QLabel(_("Sign in"))
        title.setStyleSheet("font-size: 20px; font-weight: 700; color: #7a1f1f;")
        self.place = QLabel(_("Opening the database…"))
        self.place.setObjectName("signInPlace")
        self.place.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.place)
        form = QFormLayout()
        self.username = QLineEdit(str(preferences().value("last_user", "")))
        self.username.setObjectName("signInUser")
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        layout.addLayout(form)
        self.error = error_label("signInError")
        layout.addWidget(self.error)
        self.button = QPushButton(_("Sign in"))
        self.button.setObjectName("signInButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.sign_in)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.sign_in)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        (self.password if self.username.text() else self.username).setFocus()

    def set_database(self, db: Database, place: str) -> None:
        """The database is open: say whose it is, and sign in if the user already asked to."""
        self.db = db
        self.place.setText(place)
        if self.waiting:
            self.sign_in()

    def sign_in(self) -> None:
        if self.db is None:
            self.waiting = True
            self.error.setText(_("Opening the database… you will be signed in as soon as it is open."))
            return
        # Imported here, not at the top: the worker has loaded the database layer by now, and the
        # window must not wait for it at start-up.
        from desktop.services.accounts import LoginError, authenticate

        self.waiting = False
        try:
            user = authenticate(self.db, self.username.text(), self.password.text())
        except LoginError as error:
            self.error.setText(str(error))
            self.password.clear()
            self.password.setFocus()
            return
        settings = preferences()
        settings.setValue("last_user", user.username)
        settings.sync()
        self.error.clear()
        self.password.clear()
        self.signed_in.emit(user.username)
