"""Name search: accents optional, any part of a name, index kept current on every write."""

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from desktop.db import Database, migrate
from desktop.models import Person
from desktop.services.maintenance import check_database
from desktop.services.people import PersonFields, create_person, update_person
from desktop.services.search import MODELS, name_condition, search


def _titles(db, query, **kwargs):
    return [hit.title for hit in search(db, query, **kwargs)]


def test_finds_a_name_with_or_without_accents_in_any_case(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Nguyễn Văn Đức"))
    create_person(commune_db, "admin", PersonFields(full_name="Nguyễn Thị Hoa"))
    for query in ("nguyen van duc", "NGUYỄN VĂN ĐỨC", "Nguyen   Van  Duc", "đức", "duc nguyen"):
        assert _titles(commune_db, query) == ["Nguyễn Văn Đức"], query


def test_finds_by_the_start_of_any_word(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Giàng A Páo"))
    create_person(commune_db, "admin", PersonFields(full_name="Giàng Thị Mỷ"))
    assert _titles(commune_db, "gia") == ["Giàng A Páo", "Giàng Thị Mỷ"]
    assert _titles(commune_db, "giang p") == ["Giàng A Páo"]
    assert _titles(commune_db, "ang") == []  # inside a word is not a word start
    assert _titles(commune_db, "") == []


def test_renaming_and_deleting_keep_the_index_current(commune_db):
    person = create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    update_person(commune_db, "admin", person.id, PersonFields(full_name="Lò Văn Pằng"))
    assert _titles(commune_db, "pom") == []
    assert _titles(commune_db, "pang") == ["Lò Văn Pằng"]
    with commune_db.transaction("admin") as session:
        session.execute(
            update(Person).where(Person.id == person.id).values(deleted_at=dt.datetime(2026, 5, 1))
        )
    assert _titles(commune_db, "pang") == []
    assert check_database(commune_db).ok


def test_finds_collectives_and_decisions(demo_db):
    kinds = {hit.kind for hit in search(demo_db, "truong")}
    assert "collective" in kinds
    decisions = search(demo_db, "lao dong tien tien 2019", kinds=("decision",))
    assert decisions and all("2019" in hit.detail for hit in decisions)


def test_results_are_capped(demo_db):
    assert len(search(demo_db, "thi", limit=5)) == 5


def test_the_demo_has_its_tdkt_officer(demo_db):
    hits = search(demo_db, "nguyen van duc", kinds=("person",))
    assert "Nguyễn Văn Đức" in [hit.title for hit in hits]


def test_the_index_of_an_older_database_is_rebuilt_with_whole_word_prefixes(commune_path):
    """Revision 0002 recreates the index from the names already recorded; none is lost."""
    db = Database.open(commune_path)
    create_person(db, "admin", PersonFields(full_name="Hoàng Thị Nguyệt"))
    migrate.downgrade(db.engine, "0001")
    db.close()
    db = Database.open(commune_path)
    with db.engine.connect() as connection:
        ddl = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")).scalar()
    assert "prefix='2 3 4 5 6'" in ddl
    assert _titles(db, "hoang nguyet") == ["Hoàng Thị Nguyệt"]
    assert check_database(db).ok
    db.close()


def test_on_postgresql_the_words_typed_are_looked_up_in_the_trigram_index(commune_db):
    if commune_db.is_sqlite:
        pytest.skip("SQLite answers from its FTS5 index")

    for kind, model in MODELS.items():
        with commune_db.session() as session:
            session.execute(text("SET LOCAL enable_seqscan = off"))  # a small table would be read whole
            query = select(model.id).where(name_condition(session, kind, "nguyen van"))
            compiled = query.compile(
                dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
            )
            plan = "\n".join(session.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert f"ix_{kind}_name_key_trigram" in plan, plan
