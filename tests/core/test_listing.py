"""Lists read ordered keys, then pages of rows: filters select the right people, in name order."""

import datetime as dt
import uuid

from desktop.codes import SubjectKind
from desktop.services.collectives import CollectiveFields, create_collective
from desktop.services.listing import (
    AwardFilter,
    CollectiveFilter,
    PeopleFilter,
    award_keys,
    award_rows,
    collective_keys,
    collective_rows,
    person_keys,
    person_rows,
)
from desktop.services.people import PersonFields, create_person
from desktop.services.subjects import live_subject
from desktop.services.units import add_village
from desktop.text import search_key
from tests.rules.records import Records


def _names(db, wanted: PeopleFilter) -> list[str]:
    return [row.full_name for row in person_rows(db, person_keys(db, wanted))]


def test_people_come_in_name_order_and_pages_keep_the_key_order(commune_db):
    for name in ("Vàng A Sử", "Lò Thị Mai", "Nguyễn Văn Đức", "Đặng Thị Hoa"):
        create_person(commune_db, "admin", PersonFields(full_name=name))
    keys = person_keys(commune_db, PeopleFilter())
    names = [row.full_name for row in person_rows(commune_db, keys)]
    assert names == sorted(names, key=search_key)
    assert [row.full_name for row in person_rows(commune_db, keys[2:4])] == names[2:4]
    assert [row.full_name for row in person_rows(commune_db, list(reversed(keys)))] == names[::-1]


def test_people_filters_combine_and_ignore_accents(commune_db):
    village = add_village(commune_db, "admin", "Thôn Nà Pồng").id
    create_person(
        commune_db, "admin", PersonFields(full_name="Nguyễn Văn Đức", gender="male", village_id=village)
    )
    create_person(commune_db, "admin", PersonFields(full_name="Nguyễn Thị Đức", gender="female"))
    create_person(
        commune_db, "admin", PersonFields(full_name="Vàng A Sử", gender="male", occupation="farmer")
    )
    assert _names(commune_db, PeopleFilter(text="NGUYEN duc")) == ["Nguyễn Thị Đức", "Nguyễn Văn Đức"]
    assert _names(commune_db, PeopleFilter(text="duc", gender="male")) == ["Nguyễn Văn Đức"]
    assert _names(commune_db, PeopleFilter(village_id=village)) == ["Nguyễn Văn Đức"]
    assert _names(commune_db, PeopleFilter(occupation="farmer")) == ["Vàng A Sử"]
    assert _names(commune_db, PeopleFilter(text="zzz")) == []


def test_the_award_filter_selects_holders_of_that_award_and_year_but_not_revoked_ones(commune_db):
    records = Records(commune_db)
    holder, other, revoked = (records.person(name) for name in ("Lò Văn A", "Lò Văn B", "Lò Văn C"))
    records.award(holder, "LDTT", 2024)
    records.award(other, "LDTT", 2023)
    records.award(revoked, "LDTT", 2024, revoked=True)
    assert _names(commune_db, PeopleFilter(award_code="LDTT", year=2024)) == ["Lò Văn A"]
    assert _names(commune_db, PeopleFilter(award_code="LDTT")) == ["Lò Văn A", "Lò Văn B"]
    assert _names(commune_db, PeopleFilter(year=2023)) == ["Lò Văn B"]


def test_collectives_list_with_members_and_awards(commune_db):
    records = Records(commune_db)
    members = [records.person("Lò Văn A"), records.person("Lò Văn B")]
    school = records.collective("Trường Tiểu học Bảo Lâm", members)
    records.collective("Hợp tác xã Nà Pồng", [])
    records.award(school, "TTLDTT", 2024, collective=True)
    keys = collective_keys(commune_db, CollectiveFilter(text="truong tieu hoc"))
    [row] = collective_rows(commune_db, keys)
    assert (row.id, row.members, row.awards) == (school, 2, 1)
    assert len(collective_keys(commune_db, CollectiveFilter())) == 2
    assert not collective_keys(commune_db, CollectiveFilter(award_code="TTLDTT", year=2023))


def test_award_lookup_answers_whether_a_person_was_awarded_x_in_year_y(commune_db):
    records = Records(commune_db)
    duc = records.person("Nguyễn Văn Đức")
    records.award(duc, "LDTT", 2023)
    records.award(duc, "CSTDCS", 2024)
    records.award(records.person("Nguyễn Văn Minh"), "CSTDCS", 2024)
    found = award_rows(
        commune_db, award_keys(commune_db, AwardFilter(text="nguyen van duc", award_code="CSTDCS"))
    )
    assert [(row.subject_name, row.award_code, row.year) for row in found] == [
        ("Nguyễn Văn Đức", "CSTDCS", 2024)
    ]
    assert found[0].subject_id == duc and found[0].decision_number.endswith("/QĐ-UBND")
    assert not award_keys(commune_db, AwardFilter(text="nguyen van duc", award_code="CSTDCS", year=2023))
    years = [row.year for row in award_rows(commune_db, award_keys(commune_db, AwardFilter()))]
    assert years == sorted(years, reverse=True)


def test_award_lookup_by_level_and_revocation(commune_db):
    records = Records(commune_db)
    person = records.person("Lò Văn A")
    records.award(person, "LDTT", 2024)
    records.award(person, "CSTD_TINH", 2024)
    records.award(person, "GK_XA", 2022, revoked=True)
    by_level = award_rows(commune_db, award_keys(commune_db, AwardFilter(level="province")))
    assert [row.award_code for row in by_level] == ["CSTD_TINH"]
    revoked = award_rows(commune_db, award_keys(commune_db, AwardFilter(include_revoked=True, year=2022)))
    assert [(row.award_code, row.revoked) for row in revoked] == [("GK_XA", True)]
    assert not award_keys(commune_db, AwardFilter(year=2022))


def test_rows_of_unknown_keys_are_simply_absent(commune_db):
    assert person_rows(commune_db, []) == []
    create_person(commune_db, "admin", PersonFields(full_name="Vàng A Sử"))
    unknown = 10**9 if commune_db.is_sqlite else uuid.uuid4()  # a rowid on SQLite, the id elsewhere
    assert person_rows(commune_db, [unknown]) == []
    assert isinstance(person_rows(commune_db, person_keys(commune_db, PeopleFilter()))[0].id, uuid.UUID)


def test_a_row_shows_the_birth_date_or_the_birth_year_alone(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pản", birth_date=dt.date(1978, 3, 9)))
    create_person(commune_db, "admin", PersonFields(full_name="Lò Thị Mai", birth_year=1990))
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Sáng"))
    rows = person_rows(commune_db, person_keys(commune_db, PeopleFilter()))
    assert {row.full_name: row.born for row in rows} == {
        "Lò Văn Pản": "09/03/1978",
        "Lò Thị Mai": "1990",
        "Lò Văn Sáng": "",
    }
    assert all(isinstance(row.id, uuid.UUID) for row in rows)


def test_a_households_award_is_listed_as_a_households_not_as_any_collectives(commune_db):
    """One word for the kind of subject, from codes to lists: a family's Gia đình văn hóa is
    a household's award, and the look-up says so (it opened the household as a collective)."""
    records = Records(commune_db)
    family = create_collective(
        commune_db, "admin", CollectiveFields(name="Hộ ông Lò Văn Pọm", kind="household")
    )
    school = records.collective("Trường Tiểu học Bảo Lâm", [])
    person = records.person("Lò Văn Pọm")
    records.award(family, "GDVH", 2025, collective=True)
    records.award(school, "TTLDTT", 2025, collective=True)
    records.award(person, "LDTT", 2025)
    rows = award_rows(commune_db, award_keys(commune_db, AwardFilter(year=2025)))
    kinds = {row.subject_name: row.subject_kind for row in rows}
    assert kinds == {
        "Hộ ông Lò Văn Pọm": SubjectKind.HOUSEHOLD,
        "Trường Tiểu học Bảo Lâm": SubjectKind.COLLECTIVE,
        "Lò Văn Pọm": SubjectKind.PERSON,
    }
    with commune_db.session() as session:
        assert live_subject(session, family).kind == kinds["Hộ ông Lò Văn Pọm"]
