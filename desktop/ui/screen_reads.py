"""A screen's reads on the worker: the database and the disk are never read on the GUI thread.

Each answer comes back on the GUI thread and is shown only if the screen still exists and still
wants it (the officer may have picked another row meanwhile); a failure is shown to the user.
`pending` counts the reads under way, so a test can wait until what was asked is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from desktop.ui.error_dialog import show_error
from desktop.ui.tasks import Task, TaskRunner


class ScreenReads:
    def __init__(self, screen: QWidget, runner: TaskRunner) -> None:
        self.screen, self.runner = screen, runner
        self.pending = 0

    def submit(
        self,
        label: str,
        work: Callable[[Task], Any],
        show: Callable[[Any], None],
        wanted: Callable[[], bool] = lambda: True,
    ) -> None:
        """Run `work` on the worker, then `show(answer)` if the screen is there and `wanted()`."""

        def done(answer: Any) -> None:
            self.pending -= 1
            if isValid(self.screen) and wanted():
                show(answer)

        def failed(error: BaseException) -> None:
            self.pending -= 1
            if isValid(self.screen):
                show_error(self.screen, error)

        self.pending += 1
        self.runner.submit(label, work, done, failed)
