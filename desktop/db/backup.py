"""Backups with the SQLite online backup API, verified before they count, and restore.

A backup is written under a temporary name, checked with `PRAGMA integrity_check`, then renamed,
so a half-written file never looks like a backup.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from contextlib import suppress
from pathlib import Path

from desktop.db import sqlite_file
from desktop.errors import DatabaseError, SoVangError
from desktop.files import write_failure
from desktop.i18n import _
from desktop.paths import backups_dir_for
from desktop.progress import Progress, step

PAGES_PER_STEP = 256


def _copy(
    source: sqlite3.Connection,
    target: sqlite3.Connection,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    def copied(_status: int, remaining: int, total: int) -> None:
        step(progress, cancel, total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=copied)


def backup_file(
    db_path: Path,
    out: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Copy the live database at `db_path` to `out`, verified; return `out`."""
    sqlite_file.validate(db_path)
    out = out.resolve()
    if out == db_path.resolve():
        raise SoVangError(_("The backup cannot overwrite the database itself."))
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(db_path)
        target = sqlite3.connect(tmp)
        try:
            _copy(source, target, progress, cancel)
            sqlite_file.mark_as_copy(target)
            problems = sqlite_file.integrity_problems(target)
        finally:
            target.close()
            source.close()
        if problems:
            raise DatabaseError(
                _("The backup failed its integrity check: {problems}").format(
                    problems="; ".join(problems[:3])
                )
            )
        os.replace(tmp, out)
    except (OSError, sqlite3.OperationalError) as error:
        raise write_failure(error, out) from error
    finally:
        with suppress(OSError):  # a drive gone or read-only has nothing left to clean
            tmp.unlink(missing_ok=True)
    return out


def timestamped_backup(
    db_path: Path,
    reason: str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """A backup into the database's own `backups/` folder, named by reason and time."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{db_path.stem}-{reason}-{stamp}.sqlite"
    return backup_file(db_path, backups_dir_for(db_path) / name, progress, cancel)


def copy_into(source_path: Path, db_path: Path) -> None:
    """Overwrite the database at `db_path` with the content of `source_path`, page by page."""
    source = sqlite_file.read_only(source_path)
    target = sqlite3.connect(db_path)
    try:
        _copy(source, target, None, None)
    finally:
        target.close()
        source.close()
