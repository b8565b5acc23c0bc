"""Locking a shared PC's session: after some minutes without a key or a click, the window goes back
to its sign-in screen, so the next person at the PC works under their own account or not at all.

Input is watched by an application-wide event filter, installed only while someone is signed in
and removed as the window closes, so it never outlives the window it serves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

IDLE_MINUTES = 10
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits `idle` once the application has had no input for `minutes`; any input starts over."""

    idle = Signal()

    def __init__(self, minutes: int = IDLE_MINUTES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.idle.emit)
        self.watching = False

    def start(self) -> None:
        if not self.watching:
            QApplication.instance().installEventFilter(self)
            self.watching = True
        self.timer.start()

    def stop(self) -> None:
        if self.watching:
            QApplication.instance().removeEventFilter(self)
            self.watching = False
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
