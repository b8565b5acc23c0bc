"""One runner for long work: a worker thread, progress, cancel; results handed back on the GUI thread.

Work is a plain function taking a `Task` (the services know nothing of Qt: they take `progress`
and `cancelled` callables). Database work runs on one worker thread at a time, in submission
order; callbacks run on the GUI thread, so only they touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.progress import Cancelled


class Task:
    """What running work sees: report progress, ask whether to stop."""

    def __init__(self, label: str, signals: _Signals) -> None:
        self.label = label
        self._cancel = threading.Event()
        self._signals = signals

    def progress(self, done: int, total: int) -> None:
        self._signals.progressed.emit(self, done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        """For services that take a `cancel` event (backups, exports)."""
        return self._cancel

    def check(self) -> None:
        """Stop here if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled(self.label)


class _Signals(QObject):
    """Emitted from the worker, received by the runner on the GUI thread (queued connections)."""

    progressed = Signal(object, int, int)
    finished = Signal(object, object)
    failed = Signal(object, object)
    stopped = Signal(object)


class _Job(QRunnable):
    def __init__(self, task: Task, work: Callable[[Task], Any]) -> None:
        super().__init__()
        self.task = task
        self.work = work

    def run(self) -> None:
        task, signals = self.task, self.task._signals
        if task.cancelled():
            signals.stopped.emit(task)
            return
        try:
            result = self.work(task)
        except Cancelled:  # the services' own cancel check and `Task.check` alike: no result
            signals.stopped.emit(task)
        except BaseException as error:  # noqa: BLE001 - every failure is shown to the user
            signals.failed.emit(task, error)
        else:
            if task.cancelled():
                signals.stopped.emit(task)
            else:
                signals.finished.emit(task, result)


class TaskRunner(QObject):
    """Runs work off the GUI thread and tells the window what is running."""

    started = Signal(object)
    """A Task began: the progress bar shows its label."""
    progressed = Signal(int, int)
    ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.running: list[Task] = []
        self._callbacks: dict[Task, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._jobs: dict[Task, _Job] = {}
        """Python must hold each job until it ends, or its wrapper may be collected before it runs."""
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._signals.stopped.connect(self._end)

    def submit(
        self,
        label: str,
        work: Callable[[Task], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> Task:
        """Run `work(task)` on the worker; then `done(result)` or `failed(error)` on the GUI thread."""
        task = Task(label, self._signals)
        self._callbacks[task] = (done, failed)
        self.running.append(task)
        self.started.emit(task)
        job = _Job(task, work)
        job.setAutoDelete(False)
        self._jobs[task] = job
        self.pool.start(job)
        return task

    @Slot(object, int, int)
    def _progressed(self, task: Task, done: int, total: int) -> None:
        if task in self._callbacks:
            self.progressed.emit(done, total)

    @Slot(object, object)
    def _finished(self, task: Task, result: Any) -> None:
        done, _failed = self._callbacks.get(task, (None, None))
        self._end(task)
        if done is not None:
            done(result)

    @Slot(object, object)
    def _failed(self, task: Task, error: BaseException) -> None:
        _done, failed = self._callbacks.get(task, (None, None))
        self._end(task)
        if failed is not None:
            failed(error)

    @Slot(object)
    def _end(self, task: Task) -> None:
        self._callbacks.pop(task, None)
        self._jobs.pop(task, None)
        if task in self.running:
            self.running.remove(task)
        self.ended.emit(task)

    def cancel_all(self) -> None:
        for task in list(self.running):
            task.cancel()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until the worker is idle (closing the window, tests)."""
        return self.pool.waitForDone(milliseconds)
