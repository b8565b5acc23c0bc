"""The main window: the sign-in screen first, then a sidebar of screens, the global search
(Ctrl+K) and a status bar.

The window is up at once: the database opens on the worker while the officer types the password,
and that job is the first to load SQLAlchemy and the models. So this module, and what it imports
when it loads, stay clear of the database layer (a test checks it); screens, and their modules, are
built the first time they are opened. Switching the language rebuilds every screen in it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.i18n import N_, _
from desktop.ui.context import AppContext
from desktop.ui.idle_lock import IDLE_MINUTES, IdleWatch
from desktop.ui.preferences import preferences, save_language
from desktop.ui.qt_language import apply_language
from desktop.ui.sign_in import SignInPanel
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.widgets import ERROR_COLOUR

if TYPE_CHECKING:
    from desktop.services.site import OpenedSite, SiteInfo
    from desktop.sync.status import SyncSummary
    from desktop.ui.backup_schedule import BackupSchedule
    from desktop.ui.hub_schedule import HubSchedule

PAGES = (
    "overview",
    "people",
    "collectives",
    "movements",
    "registrations",
    "models",
    "proposals",
    "decisions",
    "awards",
    "sync",
    "settings",
)
PAGE_TITLES = {
    "overview": N_("Overview"),
    "people": N_("People"),
    "collectives": N_("Collectives"),
    "movements": N_("Movements"),
    "registrations": N_("Registrations"),
    "models": N_("Exemplary models"),
    "proposals": N_("Proposals"),
    "decisions": N_("Decisions"),
    "awards": N_("Award look-up"),
    "sync": N_("Sync"),
    "settings": N_("Settings"),
}
SIDEBAR_STYLE = (
    "QListWidget { background: #7a1f1f; color: #fff6dc; border: none; font-size: 14px; }"
    " QListWidget::item { padding: 10px 14px; }"
    " QListWidget::item:selected { background: #b8860b; color: white; }"
)


def _open_site(path: Path) -> OpenedSite:
    """The worker's job at start-up (it imports the database layer, off the GUI thread)."""
    from desktop.services.site import open_site

    return open_site(path)


def place_text(site: SiteInfo) -> str:
    return f"{site.unit_name}\n{site.province_name or ''}".strip()


class TaskProgress(QWidget):
    """The status-bar progress of running work, with its Cancel button; hidden when idle."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.runner = runner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.clicked.connect(self.runner.cancel_all)
        for widget in (self.label, self.bar, self.cancel):
            layout.addWidget(widget)
        self.runner.started.connect(self.task_started)
        self.runner.progressed.connect(self.task_progressed)
        self.runner.ended.connect(self.task_ended)
        self.setVisible(False)

    def task_started(self, task: Task) -> None:
        self.label.setText(task.label)
        self.bar.setRange(0, 0)
        self.setVisible(True)

    def task_progressed(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)

    def task_ended(self, _task: Task) -> None:
        if not self.runner.running:
            self.setVisible(False)
        else:
            self.label.setText(self.runner.running[-1].label)


class MainWindow(QMainWindow):
    setup_needed = Signal(object)
    """The opened database is not set up yet (first run): the app runs the wizard."""
    open_failed = Signal(object)
    """The database could not be opened: the error, for the app to show."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.runner = runner
        self.context: AppContext | None = None
        """Set once someone has signed in."""
        self.opened: OpenedSite | None = None
        self.site: SiteInfo | None = None
        self.db_path: str = ""
        self.pages: dict[str, QWidget] = {}
        self.hub: HubSchedule | None = None
        """The exchanges with the hub over the network, made at the first sign-in (it reads the
        database, which is not loaded before)."""
        self.setMinimumSize(QSize(960, 600))
        self.build()
        geometry = preferences().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.focus_search)
        QShortcut(QKeySequence("F1"), self, activated=self.show_help)
        self.help_window: QWidget | None = None
        self.idle = IdleWatch(parent=self)
        self.idle.idle.connect(self.lock)
        self.lock_panel: SignInPanel | None = None
        """The sign-in screen covering the work while the session is locked."""
        self.covered: QWidget | None = None
        self.backups: BackupSchedule | None = None
        """The automatic backups, when the app (not a test or a screenshot) runs the window."""

    def current_screen(self) -> str:
        """The name of the screen in use ("login" before anyone has signed in)."""
        if self.context is None or self.lock_panel is not None:
            return "login"
        shown = self.stack.currentWidget()
        return next((name for name, page in self.pages.items() if page is shown), "")

    def show_help(self) -> None:
        from desktop.ui.help_viewer import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_section(self.current_screen())

    def open_database(self, path: Path) -> None:
        """Open `path` on the worker; the sign-in screen is usable meanwhile."""
        self.db_path = str(path)
        self.build_status_bar()
        self.runner.submit(
            _("Opening the database…"),
            lambda _task: _open_site(path),
            self._database_opened,
            self.open_failed.emit,
        )

    def _database_opened(self, opened: OpenedSite) -> None:
        self.opened = opened
        if opened.site is None:
            self.setup_needed.emit(opened.db)
            return
        self.site = opened.site
        self.show_title()
        self.sign_in.set_database(opened.db, place_text(opened.site))

    def _signed_in(self, username: str) -> None:
        assert self.sign_in.db is not None and self.site is not None
        self.enter(AppContext(self.sign_in.db, self.runner, username), self.site)

    def enter(self, context: AppContext, site: SiteInfo) -> None:
        """Work as the signed-in user: the sidebar, the search and the screens appear."""
        self.context, self.site = context, site
        self.db_path = str(context.db.path or "")
        self.rebuild()
        self.open_page("overview")
        self.idle.start()
        if self.backups is not None:
            self.backups.start(context)
        self.hub_schedule().start(context)

    def hub_schedule(self) -> HubSchedule:
        if self.hub is None:
            from desktop.ui.hub_schedule import HubSchedule

            self.hub = HubSchedule(self)
            self.hub.changed.connect(self.show_hub_status)
            self.hub.exchanged.connect(self.synced_over_network)
        return self.hub

    def reopen(self) -> None:
        """After a restore the records, and maybe the accounts, are those of the backup: the
        database is opened afresh and everyone signs in again."""
        assert self.context is not None
        self.idle.stop()
        if self.backups is not None:
            self.backups.stop()
        self.hub_schedule().stop()
        db, self.context = self.context.db, None
        self.rebuild()
        db.close()
        self.open_database(Path(self.db_path))
        self.statusBar().showMessage(_("The backup was restored; sign in again."), 60_000)

    def lock(self) -> None:
        """After the user's idle minutes: open dialogs close and a sign-in screen covers the
        screens. The same user signing in finds their work as it was; anyone else gets fresh
        screens under their own name."""
        if self.context is None or self.lock_panel is not None:
            return
        self.idle.stop()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog is not self.help_window:
                dialog.reject()
        assert self.site is not None
        self.lock_panel = SignInPanel()
        self.lock_panel.signed_in.connect(self._unlocked)
        self.stack.addWidget(self.lock_panel)
        self.lock_panel.set_database(self.context.db, place_text(self.site))
        self.lock_panel.error.setText(
            _("Locked after {n} minutes without use; sign in again.").format(n=IDLE_MINUTES)
        )
        self.covered = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.lock_panel)
        self.sidebar.setEnabled(False)  # screen names only; the screens themselves are covered
        self.search_box.setVisible(False)

    def _unlocked(self, username: str) -> None:
        assert self.context is not None and self.lock_panel is not None and self.site is not None
        panel, self.lock_panel = self.lock_panel, None
        self.stack.removeWidget(panel)
        panel.deleteLater()
        if username != self.context.username:
            self.enter(AppContext(self.context.db, self.runner, username), self.site)
            return
        self.sidebar.setEnabled(True)
        self.search_box.setVisible(True)
        self.stack.setCurrentWidget(self.covered)
        self.idle.start()

    def build(self) -> None:
        """Make every widget in the current language (again, after a language switch)."""
        self.pages = {}
        self.show_title()
        central = QWidget()
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        side = QWidget()
        side.setStyleSheet("background: #7a1f1f;")
        side.setFixedWidth(210)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 12, 0, 0)
        brand = QLabel(_("Sổ Vàng"))
        brand.setStyleSheet("color: #ffd76a; font-size: 22px; font-weight: 700; padding: 0 14px;")
        place = QLabel(place_text(self.site) if self.site else "")
        place.setObjectName("sitePlace")
        place.setStyleSheet("color: #fff6dc; padding: 0 14px 10px 14px;")
        place.setWordWrap(True)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        for widget in (brand, place):
            side_layout.addWidget(widget)
        side_layout.addWidget(self.sidebar, 1)
        outer.addWidget(side)
        main = QWidget()
        self.main_layout = QVBoxLayout(main)
        self.stack = QStackedWidget()
        self.main_layout.addWidget(self.stack, 1)
        outer.addWidget(main, 1)
        self.setCentralWidget(central)
        if self.context is None:
            self.sign_in = SignInPanel()
            self.sign_in.signed_in.connect(self._signed_in)
            self.stack.addWidget(self.sign_in)
        else:
            self.build_workspace(self.context)
        self.build_status_bar()

    def show_title(self) -> None:
        self.setWindowTitle(_("Sổ Vàng") + (f" — {self.site.unit_name}" if self.site else ""))

    def build_workspace(self, context: AppContext) -> None:
        """The signed-in part: screens in the sidebar, and the global search above them."""
        from desktop.ui.global_search import GlobalSearch

        for name in PAGES:
            item = QListWidgetItem(_(PAGE_TITLES[name]))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(lambda row: self.open_page(PAGES[row]))
        self.search_box = GlobalSearch(context.db)
        self.search_box.chosen.connect(lambda hit: self.open_hit(hit.kind, hit.id, hit.title))
        self.main_layout.insertWidget(0, self.search_box)

    def rebuild(self) -> None:
        self.runner.wait()
        old = self.centralWidget()
        self.build()
        old.deleteLater()

    def build_status_bar(self) -> None:
        bar = self.statusBar()
        for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.objectName().startswith("status"):
                bar.removeWidget(child)
                child.setObjectName("")  # a lookup by name until it is gone must find its successor
                child.deleteLater()
        user = self.context.username if self.context and self.context.username else "—"
        labels = (
            ("statusDatabase", _("Database: {path}").format(path=self.db_path)),
            ("statusUser", _("User: {name}").format(name=user)),
            ("statusSync", ""),
            ("statusHub", ""),
        )
        for name, text in labels:
            label = QLabel(text)
            label.setObjectName(name)
            bar.addWidget(label)
        self.show_sync_summary()
        self.show_hub_status()
        progress = TaskProgress(self.runner)
        progress.setObjectName("statusProgress")
        bar.addPermanentWidget(progress)

    def show_sync_summary(self) -> None:
        """The sync line of the status bar, counted on the worker (it reads the change log)."""
        label = self.statusBar().findChild(QLabel, "statusSync")
        if self.context is None or label is None:
            return
        db = self.context.db

        def count(_task: Task) -> SyncSummary:
            from desktop.sync.status import sync_summary

            return sync_summary(db)

        def show(summary: SyncSummary) -> None:
            if not isValid(label):
                return
            if summary.offices == 0:
                label.setText(_("Sync: no office connected yet"))
                return
            label.setText(
                _("Sync: {unconfirmed} changes not yet confirmed above; {review} to look at").format(
                    unconfirmed=summary.unconfirmed, review=summary.to_review
                )
            )

        self.runner.submit(_("Counting what waits to be synced"), count, show, lambda _error: None)

    def show_hub_status(self) -> None:
        label = self.statusBar().findChild(QLabel, "statusHub")
        if label is None:
            return
        status, refused = (self.hub.status, self.hub.refused) if self.hub else ("", False)
        label.setText(status)
        label.setToolTip(status)  # whole, where a narrow window cuts the line
        label.setStyleSheet(f"color: {ERROR_COLOUR};" if refused else "")
        label.setVisible(bool(status))

    def synced_over_network(self) -> None:
        """An exchange with the hub brought or sent changes: the sync line and screen catch up."""
        self.show_sync_summary()
        page = self.pages.get("sync")
        if page is not None:
            page.reload()  # type: ignore[attr-defined]

    def page(self, name: str) -> QWidget:
        """The screen `name`, built on first use."""
        if name not in self.pages:
            widget = self._factories()[name]()
            self.pages[name] = widget
            self.stack.addWidget(widget)
        return self.pages[name]

    def _factories(self) -> dict[str, Callable[[], QWidget]]:
        context = self.context
        assert context is not None, "screens exist only once someone has signed in"

        def overview() -> QWidget:
            from desktop.ui.overview_page import OverviewPage

            page = OverviewPage(context)
            page.open_people.connect(lambda: self.open_page("people"))
            page.open_collectives.connect(lambda: self.open_page("collectives"))
            page.open_proposals.connect(lambda: self.open_page("proposals"))
            page.open_award.connect(self.open_award)
            page.open_movement.connect(self.open_movement)
            page.open_registrations.connect(lambda: self.open_page("registrations"))
            page.refresh()
            return page

        def people() -> QWidget:
            from desktop.ui.people_page import PeoplePage

            page = PeoplePage(context)
            page.reload()
            return page

        def collectives() -> QWidget:
            from desktop.ui.collectives_page import CollectivesPage

            page = CollectivesPage(context)
            page.reload()
            return page

        def movements() -> QWidget:
            from desktop.ui.movements_page import MovementsPage

            page = MovementsPage(context)
            page.open_registrations.connect(self.open_movement_registrations)
            page.reload()
            return page

        def registrations() -> QWidget:
            from desktop.ui.registrations_page import RegistrationsPage

            page = RegistrationsPage(context)
            page.reload()
            return page

        def models() -> QWidget:
            from desktop.ui.models_page import ModelsPage

            page = ModelsPage(context)
            page.open_proposal.connect(lambda proposal_id: self.open_hit("proposal", proposal_id, ""))
            page.reload()
            return page

        def proposals() -> QWidget:
            from desktop.ui.proposals_page import ProposalsPage

            page = ProposalsPage(context)
            page.reload()
            return page

        def decisions() -> QWidget:
            from desktop.ui.decisions_page import DecisionsPage

            page = DecisionsPage(context)
            page.reload()
            return page

        def awards() -> QWidget:
            from desktop.ui.award_lookup_page import AwardLookupPage

            page = AwardLookupPage(context)
            page.open_subject.connect(self.open_award_subject)
            page.reload()
            return page

        def sync() -> QWidget:
            from desktop.ui.sync_page import SyncPage

            page = SyncPage(context, self.hub_schedule())
            page.changed.connect(self.show_sync_summary)
            page.reload()
            return page

        def settings() -> QWidget:
            from desktop.ui.settings_page import SettingsPage

            page = SettingsPage(context)
            page.language_chosen.connect(self.switch_language)
            page.restored.connect(self.reopen)
            return page

        return {
            "overview": overview,
            "people": people,
            "collectives": collectives,
            "movements": movements,
            "registrations": registrations,
            "models": models,
            "proposals": proposals,
            "decisions": decisions,
            "awards": awards,
            "sync": sync,
            "settings": settings,
        }

    def open_page(self, name: str) -> QWidget:
        widget = self.page(name)
        self.stack.setCurrentWidget(widget)
        row = PAGES.index(name)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        return widget

    def open_award(self, code: str | None, year: int | None) -> None:
        self.open_page("awards").show_award(code, year)  # type: ignore[attr-defined]

    def open_award_subject(self, row) -> None:  # type: ignore[no-untyped-def]
        if row is not None:
            self.open_hit(row.subject_kind, row.subject_id, row.subject_name)

    def open_movement(self, movement_id: object) -> None:
        self.open_page("movements").reload(movement_id)  # type: ignore[attr-defined]

    def open_movement_registrations(self, movement_id: object) -> None:
        self.open_page("registrations").show_movement(movement_id)  # type: ignore[attr-defined]

    def focus_search(self) -> None:
        if self.context is not None:
            self.search_box.focus()

    def open_hit(self, kind: str, record_id: object, title: str) -> None:
        """Show a found person, collective (a household too) or decision on its own screen."""
        if kind in ("person", "collective", "household"):
            page = self.open_page("people" if kind == "person" else "collectives")
            page.show_record(record_id, title)  # type: ignore[attr-defined]
        elif kind == "proposal":
            self.open_page("proposals").show_record(record_id, title)  # type: ignore[attr-defined]
        else:
            self.open_page("awards").show_decision(record_id, title)  # type: ignore[attr-defined]

    def switch_language(self, lang: str) -> None:
        save_language(lang)
        apply_language(lang)
        self.rebuild()
        self.open_page("settings")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.backups is not None and self.backups.hold_closing():
            event.ignore()
            return
        self.idle.stop()
        if self.help_window is not None:
            self.help_window.close()  # a top-level child still shown would be torn down with no window
        self.runner.cancel_all()
        self.runner.wait()
        settings = preferences()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
