"""What every screen is given: the database, the signed-in user, the task runner, today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the window is built before the database layer is loaded
    from desktop.db import Database


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    username: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
