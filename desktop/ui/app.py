"""Start the application: language, logging, first-run wizard or sign-in, then the main window.

`--screenshot` renders one screen with the given database and exits, without signing in: it is
how the README's pictures are made, and what the CLI contract (design.md §6) asks for.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.instance import hold_app_mutex
from desktop.logs import setup_logging
from desktop.paths import resource
from desktop.ui.backup_schedule import BackupSchedule
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import ErrorDialog, show_error
from desktop.ui.gui_collector import collect_on_gui_thread
from desktop.ui.main_window import PAGES, MainWindow
from desktop.ui.preferences import saved_language
from desktop.ui.qt_language import apply_language
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.db import Database

SCREENS = ("wizard", "login", *PAGES)
"""What `--page` can show."""
WINDOW_SIZE = (1280, 800)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sổ Vàng")
    app.setOrganizationName("SoVang")
    app.setWindowIcon(QIcon(str(resource("icons", "sovang.png"))))
    collect_on_gui_thread(app)
    return app  # type: ignore[return-value]


def _show_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Exceptions escaping a slot: a crash file and the error dialog, and the app keeps running."""
    error.__traceback__ = tb
    show_error(QApplication.activeWindow(), error)


def start_window(db_path: Path, runner: TaskRunner) -> MainWindow:
    """The main window on its sign-in screen, shown, with `db_path` opening on the worker.

    What happens next is wired here: a database not set up yet runs the first-run wizard, one
    that cannot be opened is explained and the app ends with exit code 2."""
    window = MainWindow(runner)
    window.backups = BackupSchedule(window)
    window.setup_needed.connect(lambda db: _first_run(window, db, db_path, runner))
    window.open_failed.connect(lambda error: _cannot_open(window, error))
    window.show()
    window.open_database(db_path)
    return window


def _first_run(window: MainWindow, db: Database, db_path: Path, runner: TaskRunner) -> None:
    from desktop.services.site import site_info
    from desktop.ui.setup_wizard import SetupWizard  # first run only: it brings the demo builder

    db.close()
    wizard = SetupWizard(db_path, runner, window)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.db is None or wizard.user is None:
        window.close()
        return
    window.enter(AppContext(wizard.db, runner, wizard.user.username), site_info(wizard.db))


def _cannot_open(window: MainWindow, error: BaseException) -> None:
    ErrorDialog(window, error).exec()
    window.close()
    QApplication.exit(2)


def run_app(
    db_path: Path, screenshot: Path | None = None, page: str = "overview", lang: str | None = None
) -> int:
    """Open the window on `db_path` (the wizard first when it is not set up); exit code of Qt.

    `lang` (from `--lang`) overrides the language saved in the preferences for this run.
    """
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    apply_language(lang or saved_language())
    setup_logging()
    runner = TaskRunner()
    if screenshot is not None:
        return _screenshot(db_path, screenshot, page, runner)
    sys.excepthook = _show_unexpected
    hold_app_mutex()
    window = start_window(db_path, runner)
    code = app.exec()
    runner.cancel_all()
    runner.wait()
    if window.context is not None:
        window.context.db.close()
    elif window.opened is not None:
        window.opened.db.close()
    return code


def _settle(app: QApplication, runner: TaskRunner) -> None:
    """Let queued work finish and its results reach the widgets."""
    for _round in range(5):
        app.processEvents()
        runner.wait()
    app.processEvents()


def _screenshot(db_path: Path, target: Path, page: str, runner: TaskRunner) -> int:
    app = application()
    widget: QWidget
    db: Database | None = None
    if page == "wizard":
        from desktop.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(db_path, runner)
        wizard.show()
        wizard.next()
        wizard.unit_page.search.setText("bao lam cao bang")
        widget = wizard
    else:
        window = MainWindow(runner)
        window.resize(*WINDOW_SIZE)
        failures: list[BaseException] = []
        window.open_failed.connect(failures.append)
        window.open_database(db_path)
        _settle(app, runner)
        if failures:
            raise failures[0]
        assert window.opened is not None
        db = window.opened.db
        if window.site is None:
            from desktop.services.site import site_info

            site_info(db)  # refuses, saying how to set the database up
        if page != "login":
            window.enter(AppContext(db, runner, "admin"), window.site)
            window.open_page(page)
            _settle(app, runner)
            _prepare(window, page, lambda: _settle(app, runner))
        widget = window
        widget.show()
    _settle(app, runner)
    saved = widget.grab().save(str(target))
    widget.close()
    runner.wait()
    if db is not None:
        db.close()
    return 0 if saved else 2


def _prepare(window: MainWindow, page: str, settle: Callable[[], None]) -> None:
    """Show something worth seeing: the first proposal and its first nominee, the first person or
    collective with awards. Screens read on the worker: `settle` lets each read arrive."""
    if page == "proposals":
        screen = window.page(page)
        screen.table.selectRow(0)  # type: ignore[attr-defined]
        settle()
        screen.editor.items.selectRow(0)  # type: ignore[attr-defined]
        return
    if page not in ("people", "collectives"):
        return
    from desktop.services.timeline import subject_timeline

    assert window.context is not None
    screen = window.page(page)
    model = screen.model  # type: ignore[attr-defined]
    for number in range(min(model.rowCount(), 400)):
        row = model.row(number)
        if row is not None and any(e.kind == "award" for e in subject_timeline(window.context.db, row.id)):
            screen.table.selectRow(number)  # type: ignore[attr-defined]
            return
