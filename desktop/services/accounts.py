"""Local accounts: signing in, with a lock after repeated failures.

A failed attempt is recorded in the audit trail with the user name typed, never the password. The
same message answers an unknown user and a wrong password, so the form does not reveal who exists.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desktop.db import Database
from desktop.errors import SoVangError
from desktop.i18n import _, ngettext
from desktop.models import User, utcnow
from desktop.services import audit

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15


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
    with db.transaction(name or None) as session:
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


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
