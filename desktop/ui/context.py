"""What every screen is given: the database, the signed-in user, the task runner, today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the window is built before the database layer is loaded
    from desktop.changes.written import Written
    from desktop.codes import UserRole
    from desktop.db import Database
    from desktop.ui.data_changes import DataChanges


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    username: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    changes: DataChanges | None = field(default=None, init=False, repr=False)

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

    def follow(self, widget: QWidget, tables: Iterable[str], refresh: Callable[[Written], None]) -> None:
        """Refresh `widget` with `refresh(written)` after any commit that wrote one of `tables`,
        wherever it was made: another screen, an import, the hub (`ui.data_changes`)."""
        from desktop.ui.data_changes import DataChanges, follow

        if self.changes is None:
            self.changes = DataChanges(self.db)
        follow(widget, self.changes, tables, refresh)
