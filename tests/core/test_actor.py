"""Who acts is always an account someone signed in as: the services refuse no name and unknown
names, and the command line asks for a password before any command that writes, names the real
account in the audit trail, and leaves no file behind when it refuses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.errors import PermissionDenied
from desktop.models import AuditEntry
from desktop.rules.parameters import shipped_document
from desktop.services import accounts, office, people, proposal_workflow, releases, units
from desktop.services.backups import make_backup
from desktop.services.site_keys import unlock
from desktop.sync import cards
from tests.conftest import ADMIN_PASSWORD, db_argument
from tests.dump import dump

PASSWORD = "matkhau-nguoi-dung"


@pytest.fixture
def staffed(demo_db):
    for name, role in (("xem", "viewer"), ("canbo", "officer")):
        accounts.create_account(demo_db, "admin", name, name.title(), role, PASSWORD)
    return demo_db


@pytest.mark.parametrize("who", [None, "", "cli", "nobody", "ADMIN "])
def test_no_name_or_a_name_that_is_no_account_is_refused_by_every_service(staffed, who, tmp_path):
    before = dump(staffed)
    with staffed.session() as session:
        someone = session.scalars(select(people.Person.id).limit(1)).one()
    release = json.dumps({**shipped_document("base_salary"), "version": "2099.1"}).encode()
    attempts = [
        lambda: people.create_person(staffed, who, people.PersonFields(full_name="Lò Văn Mới")),
        lambda: people.update_person(staffed, who, someone, people.PersonFields(full_name="Đổi Tên")),
        lambda: units.add_village(staffed, who, "Bản Mới"),
        lambda: office.save_office_settings(
            staffed, who, dataclasses.replace(office.office_settings(staffed), signer_name="Hoàng Văn Ký")
        ),
        lambda: proposal_workflow.reject(staffed, who, someone, "Không đủ thành tích"),
        lambda: accounts.create_account(staffed, who, "moi", "Mới", "admin", PASSWORD),
        lambda: accounts.reset_password(staffed, who, "canbo", "matkhau-dat-lai"),
        lambda: releases.publish(staffed, who, "base_salary", release, dt.date.today()),
        lambda: cards.revoke(staffed, who, someone, "Máy bị mất"),
    ]
    if staffed.path is not None:  # the app's own backups are of SQLite files
        attempts.append(lambda: make_backup(staffed.path, tmp_path / "sao-luu.sqlite", who))
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert dump(staffed) == before
    assert not (tmp_path / "sao-luu.sqlite").exists()


def _files(folder) -> list:
    """What a command left in `folder`, beside the app's own data folder (logs, the PC's file marks)."""
    return sorted(path for path in folder.iterdir() if path.name != "data")


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _audited(db) -> list[tuple[str, str | None]]:
    with db.session() as session:
        return [
            (row.action, row.username) for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_every_command_that_writes_is_refused_without_the_password_and_writes_nothing(
    staffed, tmp_path, capsys, monkeypatch
):
    db = db_argument(staffed)
    salary = tmp_path / "luong.json"
    salary.write_text(json.dumps({**shipped_document("base_salary"), "version": "2099.1"}))
    people_list = tmp_path / "ca-nhan.xlsx"
    assert run(capsys, "excel", "export", "people", "--db", db, "--out", people_list)[0] == 0
    commands = [
        ["demo", "--persons", "40"],
        ["backup", "--out", tmp_path / "sao-luu.sqlite"],
        ["restore", tmp_path / "sao-luu.sqlite"],
        ["excel", "import", "people", people_list, "--commit"],
        ["excel", "export", "people", "--with-sensitive", "--out", tmp_path / "dan-toc.xlsx"],
        ["sync", "export", "--to", "00000000-0000-0000-0000-000000000001", "--out", tmp_path / "usb"],
        ["sync", "import", tmp_path / "goi.zip"],
        ["sync", "enroll", tmp_path / "tinh.card"],
        ["sync", "revoke", "00000000-0000-0000-0000-000000000001", "--reason", "Mất máy"],
        ["rules", "publish", "base_salary", salary],
        ["user", "add", "moi", "--role", "viewer"],
        ["user", "reset", "canbo"],
        ["user", "deactivate", "canbo"],
        ["serve", "--port", "1"],
    ]
    before, files = dump(staffed), _files(tmp_path)
    monkeypatch.setenv("SOVANG_NEW_PASSWORD", PASSWORD)
    for password in ("sai-mat-khau", None):
        if password is None:  # neither the variable nor a terminal to type it at
            monkeypatch.delenv("SOVANG_ADMIN_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", password)
        for command in commands:
            code, _out, err = run(capsys, *command, "--db", db)
            refusal = (
                "SOVANG_ADMIN_PASSWORD" if password is None else "mật khẩu không đúng|Nhập sai quá nhiều lần"
            )
            assert code in (1, 2) and re.search(refusal, err), (command, err)
    assert _files(tmp_path) == files
    trail = _audited(staffed)
    assert ("user.login_failed", "admin") in trail and not any(action == "user.login" for action, _ in trail)
    counted = ("audit_entry:", "app_user:", "setting: ('audit.head'")  # the failed sign-ins, counted
    assert [row for row in dump(staffed) if not row.startswith(counted)] == [
        row for row in before if not row.startswith(counted)
    ]


def test_reading_commands_need_no_password(staffed, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOVANG_ADMIN_PASSWORD", raising=False)
    db = db_argument(staffed)
    assert run(capsys, "search", "--db", db, "nguyen")[0] == 0
    assert run(capsys, "check", "--db", db)[0] == 0
    assert run(capsys, "excel", "export", "people", "--db", db, "--out", tmp_path / "ds.xlsx")[0] == 0
    assert run(capsys, "print", "public-list", "--db", db, "--out", tmp_path / "ds.pdf")[0] == 0
    assert run(capsys, "rules", "show", "--db", db)[0] == 0
    assert run(capsys, "user", "list", "--db", db)[0] == 0


@pytest.fixture
def province(staffed, province_db, tmp_path):
    """The province, enrolled at the commune, so that a bundle can be written for it."""
    card = tmp_path / "tinh.card"
    cards.write_card(card, cards.own_card(province_db), unlock(province_db, ADMIN_PASSWORD))
    enrolled = cards.enroll(staffed, "admin", cards.read_card(card.read_bytes()))
    card.unlink()
    return enrolled


def test_the_audit_trail_names_the_account_that_gave_its_password(
    staffed, province, tmp_path, capsys, monkeypatch
):
    db = db_argument(staffed)
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("SOVANG_NEW_PASSWORD", PASSWORD)
    assert run(capsys, "user", "add", "duyet", "--role", "approver", "--db", db)[0] == 0
    monkeypatch.setenv("SOVANG_PASSWORD", PASSWORD)
    usb = tmp_path / "usb"
    assert (
        run(capsys, "sync", "export", "--user", "canbo", "--to", province.id, "--out", usb, "--db", db)[0]
        == 0
    )
    assert len(list(usb.iterdir())) == 1
    trail = _audited(staffed)
    assert ("user.create", "admin") in trail and ("sync.export", "canbo") in trail
    assert ("user.login", "admin") in trail and ("user.login", "canbo") in trail


def test_a_viewer_refused_a_bundle_leaves_none(staffed, province, tmp_path, capsys, monkeypatch):
    db = db_argument(staffed)
    monkeypatch.setenv("SOVANG_PASSWORD", PASSWORD)
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)  # opens the keys; xem acts
    files = _files(tmp_path)
    code, _out, err = run(
        capsys, "sync", "export", "--user", "xem", "--to", province.id, "--out", tmp_path / "usb", "--db", db
    )
    assert code == 1 and "Cán bộ" in err
    assert _files(tmp_path) == files


@pytest.mark.sqlite_file
def test_a_viewer_refused_a_backup_leaves_no_copy(staffed, tmp_path, capsys, monkeypatch):
    db = db_argument(staffed)
    monkeypatch.setenv("SOVANG_PASSWORD", PASSWORD)
    files = _files(tmp_path)
    code, _out, err = run(capsys, "backup", "--user", "xem", "--out", tmp_path / "sao-luu.sqlite", "--db", db)
    assert code == 1 and "Cán bộ" in err
    assert _files(tmp_path) == files
    assert run(capsys, "backup", "--user", "canbo", "--out", tmp_path / "sao-luu.sqlite", "--db", db)[0] == 0
    assert ("backup.create", "canbo") in _audited(staffed)
