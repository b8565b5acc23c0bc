"""The audit trail is chained: editing or removing an entry is detected."""

from sqlalchemy import text

from desktop.services.maintenance import check_database
from desktop.services.people import PersonFields, create_person


def test_writes_are_audited_and_the_chain_verifies(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.session() as session:
        actions = [row[0] for row in session.execute(text("SELECT action FROM audit_entry ORDER BY id"))]
    assert actions[0] == "site.init" and actions[-1] == "person.create"
    assert check_database(commune_db).ok


def test_an_edited_entry_breaks_the_chain(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    with commune_db.transaction() as session:
        session.execute(text("UPDATE audit_entry SET username = 'someone-else' WHERE action = 'site.init'"))
    problems = check_database(commune_db).problems
    assert any("audit entry" in problem for problem in problems)


def test_a_removed_entry_breaks_the_chain(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    with commune_db.transaction() as session:
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
    with commune_db.transaction() as session:
        session.execute(text("DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)"))
    assert _break_count(commune_db) == 1


def test_reordered_entries_are_detected(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Bế Văn Đàn"))
    create_person(commune_db, "admin", PersonFields(full_name="Ma Thị Lụa"))
    with commune_db.transaction() as session:
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
    with opened.transaction() as session:
        session.execute(text("UPDATE audit_entry SET details = '{}' WHERE action = 'site.init'"))
    opened.close()
    assert main(["audit", "verify", "--db", db]) == 1
    assert "nội dung đã bị sửa" in capsys.readouterr().out
