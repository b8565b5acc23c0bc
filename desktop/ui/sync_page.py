"""Đồng bộ: put this office's work on a USB stick for the office above (or below), take in what a
stick brings, and see where each connected office stands.

The stick is chosen by name among the removable drives (or any folder); what it holds is shown from
the readable headers only. An upper office's administrator revokes a lower office here (a PC lost
or stolen): its bundles are refused from then on. Where the office above runs a hub, the same
exchange goes over the network: its address is set here, and the app then exchanges by itself
(`ui.hub_schedule`). The site's keys are opened with the administrator's password once, kept
while this screen is shown, and forgotten when the officer leaves it (the automatic exchanges keep
their own copy).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.codes import Role, UserRole
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import N_, _, format_moment, format_number
from desktop.services import duplicates
from desktop.services.key_renewal import open_keys
from desktop.services.site import site_info
from desktop.services.site_keys import SiteSecrets
from desktop.sync import cards, stick
from desktop.sync.drives import Drive, removable_drives
from desktop.sync.exchange import ExportResult, export_bundle
from desktop.sync.hub_link import HubLink, hub_link, save_hub_link
from desktop.sync.resolve import waiting_count
from desktop.sync.status import PeerStatus, peer_statuses
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import error_text, show_error
from desktop.ui.hub_schedule import HubSchedule
from desktop.ui.screen_reads import ScreenReads
from desktop.ui.tasks import Task
from desktop.ui.widgets import ERROR_COLOUR, add_section, confirm, records_table

FOLLOWS = ("peer_site", "sync_bundle", "sync_ack", "sync_conflict", "sync_quarantine")
"""What the table of connected offices shows."""

DONE_COLOUR = "#1b7f3b"
STICK_COLUMNS = (N_("Kind"), N_("Sent by"), N_("Sent to"), N_("Made at"), N_("Changes"), N_("On this PC"))
PEER_COLUMNS = (
    N_("Office"),
    N_("Last bundle received"),
    N_("Last confirmation"),
    N_("Not yet confirmed"),
    N_("Missing"),
    N_("Quarantined"),
    N_("Conflicts"),
)
KINDS = {
    stick.BUNDLE: N_("Bundle"),
    stick.RECEIPT: N_("Receipt"),
    stick.CARD: N_("Office card"),
    stick.DAMAGED: N_("Damaged file"),
}
EJECT_REMINDER = N_(
    "Before pulling the stick out, click “Safely Remove Hardware” in the Windows taskbar (or "
    "“Eject” in the file manager) and wait for the message that it is safe."
)


def item_state(item: stick.StickItem) -> str:
    if item.kind == stick.DAMAGED:
        return item.problem
    if item.kind == stick.CARD:
        return _("connected already") if item.taken else _("not connected yet")
    if not item.for_here:
        return _("for another office")
    return _("taken in") if item.taken else _("waiting to be taken in")


class SyncPage(QWidget):
    changed = Signal()
    """Something was sent, taken in or connected: the status bar's summary is out of date."""

    def __init__(self, context: AppContext, hub: HubSchedule) -> None:
        super().__init__()
        self.setObjectName("syncPage")
        self.context, self.hub = context, hub
        context.follow(self, FOLLOWS, lambda _written: self.show_peers())
        self.secrets: SiteSecrets | None = None
        self.reads = ScreenReads(self, context.runner)
        """The drives, the stick and the offices are read on the worker: a slow stick freezes nothing."""
        self.items: list[stick.StickItem] = []
        self.statuses: list[PeerStatus] = []
        layout = QVBoxLayout(self)
        title = QLabel(_("Sync"))
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout.addWidget(title)

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(_("USB stick:")))
        self.drives = QComboBox()
        self.drives.setObjectName("driveChoice")
        self.drives.setMinimumWidth(280)
        self.drives.currentIndexChanged.connect(lambda _index: self.show_stick())
        chooser.addWidget(self.drives, 1)
        refresh = QPushButton(_("Look again"))
        refresh.clicked.connect(self.reload)
        chooser.addWidget(refresh)
        other = QPushButton(_("Another folder…"))
        other.clicked.connect(self.choose_folder)
        chooser.addWidget(other)
        layout.addLayout(chooser)

        self.stick_table = records_table("stickContents", STICK_COLUMNS)
        add_section(layout, _("On the stick"), self.stick_table, 1)
        actions = QHBoxLayout()
        self.take_button = QPushButton()
        self.take_button.setObjectName("takeInButton")
        self.take_button.clicked.connect(self.take_in)
        actions.addWidget(self.take_button)
        actions.addSpacing(16)
        actions.addWidget(QLabel(_("Send to:")))
        self.recipients = QComboBox()
        self.recipients.setObjectName("recipientChoice")
        actions.addWidget(self.recipients)
        self.send_button = QPushButton(_("Put on the stick"))
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.send)
        actions.addWidget(self.send_button)
        actions.addStretch(1)
        self.clean_button = QPushButton(_("Remove bundles already taken in"))
        self.clean_button.setObjectName("cleanButton")
        self.clean_button.clicked.connect(self.clean)
        actions.addWidget(self.clean_button)
        layout.addLayout(actions)
        self.message = QLabel()
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.peer_table = records_table("peerStatus", PEER_COLUMNS)
        add_section(layout, _("Connected offices"), self.peer_table, 1)
        peer_actions = QHBoxLayout()
        self.enroll_button = QPushButton(_("Connect another office…"))
        self.enroll_button.setObjectName("enrollButton")
        self.enroll_button.clicked.connect(self.enroll)
        peer_actions.addWidget(self.enroll_button)
        self.review_button = QPushButton()
        self.review_button.setObjectName("reviewButton")
        self.review_button.clicked.connect(self.review)
        peer_actions.addWidget(self.review_button)
        self.duplicates_button = QPushButton()
        self.duplicates_button.setObjectName("duplicatesButton")
        self.duplicates_button.clicked.connect(self.review_duplicates)
        peer_actions.addWidget(self.duplicates_button)
        peer_actions.addStretch(1)
        self.revoke_button = QPushButton(_("Revoke the office…"))
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.setToolTip(_("Choose an office below this one in the list, then revoke it."))
        self.revoke_button.clicked.connect(self.revoke)
        peer_actions.addWidget(self.revoke_button)
        self.peer_table.itemSelectionChanged.connect(self._offer_revoke)
        layout.addLayout(peer_actions)
        layout.addWidget(self._hub_box())
        context.offer(
            UserRole.OFFICER,
            self.take_button,
            self.send_button,
            self.clean_button,
            self.recipients,
            self.hub_now_button,
        )
        if context.offer(UserRole.ADMIN, self.enroll_button, self.revoke_button, self.hub_save_button):
            self.revoke_button.setVisible(site_info(context.db).role != Role.COMMUNE)  # none below it
        hub.changed.connect(self.show_hub_status)
        self.show_link(hub_link(context.db))
        self.show_hub_status()
        self.importing: Task | None = None
        context.runner.ended.connect(self._task_ended)

    def _hub_box(self) -> QGroupBox:
        box = QGroupBox(_("Over the network, when there is a connection"))
        box.setObjectName("hubBox")
        box.setVisible(site_info(self.context.db).role != Role.PROVINCE)  # the province runs the hub
        form = QFormLayout(box)
        self.hub_address = QLineEdit()
        self.hub_address.setObjectName("hubAddress")
        self.hub_address.setPlaceholderText("https://tdkt.caobang.gov.vn:8765")
        form.addRow(_("The hub's address"), self.hub_address)
        certificate = QHBoxLayout()
        self.hub_certificate = QLineEdit()
        self.hub_certificate.setObjectName("hubCertificate")
        certificate.addWidget(self.hub_certificate, 1)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_certificate)
        certificate.addWidget(browse)
        form.addRow(_("Its certificate (only if the office above gave one)"), certificate)
        self.hub_automatic = QCheckBox(_("Send and take in by itself whenever the hub can be reached"))
        self.hub_automatic.setObjectName("hubAutomatic")
        form.addRow(self.hub_automatic)
        buttons = QHBoxLayout()
        self.hub_save_button = QPushButton(_("Save the address"))
        self.hub_save_button.setObjectName("hubSaveButton")
        self.hub_save_button.clicked.connect(self.save_link)
        buttons.addWidget(self.hub_save_button)
        self.hub_now_button = QPushButton(_("Send and take in now"))
        self.hub_now_button.setObjectName("hubNowButton")
        self.hub_now_button.clicked.connect(self.exchange_now)
        buttons.addWidget(self.hub_now_button)
        self.hub_status = QLabel()
        self.hub_status.setObjectName("hubStatus")
        self.hub_status.setWordWrap(True)
        buttons.addWidget(self.hub_status, 1)
        form.addRow(buttons)
        return box

    # -- what is shown --------------------------------------------------------------------------

    def reload(self) -> None:
        """Look for sticks again and refresh everything shown."""
        chosen = self.root()
        self.reads.submit(
            _("Looking for USB sticks"),
            lambda _task: removable_drives(),
            lambda found: self._show_drives(found, chosen),
        )
        self.show_peers()
        self.changed.emit()

    def _show_drives(self, found: list[Drive], chosen: Path | None) -> None:
        self.drives.blockSignals(True)
        self.drives.clear()
        for drive in found:
            free = _("{size} GB free").format(size=format_number(round(drive.free_bytes / 1024**3, 1)))
            self.drives.addItem(f"{drive.label} — {free}", str(drive.root))
        if chosen is not None and self.drives.findData(str(chosen)) < 0:
            self.drives.addItem(str(chosen), str(chosen))
        if self.drives.count() == 0:
            self.drives.addItem(_("No USB stick found: plug one in, then click “Look again”"), None)
        index = self.drives.findData(str(chosen)) if chosen is not None else 0
        self.drives.setCurrentIndex(max(index, 0))
        self.drives.blockSignals(False)
        self.show_stick()

    def root(self) -> Path | None:
        data = self.drives.currentData()
        return Path(data) if data else None

    def use_folder(self, folder: Path) -> None:
        """A folder standing for a stick (a shared folder, a stick Windows mounts as a fixed disk)."""
        if self.drives.findData(str(folder)) < 0:
            if self.drives.currentData() is None:
                self.drives.clear()
            self.drives.addItem(str(folder), str(folder))
        self.drives.setCurrentIndex(self.drives.findData(str(folder)))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the stick or a folder"))
        if folder:
            self.use_folder(Path(folder))

    def show_stick(self) -> None:
        root, db = self.root(), self.context.db
        if root is None:
            self._show_items([])
            return
        self.reads.submit(
            _("Reading the stick"), lambda _task: stick.stick_contents(db, root), self._show_items
        )

    def _show_items(self, items: list[stick.StickItem]) -> None:
        self.items = items
        self.stick_table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            kind = _(KINDS[item.kind])
            changes = format_number(item.changes) if item.kind == stick.BUNDLE else ""
            texts = (
                kind,
                item.from_unit,
                item.to_unit,
                format_moment(item.made_at),
                changes,
                item_state(item),
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.path.name)
                self.stick_table.setItem(row, column, cell)
        self.stick_table.resizeColumnsToContents()
        waiting = len(stick.waiting_here(self.items))
        self.take_button.setText(_("Take in from the stick ({count})").format(count=waiting))
        self.take_button.setEnabled(waiting > 0)
        self.clean_button.setEnabled(
            any(item.kind == stick.BUNDLE and item.for_here and item.taken for item in self.items)
        )
        self._offer_send()

    def show_peers(self) -> None:
        db = self.context.db
        self.reads.submit(
            _("Reading the connected offices"),
            lambda _task: (peer_statuses(db), waiting_count(db)),
            lambda read: self._show_peers(*read),
        )

    def _show_peers(self, statuses: list[PeerStatus], waiting: int) -> None:
        self.statuses = statuses
        self.peer_table.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            name = status.unit_name + (" ↑" if status.upper else "")
            if status.vouched_by:
                name += f" ({cards.vouched_note(status.vouched_by)})"
            if status.revoked:
                name += " — " + _("revoked")
            received = format_moment(status.last_bundle_at) or _("never")
            texts = (
                name,
                received,
                format_moment(status.last_receipt_at) or _("never"),
                format_number(status.unconfirmed),
                format_number(status.missing),
                format_number(status.quarantined),
                format_number(status.conflicts),
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                if column >= 4 and text != "0":
                    cell.setForeground(QBrush(QColor(ERROR_COLOUR)))
                self.peer_table.setItem(row, column, cell)
        self.peer_table.resizeColumnsToContents()
        chosen = self.recipients.currentData()
        self.recipients.clear()
        for status in self.statuses:
            if not status.revoked:
                self.recipients.addItem(status.unit_name, str(status.id))
        if chosen is not None and self.recipients.findData(chosen) >= 0:
            self.recipients.setCurrentIndex(self.recipients.findData(chosen))
        self.review_button.setText(_("Conflicts and quarantine ({count})…").format(count=waiting))
        self.count_pairs()
        self._offer_send()
        self._offer_revoke()

    def count_pairs(self) -> None:
        """The pairs waiting for a verdict, counted on the worker: at a province of a million
        records it takes a moment."""
        db = self.context.db
        button = self.duplicates_button
        if not button.text():
            button.setText(_("Same person in two communes…"))

        def show(count: int) -> None:
            if not isValid(button):
                return
            shown = (
                format_number(count)
                if count <= duplicates.SHOWN
                else _("over {count}").format(count=format_number(duplicates.SHOWN))
            )
            button.setText(_("Same person in two communes ({count})…").format(count=shown))

        self.context.runner.submit(
            _("Counting the records that may be one person"),
            lambda _task: duplicates.waiting_pairs(db, duplicates.SHOWN + 1),
            show,
            lambda _error: None,
        )

    def chosen_peer(self) -> PeerStatus | None:
        chosen = self.peer_table.selectionModel().selectedRows()
        return self.statuses[chosen[0].row()] if chosen else None

    def _offer_revoke(self) -> None:
        """Only an office below this one can be revoked here, and only once."""
        chosen = self.chosen_peer()
        self.revoke_button.setEnabled(chosen is not None and not chosen.upper and not chosen.revoked)

    def _offer_send(self) -> None:
        """Sending needs a stick and an office to send to."""
        self.send_button.setEnabled(self.root() is not None and self.recipients.count() > 0)

    def show_link(self, link: HubLink) -> None:
        self.hub_address.setText(link.url)
        self.hub_certificate.setText(link.certificate)
        self.hub_automatic.setChecked(link.automatic)

    def show_hub_status(self) -> None:
        self.hub_status.setStyleSheet(f"color: {ERROR_COLOUR};" if self.hub.refused else "")
        self.hub_status.setText(self.hub.status)

    def say(self, lines: list[str], refused: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if refused else DONE_COLOUR};")
        self.message.setText("\n".join(lines))

    # -- the keys -------------------------------------------------------------------------------

    def ask_password(self) -> str | None:
        """The administrator's password that opens the site's keys, unless they are open already."""
        if self.secrets is not None:
            return ""
        password, given = QInputDialog.getText(
            self,
            _("Sync"),
            _("The administrator's password (it protects this office's keys):"),
            QLineEdit.EchoMode.Password,
        )
        return password if given and password else None

    def site_secrets(self, password: str) -> SiteSecrets:
        """On the worker: Argon2id takes a moment on purpose, and weak seals are renewed then."""
        return self.secrets if self.secrets is not None else open_keys(self.context.db, password)

    def keys_opened(self, secrets: SiteSecrets) -> None:
        self.secrets = secrets
        self.hub.open_keys(secrets)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.secrets = None
        super().hideEvent(event)

    # -- sending and taking in ------------------------------------------------------------------

    def send(self) -> None:
        root, peer = self.root(), self.recipients.currentData()
        if root is None or peer is None:
            return
        password = self.ask_password()
        if password is None:
            return
        db, username, peer_id = self.context.db, self.context.username, uuid.UUID(peer)
        self.send_button.setEnabled(False)

        def work(_task: Task) -> tuple[SiteSecrets, ExportResult]:
            secrets = self.site_secrets(password)
            return secrets, export_bundle(db, username, secrets, peer_id, stick.folder_on(root))

        def done(result: tuple[SiteSecrets, ExportResult]) -> None:
            secrets, exported = result
            self.keys_opened(secrets)
            manifest = exported.manifest
            self.say(
                [
                    _("{count} changes for {unit} written to the stick and checked.").format(
                        count=format_number(exported.change_count), unit=manifest.to_unit
                    ),
                    _(EJECT_REMINDER),
                ]
            )
            self.reload()

        self.context.runner.submit(_("Writing the bundle to the stick"), work, done, self.failed)

    def take_in(self) -> None:
        paths = stick.waiting_here(self.items)
        if not paths:
            return
        password = self.ask_password()
        if password is None:
            return
        db, username = self.context.db, self.context.username
        self.take_button.setEnabled(False)

        def work(task: Task) -> tuple[SiteSecrets, list[stick.FileOutcome]]:
            secrets = self.site_secrets(password)
            outcomes = stick.import_files(
                db, username, secrets, paths, progress=task.progress, cancel=task.cancel_event
            )
            stick.look_for_duplicates(db, outcomes)
            return secrets, outcomes

        def done(result: tuple[SiteSecrets, list[stick.FileOutcome]]) -> None:
            secrets, outcomes = result
            self.keys_opened(secrets)
            refused = any(outcome.failed for outcome in outcomes)
            self.say([outcome.summary() for outcome in outcomes] + [_(EJECT_REMINDER)], refused=refused)
            self.reload()

        self.importing = self.context.runner.submit(
            _("Taking in the bundles from the stick"), work, done, self.failed
        )

    def _task_ended(self, task: Task) -> None:
        """A cancelled import keeps the bundles taken in before the cancel: show where it stopped."""
        if task is self.importing:
            self.importing = None
            if task.cancelled():
                self.say([_("Stopped. The bundles taken in before stopping stay taken in.")], refused=True)
                self.reload()

    def failed(self, error: BaseException) -> None:
        self.reload()
        show_error(self, error)

    def clean(self) -> None:
        try:
            removed = stick.remove_taken(self.items)
        except SoVangError as error:
            self.say([str(error)], refused=True)
            return
        self.say([_("{count} bundles already taken in were removed from the stick.").format(count=removed)])
        self.reload()

    # -- over the network -----------------------------------------------------------------------

    def choose_certificate(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("The hub's certificate"), "", _("Certificates (*.pem *.crt *.cer)")
        )
        if chosen:
            self.hub_certificate.setText(chosen)

    def save_link(self) -> None:
        wanted = HubLink(self.hub_address.text(), self.hub_certificate.text(), self.hub_automatic.isChecked())
        try:
            saved = save_hub_link(self.context.db, self.context.username, wanted)
        except ValidationError as error:
            self.say([error.message], refused=True)
            (self.hub_certificate if error.field == "certificate" else self.hub_address).setFocus()
            return
        self.show_link(saved)
        self.say([_("The hub's address is saved.")])
        self.hub.reload_link()

    def exchange_now(self) -> None:
        if not self.hub.link.url:
            self.say([_("Write the hub's address and save it first.")], refused=True)
            return
        password = self.ask_password()
        if password is None:
            return

        def opened(secrets: SiteSecrets) -> None:
            self.keys_opened(secrets)
            self.hub.exchange_now(secrets)

        self.context.runner.submit(
            _("Opening this office's keys"), lambda _task: self.site_secrets(password), opened, self.failed
        )

    # -- connected offices ----------------------------------------------------------------------

    def revoke(self) -> None:
        chosen = self.chosen_peer()
        if chosen is None:
            return
        reason, given = QInputDialog.getText(
            self,
            _("Revoke {unit}").format(unit=chosen.unit_name),
            _("Why is {unit} revoked? For example: its PC was lost or stolen.").format(unit=chosen.unit_name),
        )
        if not given:
            return
        if not confirm(
            self,
            "confirmRevoke",
            _("Revoke"),
            _("Revoke {unit}?").format(unit=chosen.unit_name),
            _("Revoke"),
            _("Cancel"),
            informative=_(
                "From now on every bundle from {unit} is refused; what was taken in from it before "
                "stays. This cannot be undone."
            ).format(unit=chosen.unit_name),
        ):
            return
        try:
            cards.revoke(self.context.db, self.context.username, chosen.id, reason)
        except SoVangError as error:
            self.say([error_text(error)], refused=True)
            return
        self.say([_("{unit} is revoked; its bundles will be refused.").format(unit=chosen.unit_name)])
        self.reload()

    def enroll(self) -> None:
        from desktop.ui.enroll_dialog import EnrollDialog

        EnrollDialog(self, self.context, self).exec()
        self.reload()

    def review(self) -> None:
        from desktop.ui.sync_review_dialog import SyncReviewDialog

        SyncReviewDialog(self, self.context).exec()
        self.show_peers()

    def review_duplicates(self) -> None:
        from desktop.ui.duplicates_dialog import DuplicatesDialog

        DuplicatesDialog(self, self.context).exec()
        self.count_pairs()
