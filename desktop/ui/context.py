"""What every screen is given: the database, the signed-in user, the task runner, today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the window is built before the database layer is loaded
    from desktop.codes import UserRole
    from desktop.db import Database


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    username: str | None = None
    today: dt.date = field(default_factory=dt.date.today)

    def may(self, minimum: UserRole) -> bool:
        """Whether the signed-in account may do what needs `minimum`: screens offer only that."""
        from desktop.services.accounts import allowed

        return allowed(self.db, self.username, minimum)

    def offer(self, minimum: UserRole, *buttons: QWidget) -> bool:
        """Hide `buttons` from an account below `minimum`; whether it reaches it."""
        reaches = self.may(minimum)
        for button in buttons:
            button.setVisible(reaches)
        return reaches
