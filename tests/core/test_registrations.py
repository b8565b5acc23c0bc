"""Registrations: one per title and year, bulk from a list, states up and back, pledges, the rule."""

import datetime as dt
from decimal import Decimal

import pytest

from desktop.codes import CollectiveKind
from desktop.errors import ValidationError
from desktop.rules.catalog import shipped_catalog
from desktop.services.collectives import CollectiveFields, create_collective
from desktop.services.eligibility import judge
from desktop.services.movements import MovementPlan, TargetLine, movement_plan, save_movement
from desktop.services.registrations import (
    RegistrationFields,
    move_registrations,
    pledges_of,
    register,
    register_many,
    registrable_titles,
    registrants,
    registrations,
    update_registration,
    withdraw,
)
from desktop.services.units import villages
from tests.rules.records import Records

TODAY = dt.date(2026, 1, 20)


def test_a_title_is_registered_once_a_year_and_the_duplicate_is_refused_by_name(commune_db):
    person = Records(commune_db).person("Hà Văn Sáng")
    register(commune_db, "admin", RegistrationFields(person, 2026, "LDTT"), TODAY)
    with pytest.raises(ValidationError) as caught:
        register(commune_db, "admin", RegistrationFields(person, 2026, "LDTT"), TODAY)
    assert "Hà Văn Sáng" in caught.value.message and "2026" in caught.value.message
    register(commune_db, "admin", RegistrationFields(person, 2026, "CSTDCS"), TODAY)
    register(commune_db, "admin", RegistrationFields(person, 2027, "LDTT"), TODAY)
    assert [r.award_code for r in registrations(commune_db, 2026)] == ["CSTDCS", "LDTT"]


def test_a_subject_registers_only_for_a_title_given_to_its_kind(commune_db):
    records = Records(commune_db)
    person = records.person("Lò Văn Ba")
    household = create_collective(
        commune_db, "admin", CollectiveFields("Hộ Lò Văn Ba", CollectiveKind.HOUSEHOLD.value)
    )
    with pytest.raises(ValidationError, match="Lò Văn Ba"):
        register(commune_db, "admin", RegistrationFields(person, 2026, "GDVH"), TODAY)
    with pytest.raises(ValidationError):
        register(commune_db, "admin", RegistrationFields(household, 2026, "GK_XA"), TODAY)
    register(commune_db, "admin", RegistrationFields(household, 2026, "GDVH"), TODAY)
    assert ("GDVH", "Gia đình văn hóa") in registrable_titles(shipped_catalog(), "household")
    assert "LDTT" in {code for code, _name in registrable_titles(shipped_catalog(), "person")}


def test_a_village_list_is_registered_at_once_skipping_those_already_registered(demo_db):
    village = villages(demo_db)[0]
    households = registrants(demo_db, village_id=village.id, kind="household")
    assert households and all(h.kind == "household" for h in households)
    year = 2031
    register(demo_db, "admin", RegistrationFields(households[0].id, year, "GDVH"), TODAY)
    result = register_many(demo_db, "admin", [h.id for h in households], year, "GDVH", TODAY)
    assert result.created == len(households) - 1
    assert result.already == (households[0].name,)
    listed = registrations(demo_db, year)
    assert len(listed) == len(households)
    assert {row.place for row in listed} == {village.name}


def test_a_bulk_list_with_someone_who_cannot_hold_the_title_registers_nobody(commune_db):
    records = Records(commune_db)
    person = records.person("Người A")
    household = create_collective(
        commune_db, "admin", CollectiveFields("Hộ B", CollectiveKind.HOUSEHOLD.value)
    )
    with pytest.raises(ValidationError, match="Người A"):
        register_many(commune_db, "admin", [household, person], 2026, "GDVH", TODAY)
    assert registrations(commune_db, 2026) == []


def test_registrations_go_up_and_come_back_through_their_states(commune_db):
    records = Records(commune_db)
    people = [records.person(f"Người {n}") for n in range(3)]
    ids = [register(commune_db, "admin", RegistrationFields(p, 2026, "LDTT"), TODAY) for p in people]
    assert move_registrations(commune_db, "admin", ids, "send") == 3
    with pytest.raises(ValidationError, match="Người 0"):
        move_registrations(commune_db, "admin", ids[:1], "send")
    with pytest.raises(ValidationError):
        move_registrations(commune_db, "admin", ids[:1], "return")
    move_registrations(commune_db, "admin", ids[:2], "approve")
    move_registrations(commune_db, "admin", ids[2:], "return", "Thiếu chữ ký")
    states = {row.subject_name: (row.state, row.note) for row in registrations(commune_db, 2026)}
    assert states == {
        "Người 0": ("approved", ""),
        "Người 1": ("approved", ""),
        "Người 2": ("returned", "Thiếu chữ ký"),
    }
    # A returned registration is corrected and sent again; an approved one is neither changed nor removed.
    update_registration(
        commune_db, "admin", ids[2], RegistrationFields(people[2], 2026, "LDTT", note="Đã bổ sung")
    )
    move_registrations(commune_db, "admin", ids[2:], "send")
    with pytest.raises(ValidationError):
        withdraw(commune_db, "admin", ids[0])
    with pytest.raises(ValidationError):
        update_registration(commune_db, "admin", ids[0], RegistrationFields(people[0], 2026, "LDTT"))
    # All or none: one that cannot move keeps the others where they were.
    with pytest.raises(ValidationError):
        move_registrations(commune_db, "admin", [ids[2], ids[0]], "approve")
    assert {row.state for row in registrations(commune_db, 2026, state="pending")} == {"pending"}


def test_pledges_name_the_movements_targets(commune_db):
    records = Records(commune_db)
    movement_id = save_movement(
        commune_db,
        "admin",
        MovementPlan("Chuyển đổi số", targets=[TargetLine("Hộ có tài khoản thanh toán", "%", Decimal(80))]),
    )
    (target,) = movement_plan(commune_db, movement_id).targets
    person = records.person("Người A")
    registration = register(
        commune_db,
        "admin",
        RegistrationFields(person, 2026, "LDTT", movement_id, pledges={target.id: None}),
        TODAY,
    )
    assert pledges_of(commune_db, registration) == {target.id: Decimal(80)}
    with pytest.raises(ValidationError):
        register(
            commune_db,
            "admin",
            RegistrationFields(records.person("B"), 2026, "LDTT", None, pledges={target.id: None}),
            TODAY,
        )


def test_the_rules_see_a_registration_and_warn_without_one(commune_db):
    person = Records(commune_db).person("Người A")
    missing = judge(commune_db, person, "LDTT", 2026, dt.date(2026, 12, 1))
    assert any(reason.rule == "R10" for reason in missing.reasons if reason.status != "pass")
    ids = [register(commune_db, "admin", RegistrationFields(person, 2026, "LDTT"), TODAY)]
    move_registrations(commune_db, "admin", ids, "send")
    found = judge(commune_db, person, "LDTT", 2026, dt.date(2026, 12, 1))
    assert all(reason.status == "pass" for reason in found.reasons if reason.rule == "R10")


def test_the_registration_list_exports_as_shown(commune_db, tmp_path):
    from openpyxl import load_workbook

    from desktop.reports.excel_export import REGISTRATIONS, write_sheet

    records = Records(commune_db)
    ids = [
        register(commune_db, "admin", RegistrationFields(records.person(n), 2026, "LDTT"), TODAY)
        for n in "AB"
    ]
    move_registrations(commune_db, "admin", ids[:1], "send")
    target = tmp_path / "dang-ky.xlsx"
    assert (
        write_sheet(target, "Đăng ký thi đua 2026", REGISTRATIONS, iter(registrations(commune_db, 2026))) == 2
    )
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][0] == "Cá nhân, tập thể, hộ gia đình"
    assert [(row[0], row[2], row[4], row[5]) for row in rows[1:]] == [
        ("A", "Lao động tiên tiến", dt.datetime(2026, 1, 20), "Chờ duyệt"),
        ("B", "Lao động tiên tiến", dt.datetime(2026, 1, 20), "Chưa gửi"),
    ]
