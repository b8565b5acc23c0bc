"""The main window: a sidebar of screens, the global search (Ctrl+K), and a status bar.

Screens are built, and their modules imported, the first time they are opened: the window is up
before any list is read, and start-up does not pay for screens the officer does not visit.
Switching the language rebuilds every screen in the new language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.services.search import KIND_LABELS, SearchHit, search
from desktop.services.site import site_info
from desktop.ui.context import AppContext
from desktop.ui.preferences import preferences, save_language
from desktop.ui.qt_language import apply_language
from desktop.ui.tasks import Task

PAGES = ("overview", "people", "collectives", "awards", "settings")
PAGE_TITLES = {
    "overview": N_("Overview"),
    "people": N_("People"),
    "collectives": N_("Collectives"),
    "awards": N_("Award look-up"),
    "settings": N_("Settings"),
}
GLOBAL_SEARCH_DELAY_MS = 150
SIDEBAR_STYLE = (
    "QListWidget { background: #7a1f1f; color: #fff6dc; border: none; font-size: 14px; }"
    " QListWidget::item { padding: 10px 14px; }"
    " QListWidget::item:selected { background: #b8860b; color: white; }"
)


class TaskProgress(QWidget):
    """The status-bar progress of running work, with its Cancel button; hidden when idle."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.runner = context.runner
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
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.context = context
        self.pages: dict[str, QWidget] = {}
        self.hits: list[SearchHit] = []
        self.setMinimumSize(QSize(960, 600))
        self.build()
        settings = preferences()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.focus_search)

    def build(self) -> None:
        """Make every widget in the current language (again, after a language switch)."""
        self.pages = {}
        info = site_info(self.context.db)
        self.setWindowTitle(f"{_('Sổ Vàng')} — {info.unit_name}")
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
        place = QLabel(f"{info.unit_name}\n{info.province_name or ''}".strip())
        place.setObjectName("sitePlace")
        place.setStyleSheet("color: #fff6dc; padding: 0 14px 10px 14px;")
        place.setWordWrap(True)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        for name in PAGES:
            item = QListWidgetItem(_(PAGE_TITLES[name]))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(lambda row: self.open_page(PAGES[row]))
        for widget in (brand, place):
            side_layout.addWidget(widget)
        side_layout.addWidget(self.sidebar, 1)
        outer.addWidget(side)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("globalSearch")
        self.search_box.setPlaceholderText(_("Search people, collectives, decisions (Ctrl+K)…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_model = QStandardItemModel(self)
        self.completer = QCompleter(self.search_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.activated[QModelIndex].connect(self._hit_activated)
        self.search_box.setCompleter(self.completer)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(GLOBAL_SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_box.textEdited.connect(self.search_timer.start)
        main_layout.addWidget(self.search_box)
        self.stack = QStackedWidget()
        main_layout.addWidget(self.stack, 1)
        outer.addWidget(main, 1)
        self.setCentralWidget(central)
        self.build_status_bar(info)
        self.sidebar.setCurrentRow(0)

    def build_status_bar(self, info) -> None:  # type: ignore[no-untyped-def]
        bar = self.statusBar()
        for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.objectName().startswith("status"):
                bar.removeWidget(child)
                child.deleteLater()
        labels = (
            ("statusDatabase", _("Database: {path}").format(path=self.context.db.path or "")),
            ("statusUser", _("User: {name}").format(name=self.context.username or "—")),
            ("statusSync", _("Sync: not set up yet")),
        )
        for name, text in labels:
            label = QLabel(text)
            label.setObjectName(name)
            bar.addWidget(label)
        progress = TaskProgress(self.context)
        progress.setObjectName("statusProgress")
        bar.addPermanentWidget(progress)

    def page(self, name: str) -> QWidget:
        """The screen `name`, built on first use."""
        if name not in self.pages:
            widget = self._factories()[name]()
            self.pages[name] = widget
            self.stack.addWidget(widget)
        return self.pages[name]

    def _factories(self) -> dict[str, Callable[[], QWidget]]:
        context = self.context

        def overview() -> QWidget:
            from desktop.ui.overview_page import OverviewPage

            page = OverviewPage(context)
            page.open_people.connect(lambda: self.open_page("people"))
            page.open_collectives.connect(lambda: self.open_page("collectives"))
            page.open_award.connect(self.open_award)
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

        def awards() -> QWidget:
            from desktop.ui.award_lookup_page import AwardLookupPage

            page = AwardLookupPage(context)
            page.open_subject.connect(self.open_award_subject)
            page.reload()
            return page

        def settings() -> QWidget:
            from desktop.ui.settings_page import SettingsPage

            page = SettingsPage(context)
            page.language_chosen.connect(self.switch_language)
            return page

        return {
            "overview": overview,
            "people": people,
            "collectives": collectives,
            "awards": awards,
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
            self.open_hit(SearchHit(row.subject_kind, row.subject_id, row.subject_name, ""))

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self) -> None:
        text = self.search_box.text()
        self.hits = search(self.context.db, text) if text.strip() else []
        self.search_model.clear()
        for number, hit in enumerate(self.hits):
            line = f"{hit.title} — {_(KIND_LABELS[hit.kind])}" + (f", {hit.detail}" if hit.detail else "")
            item = QStandardItem(line)
            item.setData(number, Qt.ItemDataRole.UserRole)
            self.search_model.appendRow(item)
        if self.hits:
            self.completer.complete()

    def _hit_activated(self, index: QModelIndex) -> None:
        number = index.data(Qt.ItemDataRole.UserRole)
        if number is not None and 0 <= number < len(self.hits):
            hit = self.hits[number]
            self.search_box.clear()
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Show a found person, collective or decision on its own screen."""
        if hit.kind in ("person", "collective"):
            page = self.open_page("people" if hit.kind == "person" else "collectives")
            page.show_record(hit.id, hit.title)  # type: ignore[attr-defined]
        else:
            self.open_page("awards").show_decision(hit.id, hit.title)  # type: ignore[attr-defined]

    def switch_language(self, lang: str) -> None:
        save_language(lang)
        apply_language(lang)
        self.context.runner.wait()
        old = self.centralWidget()
        self.build()
        old.deleteLater()
        self.open_page("settings")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.context.runner.cancel_all()
        self.context.runner.wait()
        settings = preferences()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
