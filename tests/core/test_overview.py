"""The dashboard's figures come from the records and the calendar of the province parameters."""

import datetime as dt

from desktop.i18n import set_language
from desktop.models import Movement, MovementMilestone
from desktop.services.overview import overview
from desktop.services.people import PersonFields, create_person
from tests.rules.records import Records


def test_counts_this_years_awards_by_title_and_leaves_out_revoked_ones(commune_db):
    records = Records(commune_db)
    people = [records.person(f"Lò Văn {letter}") for letter in "ABC"]
    for person in people:
        records.award(person, "LDTT", 2026)
    records.award(people[0], "CSTDCS", 2026)
    records.award(people[1], "CSTDCS", 2026, revoked=True)
    records.award(people[2], "LDTT", 2025)
    records.collective("Trường Tiểu học", people)
    figures = overview(commune_db, 2026, dt.date(2026, 11, 22))
    assert [(count.code, count.count, count.previous) for count in figures.awards] == [
        ("LDTT", 3, 1),
        ("CSTDCS", 1, 0),
    ]
    assert (figures.awards_total, figures.previous_total) == (4, 1)
    assert (figures.people, figures.collectives, figures.households) == (3, 1, 0)


def test_deadlines_within_four_months_soonest_first_with_movement_milestones(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn A"))
    with commune_db.transaction("admin") as session:
        movement = Movement(
            name="Chung sức xây dựng nông thôn mới", name_key="x", kind="regular", origin="upper"
        )
        session.add(movement)
        session.flush()
        session.add(MovementMilestone(movement_id=movement.id, kind="so_ket", due_on=dt.date(2026, 12, 1)))
        session.add(MovementMilestone(movement_id=movement.id, kind="tong_ket", due_on=dt.date(2028, 1, 1)))
    figures = overview(commune_db, 2026, dt.date(2026, 11, 22))
    days = [deadline.on for deadline in figures.deadlines]
    assert days == sorted(days)
    assert days[0] == dt.date(2026, 11, 25)
    assert "Gia đình văn hóa" in figures.deadlines[0].title
    assert any(d.movement_id and "Chung sức" in d.title for d in figures.deadlines)
    assert dt.date(2028, 1, 1) not in days and dt.date(2027, 6, 11) not in days
    set_language("en")
    english = overview(commune_db, 2026, dt.date(2026, 11, 22))
    assert "Cultural Families" in english.deadlines[0].title
