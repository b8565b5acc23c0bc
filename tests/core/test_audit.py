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
