"""Signing in: the right password opens, wrong ones are counted, five lock the account."""

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry
from desktop.services.accounts import MAX_FAILED_LOGINS, LoginError, authenticate
from tests.conftest import ADMIN_PASSWORD


def _actions(db) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_right_password_signs_in_and_is_audited(commune_db):
    user = authenticate(commune_db, " Admin ", ADMIN_PASSWORD)
    assert (user.username, user.role) == ("admin", "admin")
    assert _actions(commune_db)[-1] == "user.login"


def test_unknown_user_and_wrong_password_get_the_same_message(commune_db):
    with pytest.raises(LoginError) as unknown:
        authenticate(commune_db, "nobody", ADMIN_PASSWORD)
    with pytest.raises(LoginError) as wrong:
        authenticate(commune_db, "admin", "sai-mat-khau")
    assert str(unknown.value) == str(wrong.value) == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert _actions(commune_db)[-2:] == ["user.login_failed", "user.login_failed"]


def test_repeated_failures_lock_the_account_even_against_the_right_password(commune_db):
    now = dt.datetime(2026, 11, 22, 8, 0)
    for _attempt in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginError):
            authenticate(commune_db, "admin", "sai-mat-khau", now=now)
    with pytest.raises(LoginError) as locked:
        authenticate(commune_db, "admin", ADMIN_PASSWORD, now=now + dt.timedelta(minutes=1))
    assert "15 phút" in str(locked.value)
    user = authenticate(commune_db, "admin", ADMIN_PASSWORD, now=now + dt.timedelta(minutes=16))
    assert user.username == "admin"
