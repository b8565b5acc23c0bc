"""The `sovang` command contract: exit codes, messages, JSON (design.md §6)."""

import json

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.services.site import site_info
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_demo_check_search_on_a_new_file(tmp_path, capsys):
    db = tmp_path / "xa.sqlite"
    assert run(capsys, "init", "--db", db, "--role", "commune", "--unit", "1290", "--admin", "admin")[0] == 0
    code, out, _err = run(capsys, "demo", "--db", db, "--seed", "1", "--persons", "60")
    assert code == 0 and "Cá nhân: 60" in out
    code, out, _err = run(capsys, "check", "--db", db, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["counts"]["people"] == 60
    code, out, _err = run(capsys, "search", "--db", db, "nguyen van duc")
    assert code == 0 and "Nguyễn Văn Đức" in out


def test_options_before_the_command_are_kept(tmp_path, capsys, commune_path):
    code, out, _err = run(capsys, "--db", commune_path, "--json", "search", "khong co")
    assert code == 0 and json.loads(out)["results"] == []


def test_english_on_request(capsys, commune_path):
    code, out, _err = run(capsys, "search", "--db", commune_path, "--lang", "en", "nobody")
    assert code == 0 and out.strip() == "Nothing found."


def test_a_non_database_file_gets_one_line_and_exit_2_and_stays_untouched(tmp_path, capsys):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("đây là ghi chú, không phải cơ sở dữ liệu")
    before = bad.read_bytes()
    for command in (["check"], ["search", "x"], ["demo"], ["backup", "--out", tmp_path / "b.sqlite"]):
        code, _out, err = run(capsys, *command, "--db", bad)
        assert code == 2 and len(err.strip().splitlines()) == 1, command
    assert bad.read_bytes() == before


def test_invalid_input_is_rejected_naming_the_field(tmp_path, capsys, commune_path):
    code, _out, err = run(
        capsys,
        "init",
        "--db",
        tmp_path / "x.sqlite",
        "--role",
        "commune",
        "--unit",
        "99999",
        "--admin",
        "admin",
    )
    assert code == 1 and "unit" in err
    code, _out, err = run(capsys, "demo", "--db", commune_path, "--persons", "3")
    assert code == 1 and "persons" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["search"])
    assert caught.value.code == 2


def test_check_fails_with_exit_1_on_a_tampered_database(capsys, commune_path):
    import sqlite3

    connection = sqlite3.connect(commune_path)
    connection.execute("UPDATE audit_entry SET action = 'forged'")
    connection.commit()
    connection.close()
    code, out, _err = run(capsys, "check", "--db", commune_path)
    assert code == 1 and "Cơ sở dữ liệu có lỗi." in out


def test_backup_and_restore_commands(tmp_path, capsys, commune_path):
    out_file = tmp_path / "sao-luu.sqlite"
    assert run(capsys, "backup", "--db", commune_path, "--out", out_file)[0] == 0
    before = site_info(Database.open(commune_path)).epoch
    code, out, _err = run(capsys, "restore", "--db", commune_path, out_file, "--json")
    assert code == 0 and json.loads(out)["epoch"] > before


def test_an_unknown_screen_is_a_usage_error(capsys, commune_path):
    code, _out, err = run(capsys, "gui", "--db", commune_path, "--page", "bogus", "--screenshot", "x.png")
    assert code == 2 and "bogus" in err and "overview" in err


def test_a_file_that_cannot_be_read_is_named_with_the_reason_in_vietnamese(tmp_path, capsys, commune_path):
    code, _out, err = run(capsys, "sync", "enroll", "--db", commune_path, tmp_path / "tinh.card")
    assert code == 2 and "Không đọc được" in err and "không có tệp này" in err
    assert "No such file" not in err
    code, _out, err = run(capsys, "sync", "export", "--db", commune_path, "--to", tmp_path, "--out", tmp_path)
    assert code == 2 and "đây là thư mục, không phải tệp" in err
    code, _out, err = run(capsys, "eligibility", "--input", tmp_path / "ho-so.json", "--lang", "en")
    assert code == 2 and "there is no such file" in err
