"""Connecting another office, step by step, for an officer who has never heard of keys: write this
office's card on the stick, carry it over, bring back theirs, compare a short code by telephone,
connect."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import SoVangError
from desktop.i18n import _
from desktop.labels import ROLE, label
from desktop.services.site_keys import public_keys
from desktop.sync import cards, stick
from desktop.ui.context import AppContext
from desktop.ui.widgets import ERROR_COLOUR, confirm

if TYPE_CHECKING:
    from desktop.ui.sync_page import SyncPage


def own_fingerprint(context: AppContext) -> str:
    keys = public_keys(context.db)
    return cards.fingerprint(keys.signing, keys.encryption) if keys else ""


class EnrollDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: AppContext, page: SyncPage) -> None:
        super().__init__(parent)
        self.setObjectName("enrollDialog")
        self.setWindowTitle(_("Connect another office"))
        self.resize(640, 560)
        self.context, self.page = context, page
        layout = QVBoxLayout(self)
        root = page.root()
        where = QLabel(
            _("Stick: {name}").format(name=page.drives.currentText())
            if root is not None
            else _("Plug in a USB stick and choose it on the Sync screen first.")
        )
        where.setWordWrap(True)
        layout.addWidget(where)

        first = QGroupBox(_("Step 1: put this office's card on the stick"))
        first_layout = QVBoxLayout(first)
        self.card_button = QPushButton(_("Write our card to the stick"))
        self.card_button.setObjectName("writeCardButton")
        self.card_button.setEnabled(root is not None)
        self.card_button.clicked.connect(self.write_card)
        first_layout.addWidget(self.card_button)
        first_layout.addWidget(
            QLabel(_("Our code, to read out by telephone: {code}").format(code=own_fingerprint(context)))
        )
        layout.addWidget(first)

        second = QGroupBox(_("Step 2: carry the stick to the other office"))
        second_layout = QVBoxLayout(second)
        carry = QLabel(
            _(
                "There, on the Sync screen, click “Connect another office…”: they connect our card "
                "and write theirs on the same stick. The card holds no personal data."
            )
        )
        carry.setWordWrap(True)
        second_layout.addWidget(carry)
        layout.addWidget(second)

        third = QGroupBox(_("Step 3: when the stick is back, connect their card"))
        third_layout = QVBoxLayout(third)
        self.cards = QListWidget()
        self.cards.setObjectName("cardList")
        third_layout.addWidget(self.cards)
        check = QLabel(
            _(
                "Telephone the other office and ask them to read their code from this same window. "
                "Connect only if it matches the code shown here: a card swapped on the way shows another."
            )
        )
        check.setWordWrap(True)
        third_layout.addWidget(check)
        self.connect_button = QPushButton(_("Connect this office"))
        self.connect_button.setObjectName("connectButton")
        self.connect_button.clicked.connect(self.connect_chosen)
        third_layout.addWidget(self.connect_button)
        layout.addWidget(third, 1)

        self.message = QLabel()
        self.message.setObjectName("enrollMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_cards()

    def show_cards(self) -> None:
        """The other offices' cards on the stick that are not connected yet."""
        self.cards.clear()
        root = self.page.root()
        for item in stick.stick_contents(self.context.db, root) if root is not None else []:
            if item.kind != stick.CARD or item.taken:
                continue
            try:
                card = cards.read_card(item.path.read_bytes())
            except (OSError, SoVangError):  # pulled out since it was listed
                continue
            text = _("{unit} ({level}) — code {code}").format(
                unit=card.unit_name,
                level=label(ROLE, card.role),
                code=cards.fingerprint(card.signing_key, card.encryption_key),
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, card)
            self.cards.addItem(entry)
        if self.cards.count():
            self.cards.setCurrentRow(0)
        self.connect_button.setEnabled(self.cards.count() > 0)

    def say(self, text: str, refused: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if refused else "color: #1b7f3b;")
        self.message.setText(text)

    def write_card(self) -> None:
        root = self.page.root()
        password = self.page.ask_password()
        if root is None or password is None:
            return
        try:
            self.page.secrets = self.page.site_secrets(password)
            path = stick.write_card(self.context.db, self.page.secrets, root)
        except SoVangError as error:
            self.say(str(error), refused=True)
            return
        self.say(_("Our card was written to the stick: {name}").format(name=path.name))

    def connect_chosen(self) -> None:
        entry = self.cards.currentItem()
        if entry is None:
            return
        card: cards.Card = entry.data(Qt.ItemDataRole.UserRole)
        code = cards.fingerprint(card.signing_key, card.encryption_key)
        if not confirm(
            self,
            "confirmEnroll",
            _("Connect another office"),
            _("Connect {unit}? Its code must be {code}, as its officer read it to you.").format(
                unit=card.unit_name, code=code
            ),
            _("Connect"),
            _("Cancel"),
            warning=False,
        ):
            return
        try:
            cards.enroll(self.context.db, self.context.username, card)
        except SoVangError as error:
            self.say(str(error), refused=True)
            return
        self.say(
            _("{unit} is connected: bundles can now travel between the two offices.").format(
                unit=card.unit_name
            )
        )
        self.show_cards()
