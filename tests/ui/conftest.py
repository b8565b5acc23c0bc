"""Screens get a real database, a real task runner, and a fixed today."""

from __future__ import annotations

import datetime as dt
import gc
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.site import site_info
from desktop.ui.context import AppContext
from desktop.ui.gui_collector import collect_on_gui_thread
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session", autouse=True)
def _collect_on_gui_thread(qapp):
    """As the app does: no worker thread may free the screens' Qt objects (`gui_collector`)."""
    timer = collect_on_gui_thread(qapp)
    yield
    timer.stop()
    gc.enable()


@pytest.fixture
def make_context(qtbot):
    """Contexts whose runners are idle before the test ends. Ask for it after the database
    fixture, so that it is torn down first: no job may still use a database being closed."""
    runners: list[TaskRunner] = []

    def make(db, today: dt.date = TODAY) -> AppContext:
        runner = TaskRunner()
        runners.append(runner)
        return AppContext(db, runner, "admin", today)

    yield make
    for runner in runners:
        runner.cancel_all()
        runner.wait()


def signed_in_window(qtbot, context: AppContext) -> MainWindow:
    """The main window as it is once `context.username` has signed in."""
    window = MainWindow(context.runner)
    qtbot.addWidget(window)
    window.enter(context, site_info(context.db))
    return window


def wait_for_list(qtbot, page) -> None:
    """Until the keys of the current filter have arrived."""
    qtbot.waitUntil(lambda: not page.timer.isActive() and page.loading is None, timeout=10_000)


def answer_message_box(qtbot, object_name: str, button_text: str) -> list[str]:
    """Click `button_text` in the next modal message box called `object_name`; returns its text."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != object_name:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(button for button in box.buttons() if button.text() == button_text).click()

    QTimer.singleShot(0, click)
    return seen


def shown(qtbot, *screens) -> None:
    """Until what the screens asked the worker for (`ScreenReads`) has been read and shown."""
    qtbot.waitUntil(lambda: all(screen.reads.pending == 0 for screen in screens), timeout=20_000)


def calls_on_gui_thread(monkeypatch, targets: dict[str, object]) -> dict[str, list[bool]]:
    """Wrap each function `name` of the module or object given for it, recording for every call
    whether it ran on the GUI thread: what a screen reads must run on the worker."""
    on_gui: dict[str, list[bool]] = {}
    for name, owner in targets.items():
        function = getattr(owner, name)

        def run(*args, name=name, function=function, **kwargs):
            on_gui.setdefault(name, []).append(threading.current_thread() is threading.main_thread())
            return function(*args, **kwargs)

        monkeypatch.setattr(owner, name, run)
    return on_gui
