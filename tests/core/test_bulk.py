"""Bulk inserts read back exactly what the ORM would have written, on SQLite and PostgreSQL."""

import datetime as dt
import uuid

from sqlalchemy import select, text

from desktop.db.bulk import insert_rows
from desktop.models import Person, Site, utcnow


def _row(site_unit: uuid.UUID, number: int, **extra: object) -> dict:
    return {
        "id": uuid.uuid4(),
        "full_name": f"Hoàng Thị Mến {number}",
        "name_key": f"hoang thi men {number}",
        "gender": "female",
        "birth_date": dt.date(1980, 2, number),
        "birth_year": 1980,
        "occupation": "farmer",
        "notes": None,
        "owner_unit_id": site_unit,
        "row_version": 1,
        **extra,
    }


def test_rows_go_in_with_every_type_converted_and_python_defaults_filled(commune_db):
    when = dt.datetime(2026, 11, 2, 7, 30, 15, 123456)
    with commune_db.transaction("admin") as session:
        unit = session.scalars(select(Site.home_unit_id)).one()
        complete = [_row(unit, number, created_at=when, updated_at=when) for number in (1, 2, 3)]
        without_stamps = [_row(unit, 4)]
        insert_rows(session.connection(), Person.__table__, complete)
        insert_rows(session.connection(), Person.__table__, without_stamps)
        insert_rows(session.connection(), Person.__table__, [])
    with commune_db.session() as session:
        people = {person.id: person for person in session.scalars(select(Person))}
    for row in complete:
        person = people[row["id"]]
        assert (person.full_name, person.birth_date, person.owner_unit_id, person.created_at) == (
            row["full_name"],
            row["birth_date"],
            unit,
            when,
        )
        assert person.notes is None
    stamped = people[without_stamps[0]["id"]]
    assert abs(stamped.created_at - utcnow()) < dt.timedelta(minutes=5)
    assert stamped.full_name == "Hoàng Thị Mến 4"


def test_dates_and_times_are_stored_exactly_as_the_orm_stores_them(commune_db):
    """The faster conversion of SQLite dates and times must write the very text SQLAlchemy
    writes, or lookups and ordering by them would mix two spellings."""
    times = [
        dt.datetime(2026, 11, 2, 7, 30, 15, 123456),
        dt.datetime(2026, 11, 2, 7, 30, 15),
        dt.datetime(2026, 11, 2, 7, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    ]
    with commune_db.transaction("admin") as session:
        unit = session.scalars(select(Site.home_unit_id)).one()
        bulk = [
            _row(unit, number, created_at=when, updated_at=when, deleted_at=when)
            for number, when in enumerate(times, 1)
        ]
        bulk[1]["birth_date"] = dt.date(950, 1, 2)
        insert_rows(session.connection(), Person.__table__, bulk)
        by_orm = [Person(**{**row, "id": uuid.uuid4()}) for row in bulk]
        session.add_all(by_orm)
    stored = "SELECT created_at, deleted_at, birth_date FROM person WHERE id = :id"
    with commune_db.session() as session:
        for row, person in zip(bulk, by_orm, strict=True):
            written = session.execute(text(stored), {"id": _bound(commune_db, row["id"])}).one()
            expected = session.execute(text(stored), {"id": _bound(commune_db, person.id)}).one()
            assert tuple(written) == tuple(expected)


def test_a_column_null_in_every_row_is_left_out_and_one_set_in_some_rows_is_written(commune_db):
    with commune_db.transaction("admin") as session:
        unit = session.scalars(select(Site.home_unit_id)).one()
        rows = [_row(unit, number) for number in (1, 2, 3)]
        rows[1]["notes"] = "Chiến sĩ thi đua"
        insert_rows(session.connection(), Person.__table__, rows)
    with commune_db.session() as session:
        found = {person.id: person for person in session.scalars(select(Person))}
    assert [found[row["id"]].notes for row in rows] == [None, "Chiến sĩ thi đua", None]
    assert all(found[row["id"]].hometown is None for row in rows)


def _bound(db, value: uuid.UUID) -> object:  # type: ignore[no-untyped-def]
    """A record id as this database's raw SQL compares it."""
    return value.hex if db.is_sqlite else value
