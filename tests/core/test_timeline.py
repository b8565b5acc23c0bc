"""The award timeline: every award with its decision, ratings, initiatives and discipline, newest first."""

import datetime as dt
import uuid

import pytest

from desktop.errors import NotFoundError
from desktop.models import Discipline
from desktop.services.timeline import subject_timeline
from tests.rules.records import Records


def test_a_person_timeline_lists_awards_with_their_decision_then_ratings_newest_year_first(commune_db):
    records = Records(commune_db)
    person = records.person("Lò Văn A")
    records.year(person, 2023, "HTT", initiative=True)
    records.award(person, "LDTT", 2023)
    records.award(person, "CSTDCS", 2024)
    records.award(person, "GK_XA", 2021, revoked=True)
    with commune_db.transaction("admin") as session:
        session.add(
            Discipline(
                person_id=person, level="khien_trach", decided_on=dt.date(2022, 3, 1), decision_number="5/QĐ"
            )
        )
    entries = subject_timeline(commune_db, person)
    assert [(entry.year, entry.kind) for entry in entries] == [
        (2024, "award"),
        (2023, "award"),
        (2023, "rating"),
        (2023, "initiative"),
        (2022, "discipline"),
        (2021, "award"),
    ]
    assert entries[0].title == "Chiến sĩ thi đua cơ sở"
    assert "/QĐ-UBND" in entries[0].detail and "10/01/2025" in entries[0].detail
    assert entries[-1].revoked and "01/06/2022" in entries[-1].detail
    assert not entries[0].revoked
    assert entries[2].title == "Hoàn thành tốt nhiệm vụ (HTT)"
    assert entries[4].title.startswith("Khiển trách")


def test_a_collective_timeline_holds_its_own_awards_only(commune_db):
    records = Records(commune_db)
    member = records.person("Lò Văn A")
    records.award(member, "LDTT", 2024)
    school = records.collective("Trường Tiểu học", [member])
    records.award(school, "TTLDTT", 2024, collective=True)
    assert [entry.title for entry in subject_timeline(commune_db, school)] == ["Tập thể lao động tiên tiến"]


def test_an_unknown_subject_is_refused(commune_db):
    with pytest.raises(NotFoundError):
        subject_timeline(commune_db, uuid.uuid4())
