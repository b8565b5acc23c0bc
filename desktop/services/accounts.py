"""Local accounts: signing in, with a lock after repeated failures; the roles and who manages them.

A failed attempt is recorded in the audit trail with the user name typed, never the password. The
same message answers an unknown user and a wrong password, so the form does not reveal who exists.

Roles, from least to most: viewer (reads, prints), officer (records the work), approver (also
decides and signs: issues and revokes decisions, approves or rejects proposals), administrator
(also manages accounts, site enrolment, published rules and restores). A viewer's work cannot write
at all (`desktop.db.access`); the higher steps are checked by `require` in the services they guard.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import UserRole
from desktop.db import Database
from desktop.db.access import RANK, account, unknown_account
from desktop.errors import NotFoundError, PermissionDenied, SoVangError, ValidationError
from desktop.i18n import _, ngettext
from desktop.labels import USER_ROLE, label
from desktop.models import User, utcnow
from desktop.services import audit
from desktop.text import search_key

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
ADMIN_MIN_PASSWORD_LENGTH = 10
"""An administrator's password also seals the site's keys and every sealed backup, which a thief
can try offline: it must resist a list of the words an office would choose."""
COMMON_WORDS = frozenset(
    {
        "abc", "abcd", "admin", "administrator", "caobang", "daubang", "hanoi", "iloveyou", "khenthuong",
        "letmein", "matkhau", "matkhaumoi", "password", "qwerty", "quantri", "quantrivien", "sovang",
        "thidua", "thiduakhenthuong", "ubnd", "ubndxa", "vanphong", "vietnam", "welcome", "xa",
    }
)  # fmt: skip
"""Words (accents, digits and signs dropped) that make a password guessable whatever is added."""
USERNAME_PATTERN = re.compile(r"^[a-z0-9_.-]{3,64}$")


class LoginError(SoVangError):
    """Signing in was refused; the message says why in the user's language."""


@dataclass(frozen=True)
class SignedInUser:
    id: uuid.UUID
    username: str
    full_name: str
    role: str


def authenticate(db: Database, username: str, password: str, now: dt.datetime | None = None) -> SignedInUser:
    """The account if the password matches; LoginError otherwise (and after 5 failures, for 15 min).

    A failure is committed to the audit trail before it is raised.
    """
    now = now or utcnow()
    name = username.strip().lower()
    wrong = _("The user name or the password is wrong.")
    with db.application_transaction() as session:  # the sign-in itself, which also counts a viewer's failures
        user = session.scalars(select(User).where(User.username == name)).first()
        if user is not None and user.locked_until is not None and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            raise LoginError(
                ngettext(
                    "Too many failed attempts; try again in {n} minute.",
                    "Too many failed attempts; try again in {n} minutes.",
                    minutes,
                ).format(n=minutes)
            )
        if user is not None and user.active and password_matches(user.password_hash, password):
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            audit.record(session, "user.login", name, "app_user", user.id)
            return SignedInUser(user.id, user.username, user.full_name, user.role)
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
        audit.record(session, "user.login_failed", name or None, "app_user", user.id if user else None)
    raise LoginError(wrong)


def authenticate_administrator(db: Database, password: str, now: dt.datetime | None = None) -> SignedInUser:
    """The command line's administrator: the active administrator account whose password this is.

    Signed in as `authenticate` does, so the audit trail names that account and a wrong password
    counts towards the lock of the (first) administrator, as it would in the window."""
    with db.session() as session:
        admins = session.execute(
            select(User.username, User.password_hash)
            .where(User.role == UserRole.ADMIN.value, User.active.is_(True))
            .order_by(User.username)
        ).all()
    name = next((row.username for row in admins if password_matches(row.password_hash, password)), None)
    return authenticate(db, name or (admins[0].username if admins else ""), password, now)


def hash_password(password: str) -> str:
    return PasswordHasher().hash(password)


def check_account(username: str, password: str, role: str | None = None) -> str:
    """The user name as stored (trimmed, lower case), or ValidationError for a bad name or password
    (an administrator's held to `check_administrator_password`)."""
    name = username.strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise ValidationError(
            "admin", _("A user name has 3 to 64 letters a–z, digits, dots, dashes or underscores.")
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password",
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH),
        )
    if role == UserRole.ADMIN:
        check_administrator_password(name, password)
    return name


def check_administrator_password(name: str, password: str) -> None:
    """ValidationError unless the password has 10 characters or more, of two kinds at least
    (letters, digits, other signs), and is neither the user name nor a common word with digits."""
    kinds = sum(
        (
            any(char.isalpha() for char in password),
            any(char.isdigit() for char in password),
            any(not char.isalnum() for char in password),
        )
    )
    letters = re.sub(r"[^a-z]", "", search_key(password).replace(" ", ""))
    if (
        len(password) < ADMIN_MIN_PASSWORD_LENGTH
        or kinds < 2
        or letters in COMMON_WORDS
        or name.replace(".", "").replace("-", "").replace("_", "") in letters
    ):
        raise ValidationError(
            "password",
            _(
                "An administrator's password protects the site's keys and its backups: it needs at "
                "least {n} characters, letters with digits or signs, and not a common word or the user "
                "name (for example three words: “suoi-da-trang-2026”)."
            ).format(n=ADMIN_MIN_PASSWORD_LENGTH),
        )


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def require(session: Session, username: str | None, minimum: UserRole) -> None:
    """PermissionDenied unless `username` is an active account whose role is `minimum` or higher.
    No name, or a name that is no account, is refused: the command line signs in as the account
    whose password it is given, as the window does."""
    found = account(session, username)
    if found is None:
        raise unknown_account(username)
    role, active = found
    if not active or RANK[UserRole(role)] < RANK[minimum]:
        raise PermissionDenied(
            _("This needs the role “{needed}”; your account is “{role}”.").format(
                needed=label(USER_ROLE, minimum), role=label(USER_ROLE, role)
            )
        )


def allowed(db: Database, username: str | None, minimum: UserRole) -> bool:
    """Whether `username` may do what needs `minimum`, so screens offer only what services allow."""
    with db.session() as session:
        try:
            require(session, username, minimum)
        except PermissionDenied:
            return False
    return True


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None


def accounts(db: Database) -> list[Account]:
    with db.session() as session:
        return [
            Account(u.username, u.full_name, u.role, u.active, u.locked_until, u.last_login_at)
            for u in session.scalars(select(User).order_by(User.username))
        ]


def create_account(
    db: Database, username: str | None, name: str, full_name: str, role: str, password: str
) -> Account:
    """A new account, made by an administrator."""

    role = _role(role)
    clean = check_account(name, password, role)
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        if session.scalars(select(User.id).where(User.username == clean)).first() is not None:
            raise ValidationError(
                "username", _("An account called {name} exists already.").format(name=clean)
            )
        user = User(
            username=clean, full_name=full_name.strip(), role=role, password_hash=hash_password(password)
        )
        session.add(user)
        session.flush()
        audit.record(session, "user.create", username, "app_user", user.id, {"role": role})
        return Account(user.username, user.full_name, user.role, True, None, None)


def change_password(db: Database, name: str, old_password: str, new_password: str) -> None:
    """The account's own change: the current password must be given."""

    clean = check_account(name, new_password)
    with db.application_transaction() as session:  # a viewer changes their own password too
        user = _user(session, clean)
        if not password_matches(user.password_hash, old_password):
            raise ValidationError("password", _("The current password is wrong."))
        check_account(clean, new_password, user.role)
        user.password_hash = hash_password(new_password)
        audit.record(session, "user.password_changed", clean, "app_user", user.id)


def reset_password(db: Database, username: str | None, name: str, new_password: str) -> None:
    """An administrator sets a new password (a forgotten one) and lifts a lock-out."""

    clean = check_account(name, new_password)
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        user = _user(session, clean)
        check_account(clean, new_password, user.role)
        user.password_hash = hash_password(new_password)
        user.failed_logins, user.locked_until = 0, None
        audit.record(session, "user.password_reset", username, "app_user", user.id)


def set_role(db: Database, username: str | None, name: str, role: str, active: bool = True) -> None:
    """An administrator changes an account's role, or deactivates it (never deletes: the audit
    trail keeps naming it). The last active administrator stays one."""
    role = _role(role)
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        user = _user(session, name.strip().lower())
        if user.role == UserRole.ADMIN and (role != UserRole.ADMIN or not active):
            admins = session.scalars(
                select(User.id).where(User.role == UserRole.ADMIN.value, User.active.is_(True))
            ).all()
            if admins == [user.id]:
                raise ValidationError("role", _("This is the last administrator; make another one first."))
        before = {"role": user.role, "active": user.active}
        user.role, user.active = role, active
        audit.record(
            session,
            "user.role",
            username,
            "app_user",
            user.id,
            {"before": before, "role": role, "active": active},
        )


def _role(role: str) -> str:
    if role not in {r.value for r in UserRole}:
        raise ValidationError("role", _("Unknown role: {role}.").format(role=role))
    return role


def _user(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.username == name)).first()
    if user is None:
        raise NotFoundError(_("No account is called {name}.").format(name=name))
    return user
