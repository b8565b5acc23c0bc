"""Backups nobody has to remember: once a day, at closing, and before every import.

Each goes to the `backups/` folder beside the database and, when the office has chosen one, to its
backup folder too (a USB stick, a second disk), so a dead disk does not take the backups with it.
A backup is verified before the older ones of its kind are rotated out, and none is made when the
newest backup already holds the current state (nothing was recorded since).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.db import Database, backup, sqlite_file
from desktop.errors import SoVangError
from desktop.i18n import N_, _
from desktop.paths import backups_dir_for
from desktop.progress import Progress
from desktop.services import audit, sealed_backups
from desktop.services.office import office_settings
from desktop.services.sealed_backups import SUFFIX
from desktop.services.site import site_info
from desktop.services.site_keys import sealed_keys

log = logging.getLogger(__name__)

DAILY, AT_CLOSE, BEFORE_IMPORT, BY_HAND = "daily", "close", "before-import", "manual"
KEPT = {DAILY: 7, AT_CLOSE: 5, BEFORE_IMPORT: 10}
"""How many backups of each automatic kind a folder keeps. Those made for another reason (before
an upgrade or a restore, or by hand) are never removed."""
REASON_LABELS = {
    DAILY: N_("Daily"),
    AT_CLOSE: N_("At closing"),
    BEFORE_IMPORT: N_("Before an import"),
    BY_HAND: N_("By hand"),
    "before-restore": N_("Before a restore"),
    "before-upgrade": N_("Before an upgrade"),
}
QUIET_ACTIONS = ("backup.create", "backup.restore", "user.login", "user.login_failed")
"""Audit entries that record no change to the work, so need no new backup."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    reason: str
    made_at: dt.datetime
    size: int

    @property
    def sealed(self) -> bool:
        """Encrypted for the office's stick: it opens with the administrator's password."""
        return self.path.suffix == SUFFIX

    @property
    def reason_label(self) -> str:
        key = "before-upgrade" if self.reason.startswith("before-upgrade") else self.reason
        return _(REASON_LABELS[key]) if key in REASON_LABELS else self.reason


@dataclass(frozen=True)
class AutomaticBackup:
    local: Path
    copy: Path | None
    copy_problem: str | None
    """Why no copy reached the office's backup folder (the stick is out, the disk is full)."""


def backup_files(folder: Path, stem: str) -> list[BackupFile]:
    """The backups of the database named `stem` that `folder` holds, newest first."""
    name = re.compile(
        rf"{re.escape(stem)}-(?P<reason>[a-z][a-z0-9-]*)-(?P<stamp>\d{{8}}-\d{{6}})(\.sqlite|{SUFFIX})"
    )
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = name.fullmatch(path.name)
        if match is None:
            continue
        made_at = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        found.append(BackupFile(path, match["reason"], made_at, path.stat().st_size))
    return _newest_first(found)


def _newest_first(found: list[BackupFile]) -> list[BackupFile]:
    return sorted(found, key=lambda item: (item.made_at, item.path.name), reverse=True)


def office_folder(db: Database) -> Path | None:
    """The second place the office keeps its backups (a stick, another disk), if it chose one."""
    chosen = office_settings(db).backup_folder
    return Path(chosen) if chosen else None


def known_backups(db: Database) -> list[BackupFile]:
    """Every backup of this database, beside it and in the office's backup folder, newest first."""
    assert db.path is not None
    folders = [backups_dir_for(db.path)]
    chosen = office_folder(db)
    if chosen is not None and chosen.resolve() != folders[0].resolve():
        folders.append(chosen)
    return _newest_first([item for folder in folders for item in backup_files(folder, db.path.stem)])


def _last_work(connection: sqlite3.Connection) -> str | None:
    row = connection.execute(
        f"SELECT hash FROM audit_entry WHERE action NOT IN ({', '.join('?' * len(QUIET_ACTIONS))}) "
        "ORDER BY id DESC LIMIT 1",
        QUIET_ACTIONS,
    ).fetchone()
    return row[0] if row else None


def changed_since_backup(db: Database) -> bool:
    """Whether something was recorded since the newest backup beside the database was made."""
    assert db.path is not None
    newest = backup_files(backups_dir_for(db.path), db.path.stem)
    if not newest:
        return True
    with db.engine.connect() as live:
        current = _last_work(live.connection.driver_connection)
    try:
        connection = sqlite_file.read_only(newest[0].path)
        try:
            return _last_work(connection) != current
        finally:
            connection.close()
    except sqlite3.Error:
        return True  # an unreadable backup holds nothing


def daily_due(db: Database, today: dt.date) -> bool:
    """No backup made today beside the database, and something to keep."""
    assert db.path is not None
    made_today = any(
        item.made_at.date() == today for item in backup_files(backups_dir_for(db.path), db.path.stem)
    )
    return not made_today and changed_since_backup(db)


def automatic_backup(
    db: Database,
    reason: str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    folder: Path | None = None,
    always: bool = False,
) -> AutomaticBackup | None:
    """Back up when something changed since the newest backup; None when nothing did (or the
    database is a shared server's, which its own administrator backs up).

    The copy beside the database must succeed (SoVangError otherwise, nothing rotated); a copy
    to the office's folder (`folder`, or the one in the settings) is encrypted, and one that fails
    is reported in the result, since the stick may be out. `always` backs up even when nothing
    changed (asked for by hand). The audit trail records it as the app's own work, whoever was
    signed in (a viewer too)."""
    if db.path is None or not (always or changed_since_backup(db)):
        return None
    local = backup.timestamped_backup(db.path, reason, progress, cancel)
    rotate(local.parent, db.path.stem, reason, local)
    copy, problem = None, None
    chosen = folder or office_folder(db)
    if chosen is not None and chosen.resolve() != local.parent.resolve():
        copy, problem = _copy_to(db, local, chosen, reason)
    with db.application_transaction() as session:
        audit.record(session, "backup.create", None, details={"file": local.name, "reason": reason})
    log.info("automatic backup (%s) written: %s", reason, local.name)
    return AutomaticBackup(local, copy, problem)


def _copy_to(db: Database, local: Path, folder: Path, reason: str) -> tuple[Path | None, str | None]:
    """The verified backup `local`, encrypted into `folder`; or why it could not be."""
    if not folder.is_dir():
        return None, _("The backup folder {folder} cannot be reached; is the USB stick plugged in?").format(
            folder=folder
        )
    keys = sealed_keys(db)
    if keys is None:
        return None, _(
            "No copy was written to {folder}: this office has no keys to encrypt it with yet "
            "(write its card in the sync screen or with sovang sync card)."
        ).format(folder=folder)
    try:
        copy = sealed_backups.seal(local, folder / (local.stem + SUFFIX), keys, site_info(db).unit_name)
    except SoVangError as error:
        return None, str(error)
    assert db.path is not None
    rotate(folder, db.path.stem, reason, copy)
    return copy, None


def rotate(folder: Path, stem: str, reason: str, newest: Path) -> list[Path]:
    """Remove the oldest automatic backups of `reason` beyond what is kept, never `newest` (the one
    just verified, counted first whatever the PC's clock said); return those removed."""
    if reason not in KEPT:
        return []
    older = [item for item in backup_files(folder, stem) if item.reason == reason and item.path != newest]
    removed = []
    for item in older[KEPT[reason] - 1 :]:
        try:
            item.path.unlink()
        except OSError:
            continue  # a stick gone read-only: the old file stays, which loses nothing
        removed.append(item.path)
    return removed
