"""When the app backs itself up: once a day while someone works, and at closing.

The work itself is `services.auto_backup`; here it is only started at the right moments, on the
worker thread, with what the user needs to know: a line in the status bar when it went well, the
error when it did not (a full disk must not go unnoticed).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from desktop.i18n import _
from desktop.ui.error_dialog import show_error

if TYPE_CHECKING:
    from desktop.services.auto_backup import AutomaticBackup
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tasks import Task

CHECK_EVERY_MS = 60 * 60 * 1000
"""How often a session left open is checked for its daily backup (past midnight, say)."""


class BackupSchedule(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.daily)
        self.closing: Task | None = None
        self.closing_error: BaseException | None = None
        self.closed_after_backup = False
        self.dialog: QProgressDialog | None = None

    def start(self, context: AppContext) -> None:
        """Someone signed in: the daily backup now if it is due, and checked every hour after."""
        self.context = context
        if context.db.path is None:
            return  # a shared server's database is backed up by its own administrator
        self.timer.start()
        self.daily()

    def stop(self) -> None:
        """Signed out: no daily backup, and none at closing, until someone signs in again."""
        self.timer.stop()
        self.context = None

    def daily(self) -> None:
        context = self.context
        if context is None:
            return
        from desktop.services.auto_backup import DAILY, automatic_backup, daily_due

        def work(task: Task) -> AutomaticBackup | None:
            if not daily_due(context.db, dt.date.today()):
                return None
            return automatic_backup(context.db, DAILY, task.progress, task.cancel_event)

        self.window.runner.submit(_("Daily backup"), work, self._reported, self._failed)

    def _reported(self, made: AutomaticBackup | None) -> None:
        if made is None:
            return
        text = _("Backed up: {file}").format(file=made.local.name)
        if made.copy_problem:
            text += " — " + made.copy_problem
        self.window.statusBar().showMessage(text, 30_000)

    def _failed(self, error: BaseException) -> None:
        show_error(self.window, error)

    # -- at closing -------------------------------------------------------------------------------

    def hold_closing(self) -> bool:
        """True when the window must stay open for the closing backup; it closes itself once the
        backup is done, failed (the error shown first) or skipped with Cancel."""
        context = self.context
        if self.closed_after_backup or context is None or context.db.path is None:
            return False
        if self.closing is not None:
            return True
        from desktop.services.auto_backup import AT_CLOSE, automatic_backup, changed_since_backup

        if not changed_since_backup(context.db):
            return False
        self.timer.stop()
        self.dialog = QProgressDialog(
            _("Backing up before closing…"), _("Skip the backup"), 0, 0, self.window
        )
        self.dialog.setWindowTitle(_("Sổ Vàng"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        runner = self.window.runner
        runner.progressed.connect(self._progressed)
        runner.ended.connect(self._ended)
        self.closing = runner.submit(
            _("Backing up before closing…"),
            lambda task: automatic_backup(context.db, AT_CLOSE, task.progress, task.cancel_event),
            lambda _made: None,
            self._closing_failed,
        )
        self.dialog.canceled.connect(self.closing.cancel)
        self.dialog.show()
        return True

    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setRange(0, max(total, 0))
            self.dialog.setValue(done)

    def _closing_failed(self, error: BaseException) -> None:
        self.closing_error = error

    def _ended(self, task: Task) -> None:
        if task is not self.closing:
            return
        runner = self.window.runner
        runner.progressed.disconnect(self._progressed)
        runner.ended.disconnect(self._ended)
        # The failure callback runs just after this signal: close once it has been kept.
        QTimer.singleShot(0, self._close_window)

    def _close_window(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None
        if self.closing_error is not None:
            show_error(self.window, self.closing_error)
        self.closed_after_backup = True
        self.window.close()
