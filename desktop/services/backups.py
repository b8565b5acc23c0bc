"""Back up and restore a SQLite database as a user asks for it."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from desktop.changes.epoch import claim, new_epoch
from desktop.codes import UserRole
from desktop.db import Database, backup, sqlite_file
from desktop.errors import DatabaseError, ValidationError
from desktop.i18n import _
from desktop.models import Site
from desktop.paths import backups_dir_for
from desktop.progress import Progress
from desktop.services import audit, sealed_backups
from desktop.services.accounts import require


def make_backup(
    db_path: Path,
    out: Path,
    username: str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """A verified copy of the database at `out`, made by an officer or above; the audit trail
    records it once it is made, so a failed or cancelled backup leaves no entry claiming
    otherwise, and a refused one leaves no file."""
    db = Database.open(db_path)
    try:
        with db.session() as session:
            require(session, username, UserRole.OFFICER)
        written = backup.backup_file(db_path, out, progress, cancel)
        with db.transaction(username) as session:
            audit.record(session, "backup.create", username, details={"file": out.name})
    finally:
        db.close()
    return written


def _validate_backup(path: Path) -> None:
    if not path.exists():
        raise DatabaseError(_("No backup file at {path}.").format(path=path))
    sqlite_file.validate(path)
    tables_present, revision = sqlite_file.schema_state(path)
    from desktop.db import migrate  # Alembic is only needed to restore, not at start-up

    migrate.refuse_unknown(revision, tables_present)
    if revision is None:
        raise DatabaseError(_("{path} is not a Sổ Vàng backup.").format(path=path))
    connection = sqlite_file.read_only(path)
    try:
        problems = sqlite_file.integrity_problems(connection)
    finally:
        connection.close()
    if problems:
        raise DatabaseError(
            _("The backup {path} is damaged: {problems}").format(path=path, problems="; ".join(problems[:3]))
        )


def _refuse_another_site(backup_path: Path, site_id: uuid.UUID) -> None:
    """A backup of another office would make this PC that office: refused, nothing written."""
    connection = sqlite_file.read_only(backup_path)
    try:
        row = connection.execute("SELECT id FROM site").fetchone()
    finally:
        connection.close()
    if row is None or uuid.UUID(row[0]) != site_id:
        raise DatabaseError(
            _("{path} is a backup of another office's database, not of this one.").format(
                path=backup_path.name
            )
        )


def restore_backup(db_path: Path, backup_path: Path, username: str, password: str | None = None) -> int:
    """Replace the database with a backup; return the site's new epoch.

    A backup encrypted for a stick is opened first with the administrator's `password`. The
    backup is checked before anything is written, the current database is itself backed up
    first, and the restored site takes a new epoch so it never reuses a (site, sequence) it may
    already have sent.
    """
    if not sealed_backups.is_sealed(backup_path):
        return _restore(db_path, backup_path, backup_path.name, username)
    if not password:
        raise ValidationError("password", _("This backup is encrypted: type the administrator's password."))
    opened = backups_dir_for(db_path) / f"{backup_path.stem}.opened.sqlite"
    try:
        sealed_backups.open_sealed(backup_path, password, opened)
        return _restore(db_path, opened, backup_path.name, username)
    finally:
        opened.unlink(missing_ok=True)


def _restore(db_path: Path, backup_path: Path, shown_name: str, username: str | None) -> int:
    _validate_backup(backup_path)
    previous_epoch = 0
    if db_path.exists() and db_path.stat().st_size > 0:
        current = Database.open(db_path)
        with current.session() as session:
            require(session, username, UserRole.ADMIN)
            site = session.query(Site).first()
            previous_epoch = site.epoch if site else 0
        current.close()
        if site is not None:
            _refuse_another_site(backup_path, site.id)
        backup.timestamped_backup(db_path, "before-restore")
    backup.copy_into(backup_path, db_path)
    db = Database.open(db_path)
    try:
        with db.transaction(username) as session:
            site = session.query(Site).one()
            if site.epoch <= previous_epoch:  # not past the epochs the replaced file used
                new_epoch(session, site, floor=previous_epoch)
            claim(session, db_path)
            audit.record(
                session, "backup.restore", username, details={"file": shown_name, "epoch": site.epoch}
            )
            return site.epoch
    finally:
        db.close()
