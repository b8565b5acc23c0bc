"""Screens that follow the data: what a commit wrote reaches every open screen that shows it.

The change log tells which tables and records each commit wrote (`changes.written`), on the
thread that committed: a dialog's save on the GUI thread, an import on the worker. Here it is
carried to the GUI thread, commits close together are merged, and each screen that follows one
of the tables refreshes: at once when it is on view, else the next time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

if TYPE_CHECKING:  # the window is built before the database layer is loaded
    from desktop.changes.written import Written
    from desktop.db import Database

MERGE_WITHIN_MS = 30
"""Commits heard this close together refresh each screen once."""


class DataChanges(QObject):
    """One per opened database: `changed(Written)` on the GUI thread after commits that wrote."""

    changed = Signal(object)
    _heard = Signal(object)  # emitted on the committing thread, received on the GUI thread

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        from desktop.changes import written

        super().__init__(parent)
        self.pending: Written | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(MERGE_WITHIN_MS)
        self.timer.timeout.connect(self._tell)
        self._heard.connect(self._collect)
        self.stop = written.listen(db, self._heard.emit)

    @Slot(object)
    def _collect(self, written: Written) -> None:
        self.pending = written if self.pending is None else self.pending.merged(written)
        self.timer.start()

    def _tell(self) -> None:
        written, self.pending = self.pending, None
        if written is not None:
            self.changed.emit(written)


class _Follower(QObject):
    """Refreshes one screen when a commit touched what it shows; a hidden one when next shown."""

    def __init__(
        self,
        widget: QWidget,
        changes: DataChanges,
        tables: frozenset[str],
        refresh: Callable[[Written], None],
    ) -> None:
        super().__init__(widget)
        self.widget, self.tables, self.refresh = widget, tables, refresh
        self.stale: Written | None = None
        changes.changed.connect(self._changed)
        widget.installEventFilter(self)

    @Slot(object)
    def _changed(self, written: Written) -> None:
        widget = self._widget()
        if widget is None or not written.touches(self.tables):
            return
        if widget.isVisible():
            self.refresh(written)
        else:
            self.stale = written if self.stale is None else self.stale.merged(written)

    def _widget(self) -> QWidget | None:
        """The screen followed, while it and this follower are both alive: at teardown Qt may still
        call the filter of a follower whose Python attributes the collector has already cleared."""
        widget = self.__dict__.get("widget")
        return widget if widget is not None and isValid(widget) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Show or watched is not self._widget():
            return False
        written, self.stale = self.stale, None
        if written is not None:
            self.refresh(written)
        return False


def follow(
    widget: QWidget, changes: DataChanges, tables: Iterable[str], refresh: Callable[[Written], None]
) -> None:
    """Call `refresh(written)` whenever a commit wrote one of `tables` (for as long as `widget` lives)."""
    _Follower(widget, changes, frozenset(tables), refresh)
