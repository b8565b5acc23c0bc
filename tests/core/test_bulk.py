"""Bulk inserts read back exactly what the ORM would have written, on SQLite and PostgreSQL."""

import datetime as dt
import uuid

from sqlalchemy import select

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
    with commune_db.transaction() as session:
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
