"""The review report of a movement: its numbers are what the database holds, and it prints as an
administrative document."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import update

from desktop.errors import NotFoundError
from desktop.models import (
    ExemplaryModel,
    Movement,
    MovementMilestone,
    MovementTarget,
    Proposal,
    Registration,
    TargetReading,
)
from desktop.reports.kinds import Selection
from desktop.reports.printing import render
from desktop.reports.review import quantity
from desktop.services.movement_review import movement_review
from desktop.text import search_key
from tests.poppler import pages_of, text_of

NAME = "Toàn dân đoàn kết xây dựng đời sống văn hóa"


def _movement(db, decided) -> Movement:
    """A movement with two targets (one reached), a held sơ kết, registrations, models, and the
    decided proposal linked to it; plus what must not count (a deleted registration, a reading
    after the review, a model found later)."""
    people, village = decided["people"], decided["village"]
    with db.transaction("admin") as session:
        movement = Movement(
            name=NAME,
            name_key=search_key(NAME),
            slogan="Đoàn kết, văn minh",
            kind="regular",
            origin="own",
            start_date=dt.date(2025, 1, 1),
        )
        session.add(movement)
        session.flush()
        held = MovementMilestone(
            movement_id=movement.id,
            kind="so_ket",
            due_on=dt.date(2025, 12, 15),
            held_on=dt.date(2025, 12, 20),
            notes="Phong trào được nhân dân hưởng ứng.\nCòn thôn chưa đạt chỉ tiêu.",
        )
        later = MovementMilestone(movement_id=movement.id, kind="tong_ket", due_on=dt.date(2030, 12, 15))
        households = MovementTarget(
            movement_id=movement.id, position=1, indicator="Hộ gia đình văn hóa", unit="%", target_value=90
        )
        roads = MovementTarget(
            movement_id=movement.id,
            position=2,
            indicator="Đường bê tông",
            unit="km",
            target_value=Decimal("12.5"),
        )
        session.add_all([held, later, households, roads])
        session.flush()
        session.add_all(
            [
                TargetReading(target_id=households.id, measured_on=dt.date(2025, 6, 30), value=80),
                TargetReading(
                    target_id=households.id, measured_on=dt.date(2025, 12, 1), value=Decimal("92.5")
                ),
                TargetReading(target_id=roads.id, measured_on=dt.date(2025, 12, 1), value=10),
                TargetReading(target_id=roads.id, measured_on=dt.date(2026, 3, 1), value=13),
            ]
        )
        states = ["approved", "approved", "pending", "returned"]
        session.add_all(
            Registration(year=2025, movement_id=movement.id, person_id=person, award_code="LDTT", state=state)
            for person, state in zip(people, states, strict=True)
        )
        session.add(
            Registration(year=2025, movement_id=movement.id, collective_id=village, award_code="THON_VH")
        )
        session.add(
            Registration(
                year=2025,
                movement_id=movement.id,
                person_id=people[0],
                award_code="CSTDCS",
                deleted_at=dt.datetime(2025, 5, 1),
            )
        )
        session.add_all(
            [
                ExemplaryModel(
                    person_id=people[0],
                    title="Mô hình",
                    stage="nurtured",
                    discovered_on=dt.date(2025, 3, 1),
                    movement_id=movement.id,
                ),
                ExemplaryModel(
                    collective_id=village,
                    title="Thôn",
                    stage="discovered",
                    discovered_on=dt.date(2025, 9, 1),
                    movement_id=movement.id,
                ),
                ExemplaryModel(
                    person_id=people[1],
                    title="Sau",
                    stage="discovered",
                    discovered_on=dt.date(2026, 2, 1),
                    movement_id=movement.id,
                ),
            ]
        )
        session.execute(
            update(Proposal).where(Proposal.id == decided["proposal"]).values(movement_id=movement.id)
        )
        return movement.id


def test_the_review_counts_what_the_database_holds_up_to_the_review_day(commune_db, decided):
    movement = _movement(commune_db, decided)
    review = movement_review(commune_db, movement, today=dt.date(2026, 11, 22))
    assert review.kind == "so_ket" and review.period_to == dt.date(2025, 12, 20)
    assert (review.registered_people, review.registered_collectives) == (4, 1)
    assert review.registrations_by_state == {"not_sent": 1, "pending": 1, "approved": 2, "returned": 1}
    assert [(t.indicator, t.actual, t.reached) for t in review.targets] == [
        ("Hộ gia đình văn hóa", Decimal("92.5"), True),
        ("Đường bê tông", Decimal("10"), False),  # 13 km was measured after the review
    ]
    assert review.targets_reached == 1
    # The decision of 05/01/2026 came after the sơ kết of 20/12/2025: it is not counted yet.
    assert review.awards == ()
    assert review.models_by_stage == {"discovered": 1, "nurtured": 1, "summarised": 0, "replicated": 0}
    with commune_db.transaction("admin") as session:
        session.execute(
            update(MovementMilestone)
            .where(MovementMilestone.kind == "so_ket")
            .values(held_on=dt.date(2026, 1, 31))
        )
    later = movement_review(commune_db, movement, today=dt.date(2026, 11, 22))
    assert later.awards == (("Giấy khen của Chủ tịch UBND cấp xã", 5),)


def test_the_review_prints_its_numbers_and_the_officers_assessment(commune_db, decided, tmp_path):
    movement = _movement(commune_db, decided)
    out = tmp_path / "so-ket.pdf"
    render(commune_db, "movement-review", out, Selection(movement))
    assert pages_of(out)[1] == (210, 297)
    text = " ".join(text_of(out).split())
    assert "BÁO CÁO" in text and f"Sơ kết phong trào thi đua “{NAME}”" in text
    assert "4 cá nhân, 1 tập thể đăng ký" in text
    assert "đạt 1/2 chỉ tiêu" in text
    assert "92,5" in text and "12,5" in text and "Chưa đạt" in text
    assert "Phong trào được nhân dân hưởng ứng." in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


def test_quantities_are_written_the_vietnamese_way():
    assert quantity(Decimal("1234.50")) == "1.234,5"
    assert quantity(Decimal("90.0000")) == "90"
    assert quantity(None) == "—"


def test_a_database_without_reviews_says_so(commune_db):
    with pytest.raises(NotFoundError, match="sơ kết, tổng kết"):
        render(commune_db, "movement-review", io.BytesIO())
