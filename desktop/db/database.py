"""One opened database: its engine, its sessions, and the checks made when it is opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import sqlalchemy.exc
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.db import access, backup, sqlite_file
from desktop.db.engine import is_url, make_engine
from desktop.errors import DatabaseError, PermissionDenied
from desktop.i18n import _

USERNAME_KEY = "username"
"""`session.info` key of the account a session writes for."""


class ChangeLog(Protocol):
    """What the change log (`desktop.changes`, the layer above this one) does to a database."""

    def install(self, session_class: type[Session]) -> None:
        """Hook every session of this class so that each write is stamped and logged."""

    def opened(self, session: Session, path: Path) -> None:
        """A file at the current schema was opened: a copy takes a new epoch, and records written
        before the log existed are logged once, before anyone writes."""


_change_log: ChangeLog | None = None


def use_change_log(log: ChangeLog) -> None:
    """Called once, by `desktop.changes` as it is imported: this layer cannot import it."""
    global _change_log
    _change_log = log


def _log() -> ChangeLog:
    if _change_log is None:  # a database whose writes are not logged would never sync them
        raise RuntimeError("import desktop.changes before opening a database")
    return _change_log


class Database:
    """A database opened at the current schema. Services take one and open short sessions on it."""

    def __init__(self, engine: Engine, path: Path | None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        _log().install(Session)

    @classmethod
    def open(cls, target: str | Path, create: bool = False) -> Database:
        """Open a SQLite path or PostgreSQL URL, migrating it to the current schema.

        A SQLite file is checked read-only first: a missing, foreign, damaged or too-new file is
        refused with DatabaseError and left exactly as it was. An older one is backed up, then
        migrated in one transaction.
        """
        if is_url(target):
            engine = make_engine(target)
            _guarded(lambda: _migrate().ensure_current(engine))
            return cls(engine, None)
        path = Path(target)
        if not path.exists() and not create:
            raise DatabaseError(_("No database at {path}. Create one with: sovang init").format(path=path))
        if path.exists():
            sqlite_file.validate(path)
            tables_present, revision = sqlite_file.schema_state(path)
            if revision == sqlite_file.newest_revision():
                return cls._ready(make_engine(path), path)
            _migrate().refuse_unknown(revision, tables_present)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        migrate = _migrate()

        def backup_first(revision: str) -> None:
            engine.dispose()
            backup.timestamped_backup(path, f"before-upgrade-from-{revision}")

        _guarded(lambda: migrate.ensure_current(engine, before_upgrade=backup_first))
        return cls._ready(engine, path)

    @classmethod
    def _ready(cls, engine: Engine, path: Path) -> Database:
        """The file at the current schema, handed to the change log before anyone writes."""
        db = cls(engine, path)
        with db.application_transaction() as session:
            _log().opened(session, path)
        return db

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self, username: str | None = None) -> Session:
        session = self._sessions()
        session.info[USERNAME_KEY] = username
        return session

    @contextmanager
    def transaction(self, username: str | None) -> Iterator[Session]:
        """One unit of work of the account `username`: committed when the block ends, rolled back
        whole on any error.

        No name, or a name that is no account, is refused (PermissionDenied). A viewer's, or a
        deactivated account's, is read-only in the database (`access`). Any other takes the
        writer's turn first (`access.take_writer_turn`)."""
        with self.session(username) as session, session.begin():
            if not access.read_only(session, username):
                access.take_writer_turn(session)
                yield session
                return
            guard = access.forbid_writes(session)
            try:
                yield session
                session.flush()  # what it changed must meet the guard before it is lifted
            except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InternalError) as error:
                if not access.refused_write(error):
                    raise
                raise PermissionDenied(
                    _("Your account may only read records; ask an officer or the administrator.")
                ) from error
            finally:
                access.allow_writes(guard)

    @contextmanager
    def application_transaction(self) -> Iterator[Session]:
        """Work the application does by itself, for no account: the set-up that makes the first
        one, a sign-in and its count of failures, an automatic backup's entry, the change log's
        baseline at opening. Never a use case that someone starts."""
        with self.session(None) as session, session.begin():
            access.take_writer_turn(session)
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _migrate():
    """Alembic, imported only when a schema must change: a current file opens without it, which
    saves a quarter of a second at every start."""
    from desktop.db import migrate

    return migrate


def _guarded(action) -> None:
    try:
        action()
    except sqlalchemy.exc.DatabaseError as error:
        raise DatabaseError(_("The database cannot be opened: {reason}").format(reason=error.orig)) from error
