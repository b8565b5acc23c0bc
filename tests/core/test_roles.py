"""Roles are enforced in the services: a viewer changes nothing through any of them, an officer
cannot decide, an approver can, only an administrator manages accounts, enrolment and rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from desktop.errors import PermissionDenied, ValidationError
from desktop.models import AuditEntry, Person, Proposal, User
from desktop.rules.parameters import shipped_document
from desktop.services import accounts, office, people, proposal_workflow, releases, units
from desktop.services.accounts import LoginError, authenticate
from desktop.services.backups import make_backup, restore_backup
from desktop.sync import cards
from tests.conftest import ADMIN_PASSWORD
from tests.dump import dump

PASSWORD = "matkhau-vai-tro"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def staffed(demo_db):
    for name, role in (("xem", "viewer"), ("canbo", "officer"), ("duyet", "approver")):
        accounts.create_account(demo_db, "admin", name, name.title(), role, PASSWORD)
    return demo_db


def a_person(db):
    with db.session() as session:
        return session.scalars(select(Person).order_by(Person.full_name).limit(1)).one()


def an_open_proposal(db, status: str = "submitted"):
    with db.session() as session:
        return session.scalars(select(Proposal.id).where(Proposal.status == status).limit(1)).first()


def test_a_viewer_changes_nothing_through_any_service_or_statement(staffed):
    before = dump(staffed)
    someone = a_person(staffed)
    attempts = [
        lambda: people.create_person(staffed, "xem", people.PersonFields(full_name="Lò Văn Mới")),
        lambda: people.update_person(staffed, "xem", someone.id, people.PersonFields(full_name="Đổi Tên")),
        lambda: units.add_village(staffed, "xem", "Bản Mới"),
        lambda: office.save_office_settings(
            staffed, "xem", dataclasses.replace(office.office_settings(staffed), signer_name="Hoàng Văn Ký")
        ),
        lambda: proposal_workflow.return_proposal(
            staffed, "xem", an_open_proposal(staffed, "draft"), "Thiếu hồ sơ"
        ),
        lambda: accounts.create_account(staffed, "xem", "moi", "Mới", "admin", PASSWORD),
    ]

    def raw(statement):
        def attempt():
            with staffed.transaction("xem") as session:
                session.execute(statement)

        return attempt

    attempts += [
        raw(delete(Person)),
        raw(update(Person).values(full_name="X")),
        raw(insert(AuditEntry).values(action="x", username="xem", at=dt.datetime(2026, 1, 1))),
        raw(text("DROP TABLE person")),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert dump(staffed) == before
    # the guard belongs to the viewer's transaction only: the officer next on the same connection writes
    people.create_person(staffed, "canbo", people.PersonFields(full_name="Lò Văn Mới"))
    assert dump(staffed) != before


def test_a_viewer_can_still_read_sign_in_and_change_their_own_password(staffed):
    with staffed.transaction("xem") as session:
        assert session.scalar(select(func.count()).select_from(Person)) > 0
    assert authenticate(staffed, "xem", PASSWORD).role == "viewer"
    accounts.change_password(staffed, "xem", PASSWORD, "matkhau-moi-456")
    with pytest.raises(LoginError):
        authenticate(staffed, "xem", PASSWORD)
    assert authenticate(staffed, "xem", "matkhau-moi-456").username == "xem"


def test_deciding_needs_an_approver(staffed):
    with staffed.transaction("admin") as session:  # one sent up, whose answer is now recorded
        proposal_id = session.scalars(select(Proposal.id).limit(1)).one()
        session.execute(update(Proposal).where(Proposal.id == proposal_id).values(status="submitted"))
    for who in ("xem", "canbo"):
        with pytest.raises(PermissionDenied, match="Người phê duyệt"):
            proposal_workflow.reject(staffed, who, proposal_id, "Không đủ thành tích")
    proposal_workflow.reject(staffed, "duyet", proposal_id, "Không đủ thành tích")
    with staffed.session() as session:
        assert session.get(Proposal, proposal_id).status == "rejected"


def test_only_an_administrator_manages_accounts_sites_rules_and_restores(staffed, province_db, tmp_path):
    for who in ("canbo", "duyet"):
        with pytest.raises(PermissionDenied, match="Quản trị viên"):
            accounts.create_account(staffed, who, "khac", "Khác", "viewer", PASSWORD)
        with pytest.raises(PermissionDenied):
            accounts.reset_password(staffed, who, "xem", "matkhau-dat-lai")
        with pytest.raises(PermissionDenied):
            cards.enroll(staffed, who, cards.own_card(province_db))
    if staffed.is_sqlite:  # a shared PostgreSQL database is backed up by its server, not the app
        backup = make_backup(staffed.path, tmp_path / "sao-luu.sqlite", "admin")
        staffed.close()
        with pytest.raises(PermissionDenied):
            restore_backup(staffed.path, backup, "canbo")
    accounts.create_account(province_db, "admin", "canbo", "Cán bộ", "officer", PASSWORD)
    with pytest.raises(PermissionDenied):
        newer = {**shipped_document("rule_parameters"), "version": "2030.1"}
        releases.publish(province_db, "canbo", "rule_parameters", json.dumps(newer).encode(), TODAY)


def test_an_administrator_resets_a_forgotten_password_and_deactivates_an_account(staffed):
    for _attempt in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(LoginError):
            authenticate(staffed, "canbo", "sai-mat-khau")
    with pytest.raises(LoginError, match="phút"):
        authenticate(staffed, "canbo", PASSWORD)
    accounts.reset_password(staffed, "admin", "canbo", "matkhau-dat-lai")
    assert authenticate(staffed, "canbo", "matkhau-dat-lai").role == "officer"
    accounts.set_role(staffed, "admin", "canbo", "officer", active=False)
    with pytest.raises(PermissionDenied):
        people.create_person(staffed, "canbo", people.PersonFields(full_name="Lò Văn Mới"))
    with pytest.raises(LoginError):
        authenticate(staffed, "canbo", "matkhau-dat-lai")
    with pytest.raises(ValidationError, match="quản trị viên cuối cùng"):
        accounts.set_role(staffed, "admin", "admin", "officer")
    with staffed.session() as session:
        assert session.scalar(select(User.role).where(User.username == "admin")) == "admin"
        logged = session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("user.%"))).all()
    assert {"user.create", "user.password_reset", "user.role", "user.login_failed"} <= set(logged)


def test_the_command_line_manages_accounts(commune_path, capsys, monkeypatch):
    from desktop.cli import main

    monkeypatch.setenv("SOVANG_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
    db = str(commune_path)
    assert main(["user", "add", "xem", "--role", "viewer", "--full-name", "Lò Thị Xem", "--db", db]) == 0
    assert "Đã tạo tài khoản xem" in capsys.readouterr().out
    assert main(["user", "role", "xem", "--role", "officer", "--db", db]) == 0
    assert main(["user", "deactivate", "xem", "--db", db]) == 0
    capsys.readouterr()
    assert main(["user", "list", "--db", db, "--json"]) == 0
    listed = {row["username"]: row for row in json.loads(capsys.readouterr().out)["accounts"]}
    assert listed["xem"] == {"username": "xem", "full_name": "Lò Thị Xem", "role": "officer", "active": False}
    assert main(["user", "deactivate", "admin", "--db", db]) == 1
    assert "quản trị viên cuối cùng" in capsys.readouterr().err
