"""The change log every write goes through: the clock, the epoch, stamping and capture, the codec.

It sits on the models and the database and knows nothing of the domain's use cases or of how
changes travel: `desktop.sync` carries them between offices, `desktop.services` writes them.
Importing it hooks the log into every database opened after (`db.database.use_change_log`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop.changes import capture, epoch, stamping, written
from desktop.db import database


class _ChangeLog:
    def install(self, session_class: type[Session]) -> None:
        stamping.install(session_class)
        capture.install(session_class)
        written.install(session_class)

    def opened(self, session: Session, path: Path) -> None:
        epoch.claim(session, path)
        capture.baseline(session)


database.use_change_log(_ChangeLog())
