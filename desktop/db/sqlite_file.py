"""Checks on a SQLite file made before anything opens it for writing, so a bad file stays untouched."""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

from desktop.errors import DatabaseError
from desktop.files import read_reason
from desktop.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
INSTALLATION_TOKEN_KEY = "sync.installation_token"
"""`setting` key of the random token by which the PC knows its own file from a copy (`changes.epoch`)."""


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def validate(path: Path) -> None:
    """Raise DatabaseError unless `path` is empty or a readable SQLite database. Writes nothing."""
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file.").format(path=path))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(
            _("Cannot read {path}: {reason}").format(path=path, reason=read_reason(error))
        ) from error
    if size == 0:
        return
    if header != SQLITE_HEADER:
        raise DatabaseError(_("{path} is not a Sổ Vàng database file.").format(path=path))
    try:
        connection = read_only(path)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            _("{path} is damaged and cannot be opened ({reason}).").format(path=path, reason=error)
        ) from error


def integrity_problems(connection: sqlite3.Connection, quick: bool = False) -> list[str]:
    """What `PRAGMA integrity_check` reports, empty when the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
    return [] if rows == ["ok"] else rows


def schema_state(path: Path) -> tuple[bool, str | None]:
    """(holds any table, Alembic revision or None), read without writing a byte."""
    if not path.exists() or path.stat().st_size == 0:
        return False, None
    connection = read_only(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return bool(tables - {"alembic_version"}), revision
    finally:
        connection.close()


def newest_revision() -> str:
    """The head schema revision, read from the migration file names ("0003_….py" → "0003").

    Revisions are numbered in order, so the largest number is the head; a test holds this equal
    to Alembic's own answer. It lets a current database open without importing Alembic.
    """
    versions = Path(__file__).resolve().parent / "migrations" / "versions"
    return max(path.name[:4] for path in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def mark_as_copy(connection: sqlite3.Connection) -> None:
    """Give a backup file a token no PC knows. Put back over the database by hand (a file copied
    in Explorer, not Sổ Vàng's restore), it is then taken for the copy it is: a new epoch before
    it writes, where it would otherwise number its changes again as the original already did."""
    connection.execute(
        "UPDATE setting SET value = ? WHERE key = ?", (secrets.token_hex(16), INSTALLATION_TOKEN_KEY)
    )
    connection.commit()
