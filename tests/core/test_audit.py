"""The audit trail is chained: editing or removing an entry is detected."""

import datetime as dt

from sqlalchemy import text

from desktop.services.accounts import create_account
from desktop.services.audit_log import AuditFilter, audit_rows, audit_users, trail_breaks
from desktop.services.maintenance import check_database
from desktop.services.people import PersonFields, create_person, update_person


def test_writes_are_audited_and_the_chain_verifies(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.session() as session:
        actions = [row[0] for row in session.execute(text("SELECT action FROM audit_entry ORDER BY id"))]
    assert actions[0] == "site.init" and actions[-1] == "person.create"
    assert check_database(commune_db).ok


def test_an_edited_entry_breaks_the_chain(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.transaction("admin") as session:
        session.execute(text("UPDATE audit_entry SET username = 'someone-else' WHERE action = 'site.init'"))
    problems = check_database(commune_db).problems
    assert any("audit entry" in problem for problem in problems)


def test_a_removed_entry_breaks_the_chain(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    with commune_db.transaction("admin") as session:
        session.execute(
            text(
                "DELETE FROM audit_entry WHERE action = 'person.create' AND id = "
                "(SELECT min(id) FROM audit_entry WHERE action = 'person.create')"
            )
        )
    assert not check_database(commune_db).ok


def _break_count(db) -> int:
    from desktop.services.audit import verify_chain

    with db.session() as session:
        return len(verify_chain(session))


def test_removing_the_newest_entries_is_detected(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    assert _break_count(commune_db) == 0
    with commune_db.transaction("admin") as session:
        session.execute(text("DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)"))
    assert _break_count(commune_db) == 1


def test_reordered_entries_are_detected(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    with commune_db.transaction("admin") as session:
        first, second = session.execute(text("SELECT id FROM audit_entry ORDER BY id DESC LIMIT 2")).scalars()
        session.execute(text("UPDATE audit_entry SET id = -1 WHERE id = :a"), {"a": first})
        session.execute(text("UPDATE audit_entry SET id = :a WHERE id = :b"), {"a": first, "b": second})
        session.execute(text("UPDATE audit_entry SET id = :b WHERE id = -1"), {"b": second})
    assert _break_count(commune_db) > 0


def test_audit_verify_on_the_command_line(commune_path, capsys):
    from desktop.cli import main
    from desktop.db import Database

    db = str(commune_path)
    assert main(["audit", "verify", "--db", db]) == 0
    assert "không có mục nào bị sửa, xóa hay đảo thứ tự" in capsys.readouterr().out
    opened = Database.open(commune_path)
    with opened.transaction("admin") as session:
        session.execute(text("UPDATE audit_entry SET details = '{}' WHERE action = 'site.init'"))
    opened.close()
    assert main(["audit", "verify", "--db", db]) == 1
    assert "nội dung đã bị sửa" in capsys.readouterr().out


def test_an_edit_is_logged_with_what_each_field_was_and_became(commune_db):
    person = create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    update_person(commune_db, "admin", person.id, PersonFields(full_name="Bế Văn Đàm", birth_year=1980))

    rows = audit_rows(commune_db, AuditFilter(record_ids=[str(person.id)]))

    assert [row.action for row in rows] == ["person.update", "person.create"]
    edit = rows[0]
    assert edit.what == "Cá nhân: sửa" and edit.record_name == "Bế Văn Đàm"
    assert set(edit.changes) == {("full_name", "Bế Văn Đàn", "Bế Văn Đàm"), ("birth_year", "***", "***")}
    assert rows[1].changes == []  # a new record has no "before"


def test_the_log_is_filtered_by_user_and_period(commune_db):
    create_account(commune_db, "admin", "canbo", "Cán Bộ", "officer", "matkhau-can-bo")
    create_person(commune_db, "canbo", PersonFields(full_name="Ma Thị Lụa"))
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))

    by_officer = audit_rows(commune_db, AuditFilter(username="canbo"))
    assert [(row.action, row.record_name) for row in by_officer] == [("person.create", "Ma Thị Lụa")]
    today = dt.date.today()
    assert len(audit_rows(commune_db, AuditFilter(since=today, until=today))) >= 3
    assert audit_rows(commune_db, AuditFilter(since=today + dt.timedelta(days=1))) == []
    assert audit_rows(commune_db, AuditFilter(until=today - dt.timedelta(days=1))) == []
    assert "canbo" in audit_users(commune_db)


def test_the_log_viewer_names_where_the_trail_was_tampered_with(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    assert trail_breaks(commune_db) == []
    with commune_db.transaction("admin") as session:
        session.execute(text("UPDATE audit_entry SET username = 'ke-gian' WHERE action = 'person.create'"))
    breaks = trail_breaks(commune_db)
    assert len(breaks) == 1 and breaks[0].startswith("mục ") and "bị sửa" in breaks[0]


def _rebuild_chain(db, keep_head: bool = True) -> None:
    """What someone with the file and this project's code can do: recompute every hash after an
    edit, and the head with them."""
    from desktop.models import AuditEntry, Setting
    from desktop.services import audit

    with db.application_transaction() as session:
        previous = audit.GENESIS
        for entry in session.query(AuditEntry).order_by(AuditEntry.id):
            entry.prev_hash = previous
            entry.hash = previous = audit._digest(previous, entry)
        head = session.get(Setting, audit.HEAD_KEY)
        if keep_head:
            head.value = f"{entry.id}:{entry.hash}"
        else:
            session.delete(head)


def test_removing_the_newest_entries_with_the_head_is_detected(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.application_transaction() as session:
        session.execute(text("DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)"))
        session.execute(text("DELETE FROM setting WHERE key = 'audit.head'"))
    assert _break_count(commune_db) == 1


def test_a_chain_rebuilt_after_an_edit_is_caught_by_the_site_keys_signature(commune_db):
    from desktop.services.audit import sign_head, verify_chain
    from desktop.services.site_keys import unlock
    from tests.conftest import ADMIN_PASSWORD

    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.application_transaction() as session:  # as an exchange does with the open key
        sign_head(session, unlock(commune_db, ADMIN_PASSWORD).signing)
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    with commune_db.application_transaction() as session:
        session.execute(text("UPDATE audit_entry SET username = 'khac' WHERE action = 'person.create'"))
    _rebuild_chain(commune_db)
    with commune_db.session() as session:
        reasons = [item.reason for item in verify_chain(session)]
    assert reasons == ["entries up to the one signed with this site's key were changed or removed"]


def test_a_removed_or_forged_signature_is_a_break(commune_db):
    from desktop.services.audit import verify_chain

    assert _break_count(commune_db) == 0
    with commune_db.application_transaction() as session:
        session.execute(text("UPDATE setting SET value = value || 'x' WHERE key = 'audit.signed_head'"))
    with commune_db.session() as session:
        assert [item.reason for item in verify_chain(session)] == [
            "the signed entry does not carry this site's signature"
        ]
    with commune_db.application_transaction() as session:
        session.execute(text("DELETE FROM setting WHERE key = 'audit.signed_head'"))
    assert not check_database(commune_db).ok


def test_a_cut_after_the_last_signature_is_the_known_gap(commune_db):
    """Entries written after the last signing can be cut with the head rewritten: the upper level's
    anchors (tests/sync) and the next signing bound what is lost. Written down so that closing the
    gap shows here."""
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.application_transaction() as session:
        session.execute(text("DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)"))
    _rebuild_chain(commune_db)
    assert _break_count(commune_db) == 0
