"""Constraints the database itself enforces, whatever code writes to it."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop.errors import PermissionDenied
from desktop.models import Award, Decision, Person, Site, TaskRating
from desktop.models.reference import AdminUnit
from desktop.services.accounts import create_account


def _person(**fields) -> Person:
    values = {"full_name": "Lò Văn Pọm", "name_key": "lo van pom", "occupation": "farmer"} | fields
    return Person(**values)


def _insert(db, *objects) -> None:
    with db.transaction("admin") as session:
        session.add_all(objects)


def test_every_record_gets_sync_metadata(commune_db):
    person = _person()
    _insert(commune_db, person)
    with commune_db.session() as session:
        stored = session.get(Person, person.id)
        assert stored.origin_site_id == session.scalar(select(Site.id))
        assert stored.seq >= 1 and stored.row_version == 1
        assert stored.owner_unit_id is not None and stored.created_by == "admin"


def test_an_update_takes_the_next_sequence_and_bumps_the_row_version(commune_db):
    person = _person()
    _insert(commune_db, person)
    create_account(commune_db, "admin", "canbo", "Lò Thị Hoa", "officer", "matkhau-can-bo")
    with commune_db.transaction("canbo") as session:
        stored = session.get(Person, person.id)
        first_seq = stored.seq
        stored.position = "Trưởng bản"
    with commune_db.session() as session:
        stored = session.get(Person, person.id)
        assert stored.seq > first_seq and stored.row_version == 2 and stored.updated_by == "canbo"


def test_a_name_that_is_no_account_writes_nothing(commune_db):
    """Never full rights for a name nobody signed in as: the transaction is refused at its start."""
    with pytest.raises(PermissionDenied, match="cli"), commune_db.transaction("cli") as session:
        session.add(_person())
    with commune_db.session() as session:
        assert session.scalar(select(Person.id)) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"gender": "unknown"},
        {"occupation": "astronaut"},
        {"birth_year": 1850},
        {"full_name": ""},
        {"birth_date": dt.date(1980, 1, 1), "birth_year": None},
        {"ethnic_code": "99"},
        {"village_id": uuid.uuid4()},
    ],
)
def test_invalid_person_rows_are_refused(commune_db, fields):
    with pytest.raises(IntegrityError):
        _insert(commune_db, _person(**fields))
    with commune_db.session() as session:
        assert session.scalar(select(Person).limit(1)) is None


def test_id_number_is_unique_among_live_people_only(commune_db):
    first = _person(id_number="004190123456")
    _insert(commune_db, first)
    with pytest.raises(IntegrityError):
        _insert(commune_db, _person(id_number="004190123456"))
    with commune_db.transaction("admin") as session:
        session.get(Person, first.id).deleted_at = dt.datetime(2026, 1, 1)
    _insert(commune_db, _person(id_number="004190123456"))


def test_a_rating_concerns_exactly_one_subject_once_a_year(commune_db):
    person = _person()
    _insert(commune_db, person)
    with pytest.raises(IntegrityError):
        _insert(commune_db, TaskRating(year=2025, rating="HTT"))
    with pytest.raises(IntegrityError):
        _insert(commune_db, TaskRating(year=2025, rating="GOOD", person_id=person.id))
    _insert(commune_db, TaskRating(year=2025, rating="HTT", person_id=person.id))
    with pytest.raises(IntegrityError):
        _insert(commune_db, TaskRating(year=2025, rating="HTXS", person_id=person.id))


def test_an_award_needs_an_existing_decision(commune_db):
    person = _person()
    _insert(commune_db, person)
    with pytest.raises(IntegrityError):
        _insert(
            commune_db, Award(decision_id=uuid.uuid4(), award_code="LDTT", year=2025, person_id=person.id)
        )


def test_decision_number_and_reward_are_checked(commune_db):
    with commune_db.session() as session:
        unit_id = session.scalars(select(AdminUnit.id).where(AdminUnit.code == "01290")).one()
    with pytest.raises(IntegrityError):
        _insert(
            commune_db,
            Decision(
                number="",
                number_key="",
                name_key="",
                signed_on=dt.date(2025, 1, 1),
                issuer_unit_id=unit_id,
                authority="chu_tich_ubnd_xa",
                summary="x",
            ),
        )
    decision = Decision(
        number="12/QĐ-UBND",
        number_key="12/qd-ubnd",
        name_key="12/qd-ubnd",
        signed_on=dt.date(2025, 1, 1),
        issuer_unit_id=unit_id,
        authority="chu_tich_ubnd_xa",
        summary="Về việc tặng Giấy khen",
    )
    person = _person()
    _insert(commune_db, decision, person)
    with pytest.raises(IntegrityError):
        _insert(
            commune_db,
            Award(decision_id=decision.id, award_code="GK_XA", person_id=person.id, reward_amount=-1),
        )
