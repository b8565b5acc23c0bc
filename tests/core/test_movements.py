"""Movements: the plan saved whole, its lines kept or tombstoned, targets measured and reached."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models import MovementTarget, Registration, TargetReading
from desktop.services.movement_review import movement_review
from desktop.services.movements import (
    CriterionLine,
    MilestoneLine,
    MovementPlan,
    TargetLine,
    delete_movement,
    movement_plan,
    movement_progress,
    movements,
    record_reading,
    remove_reading,
    save_movement,
)
from desktop.services.registrations import RegistrationFields, move_registrations, register, registrations
from tests.rules.records import Records


def poverty_plan(**changes) -> MovementPlan:  # type: ignore[no-untyped-def]
    plan = MovementPlan(
        name="  Vì người nghèo – không để ai bị bỏ lại phía sau ",
        kind="thematic",
        origin="upper",
        launched_by="UBND tỉnh",
        document_number="12/KH-UBND",
        document_date=dt.date(2026, 1, 10),
        start_date=dt.date(2026, 1, 15),
        end_date=dt.date(2030, 12, 31),
        targets=[
            TargetLine("Tỷ lệ hộ nghèo", "%", Decimal(3), at_most=True),
            TargetLine("Số nhà đại đoàn kết xây mới", "căn", Decimal(20)),
        ],
        criteria=[
            CriterionLine("Hoàn thành chỉ tiêu giảm nghèo", Decimal(60)),
            CriterionLine("Huy động", None),
        ],
        milestones=[
            MilestoneLine("so_ket", dt.date(2028, 6, 30)),
            MilestoneLine("tong_ket", dt.date(2030, 12, 15)),
        ],
    )
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


def test_a_movement_is_saved_whole_and_read_back_as_entered(commune_db):
    movement_id = save_movement(commune_db, "admin", poverty_plan())
    plan = movement_plan(commune_db, movement_id)
    assert plan.name == "Vì người nghèo – không để ai bị bỏ lại phía sau"
    assert [(t.indicator, t.unit, t.target_value, t.at_most) for t in plan.targets] == [
        ("Tỷ lệ hộ nghèo", "%", Decimal(3), True),
        ("Số nhà đại đoàn kết xây mới", "căn", Decimal(20), False),
    ]
    assert [c.max_points for c in plan.criteria] == [Decimal(60), None]
    assert [(m.kind, m.due_on) for m in plan.milestones] == [
        ("so_ket", dt.date(2028, 6, 30)),
        ("tong_ket", dt.date(2030, 12, 15)),
    ]
    (summary,) = movements(commune_db, "vi nguoi ngheo")
    assert (summary.id, summary.next_review, summary.targets, summary.targets_reached) == (
        movement_id,
        ("so_ket", dt.date(2028, 6, 30)),
        2,
        0,
    )


def test_editing_updates_lines_in_place_and_tombstones_the_removed_ones(commune_db):
    movement_id = save_movement(commune_db, "admin", poverty_plan())
    plan = movement_plan(commune_db, movement_id)
    kept = plan.targets[1]
    kept.target_value = Decimal(25)
    plan.targets = [kept, TargetLine("Lao động có việc làm mới", "người", Decimal(100))]
    plan.criteria = plan.criteria[:1]
    save_movement(commune_db, "admin", plan, movement_id)
    again = movement_plan(commune_db, movement_id)
    assert [(t.indicator, t.target_value) for t in again.targets] == [
        ("Số nhà đại đoàn kết xây mới", Decimal(25)),
        ("Lao động có việc làm mới", Decimal(100)),
    ]
    assert again.targets[0].id == kept.id
    assert len(again.criteria) == 1
    with commune_db.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(MovementTarget).where(MovementTarget.deleted_at.is_not(None))
            )
            == 1
        )


def test_progress_follows_readings_and_a_ceiling_target_is_reached_by_going_below(commune_db):
    movement_id = save_movement(commune_db, "admin", poverty_plan())
    poverty, houses = movement_plan(commune_db, movement_id).targets
    record_reading(commune_db, "admin", poverty.id, dt.date(2026, 12, 31), Decimal("4.2"))
    record_reading(commune_db, "admin", houses.id, dt.date(2026, 12, 31), Decimal(8))
    progress = {t.indicator: t for t in movement_progress(commune_db, movement_id)}
    assert [not t.reached for t in progress.values()] == [True, True]
    record_reading(commune_db, "admin", poverty.id, dt.date(2027, 12, 31), Decimal("2.9"))
    # The same day twice corrects the value rather than adding a second one.
    record_reading(commune_db, "admin", houses.id, dt.date(2027, 12, 31), Decimal(19))
    record_reading(commune_db, "admin", houses.id, dt.date(2027, 12, 31), Decimal(21))
    progress = {t.indicator: t for t in movement_progress(commune_db, movement_id)}
    assert progress["Tỷ lệ hộ nghèo"].reached and progress["Tỷ lệ hộ nghèo"].actual == Decimal("2.9")
    assert [r.value for r in progress["Số nhà đại đoàn kết xây mới"].readings] == [Decimal(8), Decimal(21)]
    assert movements(commune_db)[0].targets_reached == 2
    remove_reading(commune_db, "admin", progress["Số nhà đại đoàn kết xây mới"].readings[-1].id)
    assert movements(commune_db)[0].targets_reached == 1


def test_the_review_counts_what_the_database_holds(commune_db):
    records = Records(commune_db)
    movement_id = save_movement(commune_db, "admin", poverty_plan())
    poverty, _houses = movement_plan(commune_db, movement_id).targets
    record_reading(commune_db, "admin", poverty.id, dt.date(2027, 12, 31), Decimal("2.5"))
    people = [records.person(f"Người {n}") for n in range(3)]
    for person in people:
        register(
            commune_db, "admin", RegistrationFields(person, 2027, "LDTT", movement_id), dt.date(2027, 1, 5)
        )
    move_registrations(commune_db, "admin", [registrations(commune_db, 2027)[0].id], "send")
    review = movement_review(commune_db, movement_id, today=dt.date(2028, 7, 1))
    with commune_db.session() as session:
        by_state = dict(
            session.execute(
                select(Registration.state, func.count())
                .where(Registration.movement_id == movement_id)
                .group_by(Registration.state)
            ).all()
        )
        latest = session.scalar(select(TargetReading.value).where(TargetReading.target_id == poverty.id))
    assert by_state == {"not_sent": 2, "pending": 1}
    assert {state: count for state, count in review.registrations_by_state.items() if count} == by_state
    assert review.registered_people == len(people)
    assert [t.actual for t in review.targets] == [latest, None]
    assert review.targets_reached == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"end_date": dt.date(2025, 1, 1)}, "end_date", "15/01/2026"),
        ({"targets": [TargetLine("Tỷ lệ hộ nghèo", " ", Decimal(3))]}, "targets", "Tỷ lệ hộ nghèo"),
        ({"targets": [TargetLine("Nhà", "căn", None)]}, "targets", "Nhà"),
        ({"name": "  "}, "name", ""),
        ({"criteria": [CriterionLine("Huy động", Decimal(-5))]}, "criteria", "Huy động"),
        ({"milestones": [MilestoneLine("so_ket", dt.date(2020, 1, 1))]}, "milestones", "01/01/2020"),
    ],
)
def test_bad_plans_are_refused_naming_the_problem_and_nothing_is_saved(commune_db, changes, field, words):
    with pytest.raises(ValidationError) as caught:
        save_movement(commune_db, "admin", poverty_plan(**changes))
    assert caught.value.field == field
    assert words in caught.value.message
    assert movements(commune_db) == []


def test_a_measured_target_cannot_be_removed_and_a_used_movement_cannot_be_deleted(commune_db):
    records = Records(commune_db)
    movement_id = save_movement(commune_db, "admin", poverty_plan())
    plan = movement_plan(commune_db, movement_id)
    record_reading(commune_db, "admin", plan.targets[0].id, dt.date(2026, 6, 1), Decimal(5))
    plan.targets = plan.targets[1:]
    plan.name = "Tên mới"
    with pytest.raises(ValidationError, match="Tỷ lệ hộ nghèo"):
        save_movement(commune_db, "admin", plan, movement_id)
    assert movement_plan(commune_db, movement_id).name.startswith("Vì người nghèo")
    with pytest.raises(ValidationError, match="01/01/2026"):
        record_reading(commune_db, "admin", plan.targets[0].id, dt.date(2026, 1, 1), Decimal(1))
    register(
        commune_db,
        "admin",
        RegistrationFields(records.person("A"), 2026, "LDTT", movement_id),
        dt.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError):
        delete_movement(commune_db, "admin", movement_id)
    other = save_movement(commune_db, "admin", poverty_plan(name="Nhập nhầm"))
    delete_movement(commune_db, "admin", other)
    assert [m.id for m in movements(commune_db)] == [movement_id]
