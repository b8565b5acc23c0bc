"""What every screen is given: the database, the signed-in user, the task runner, today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.db import Database
from desktop.ui.tasks import TaskRunner


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    username: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
