"""Recording people: each refusal names its field, and nothing is half-saved."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied, ValidationError
from desktop.i18n import set_language
from desktop.models import AuditEntry, Person, SyncChange
from desktop.services.accounts import create_account
from desktop.services.people import (
    PersonFields,
    create_person,
    erase_personal_data,
    person_fields,
    update_person,
)


def _count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Person))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (PersonFields(full_name="   "), "full_name"),
        (PersonFields(full_name="A" * 201), "full_name"),
        (PersonFields(full_name="Vàng A Sử", gender="x"), "gender"),
        (PersonFields(full_name="Vàng A Sử", birth_year=1850), "birth_year"),
        (PersonFields(full_name="Vàng A Sử", birth_date=dt.date(2999, 1, 1)), "birth_date"),
        (PersonFields(full_name="Vàng A Sử", birth_date=dt.date(1980, 1, 1), birth_year=1981), "birth_year"),
        (PersonFields(full_name="Vàng A Sử", ethnic_code="77"), "ethnic_code"),
        (PersonFields(full_name="Vàng A Sử", id_number="12AB"), "id_number"),
        (PersonFields(full_name="Vàng A Sử", occupation="pilot"), "occupation"),
    ],
)
def test_invalid_values_are_refused_naming_the_field(commune_db, fields, field):
    with pytest.raises(ValidationError) as caught:
        create_person(commune_db, "admin", fields)
    assert caught.value.field == field
    assert caught.value.message
    assert _count(commune_db) == 0


def test_messages_are_vietnamese_by_default_and_english_on_request(commune_db):
    with pytest.raises(ValidationError, match="Chưa nhập họ và tên"):
        create_person(commune_db, "admin", PersonFields(full_name=""))
    set_language("en")
    with pytest.raises(ValidationError, match="The full name is required"):
        create_person(commune_db, "admin", PersonFields(full_name=""))


def test_a_second_person_with_the_same_id_number_is_refused(commune_db):
    create_person(commune_db, "admin", PersonFields(full_name="Sùng A Chứ", id_number="004085001234"))
    with pytest.raises(ValidationError) as caught:
        create_person(commune_db, "admin", PersonFields(full_name="Sùng Mí Lử", id_number="004085001234"))
    assert caught.value.field == "id_number"
    assert _count(commune_db) == 1


def test_a_birth_year_alone_is_kept_honestly(commune_db):
    person = create_person(commune_db, "admin", PersonFields(full_name="Hờ Thị Dợ", birth_year=1948))
    assert person.birth_year == 1948 and person.birth_date is None
    dated = create_person(
        commune_db, "admin", PersonFields(full_name="Hờ A Tủa", birth_date=dt.date(1990, 2, 3))
    )
    assert dated.birth_year == 1990


def test_possible_duplicates_by_name_and_birth_year_or_by_id_number(commune_db):
    from desktop.services.people import possible_duplicates

    first = create_person(commune_db, "admin", PersonFields(full_name="Nguyễn Văn Đức", birth_year=1980))
    create_person(
        commune_db, "admin", PersonFields(full_name="Lò Văn Sử", birth_year=1975, id_number="004075001234")
    )
    same_name = possible_duplicates(commune_db, PersonFields(full_name="nguyen van  duc", birth_year=1980))
    assert [(d.person.id, d.same_id_number) for d in same_name] == [(first.id, False)]
    assert not possible_duplicates(commune_db, PersonFields(full_name="Nguyễn Văn Đức", birth_year=1981))
    assert not possible_duplicates(
        commune_db, PersonFields(full_name="Nguyễn Văn Đức", birth_year=1980), first.id
    )
    by_card = possible_duplicates(commune_db, PersonFields(full_name="Lò Văn Khác", id_number="004075001234"))
    assert [(d.person.full_name, d.same_id_number) for d in by_card] == [("Lò Văn Sử", True)]


def test_person_fields_read_back_what_was_saved(commune_db):
    from desktop.services.people import person_fields

    saved = create_person(
        commune_db, "admin", PersonFields(full_name="Lò Văn Sử", birth_date=dt.date(1975, 4, 2))
    )
    fields = person_fields(commune_db, saved.id)
    assert (fields.full_name, fields.birth_date, fields.birth_year) == (
        "Lò Văn Sử",
        dt.date(1975, 4, 2),
        1975,
    )


def test_erasing_personal_data_keeps_what_names_the_person_and_needs_an_administrator(commune_db):
    person = create_person(
        commune_db,
        "admin",
        PersonFields(
            full_name="Lò Thị Mai",
            gender="female",
            birth_date=dt.date(1950, 3, 4),
            ethnic_code="03",
            id_number="001150000123",
            hometown="Bảo Lâm",
        ),
    )
    create_account(commune_db, "admin", "canbo", "Cán Bộ", "officer", "matkhau-can-bo")
    with pytest.raises(PermissionDenied):
        erase_personal_data(commune_db, "canbo", person.id)

    erased = erase_personal_data(commune_db, "admin", person.id)

    assert erased == ["birth_date", "ethnic_code", "id_number", "hometown"]
    kept = person_fields(commune_db, person.id)
    assert (kept.full_name, kept.gender, kept.birth_year) == ("Lò Thị Mai", "female", 1950)
    assert (kept.birth_date, kept.ethnic_code, kept.id_number, kept.hometown) == (None, None, None, None)
    with commune_db.session() as session:
        trail = " ".join(session.scalars(select(AuditEntry.details)))
        logged = " ".join(f"{row.fields} {row.previous}" for row in session.scalars(select(SyncChange)))
    assert "001150000123" not in trail and "1950-03-04" not in trail  # the trail never held them
    assert "001150000123" not in logged and "1950-03-04" not in logged  # the change log forgot them
    assert "Lò Thị Mai" in logged


def test_an_edit_of_a_sensitive_field_is_audited_without_its_values(commune_db):
    person = create_person(
        commune_db, "admin", PersonFields(full_name="Lò Thị Mai", id_number="001150000123")
    )
    update_person(
        commune_db, "admin", person.id, PersonFields(full_name="Lò Thị Mai", id_number="001150000999")
    )
    with commune_db.session() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.action == "person.update"
    assert json.loads(last.details)["after"] == {"id_number": "***"}
