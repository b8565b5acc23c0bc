"""Who may write: the unit of work of a viewer, or of a deactivated account, cannot change the
database, whatever service it goes through.

Every write of the app goes through `Database.transaction(username)`. For such an account the
transaction is made read-only in the database itself (SQLite's `query_only`, PostgreSQL's
`SET TRANSACTION READ ONLY`), so no ORM flush, bulk statement or raw SQL inside it can write. No
name, or a name that is no account, is refused outright: never taken for full rights. What the
application does by itself goes through `Database.application_transaction`.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.codes import UserRole
from desktop.errors import PermissionDenied
from desktop.i18n import _
from desktop.models import User

RANK = {UserRole.VIEWER: 0, UserRole.OFFICER: 1, UserRole.APPROVER: 2, UserRole.ADMIN: 3}


def account(session: Session, username: str | None) -> tuple[str, bool] | None:
    """(role, active) of the account called `username`, or None when no account has that name."""
    if not username:
        return None
    row = session.execute(select(User.role, User.active).where(User.username == username)).first()
    return None if row is None else (row.role, row.active)


def read_only(session: Session, username: str | None) -> bool:
    """Whether `username`'s work may only read; PermissionDenied for no name or no account."""
    found = account(session, username)
    if found is None:
        raise unknown_account(username)
    return found[0] == UserRole.VIEWER or not found[1]


def unknown_account(username: str | None) -> PermissionDenied:
    if not username:
        return PermissionDenied(_("Sign in first: this needs an account."))
    return PermissionDenied(_("No account is called “{name}”.").format(name=username))


def forbid_writes(session: Session) -> object | None:
    """Make the session's transaction read-only; returns what `allow_writes` needs to undo it."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(text("SET TRANSACTION READ ONLY"))  # ends with the transaction
        return None
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA query_only = ON")  # type: ignore[union-attr]  # set within the transaction
    return raw


def allow_writes(raw: object | None) -> None:
    """SQLite's switch belongs to the pooled connection, not the transaction: turn it back off."""
    if raw is not None:
        raw.execute("PRAGMA query_only = OFF")  # type: ignore[attr-defined]  # the DB-API connection


WRITER_LOCK = 0x536F56616E67
"""PostgreSQL advisory lock key ("SoVang" in ASCII) of the writer's turn."""


def take_writer_turn(session: Session) -> None:
    """On a shared PostgreSQL database, wait until no other PC's write transaction is open.

    Every write extends chains that must stay single: the site's change sequence (a receiver
    takes only contiguous numbers), its clock, the audit trail's hashes, the register numbers.
    SQLite lets one writer in at a time by nature; several PCs on one server take turns here,
    until their transaction ends. Taken before anything is read, so each turn starts from what
    the one before committed."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})


def refused_write(error: Exception) -> bool:
    """Whether a database error is the read-only guard refusing a write."""
    text_of = str(getattr(error, "orig", error)).lower()
    return "readonly" in text_of or "read-only" in text_of
