"""Collectives and their members: validated fields, memberships over time."""

import datetime as dt

import pytest

from desktop.errors import ValidationError
from desktop.services.collectives import (
    CollectiveFields,
    add_member,
    collective_fields,
    create_collective,
    end_membership,
    members,
    update_collective,
)
from tests.rules.records import Records


def test_a_collective_is_created_edited_and_its_members_kept_over_time(commune_db):
    records = Records(commune_db)
    head, member = records.person("Lò Văn A"), records.person("Lò Thị B")
    household = create_collective(commune_db, "admin", CollectiveFields("Hộ gia đình Lò Văn A", "household"))
    update_collective(
        commune_db, "admin", household, CollectiveFields("Hộ ông Lò Văn A", "household", head_person_id=head)
    )
    assert collective_fields(commune_db, household).head_person_id == head
    first = add_member(commune_db, "admin", household, head, "Chủ hộ", dt.date(2000, 1, 1))
    add_member(commune_db, "admin", household, member)
    with pytest.raises(ValidationError):
        add_member(commune_db, "admin", household, head)
    end_membership(commune_db, "admin", first, dt.date(2025, 1, 1))
    listed = members(commune_db, household)
    assert [(m.full_name, m.left_on) for m in listed] == [
        ("Lò Thị B", None),
        ("Lò Văn A", dt.date(2025, 1, 1)),
    ]
    with pytest.raises(ValidationError):
        end_membership(commune_db, "admin", first, dt.date(1999, 1, 1))


@pytest.mark.parametrize(
    ("fields", "field"), [(CollectiveFields(" "), "name"), (CollectiveFields("X", "club"), "kind")]
)
def test_bad_fields_are_refused_naming_the_field(commune_db, fields, field):
    with pytest.raises(ValidationError) as caught:
        create_collective(commune_db, "admin", fields)
    assert caught.value.field == field
