"""The same person entered by two communes: found at the upper level, merged or told apart there
(and taken back), and what the communes send later still applies and counts for the merged person,
in the rules, the timeline and the achievement report."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import NotFoundError, PermissionDenied, ValidationError
from desktop.models import SyncQuarantine, TaskRating
from desktop.rules.catalog import shipped_catalog
from desktop.services import accounts, duplicates, people
from desktop.services.appraisal import duplicate_findings
from desktop.services.documents import achievement_document
from desktop.services.eligibility import load_histories
from desktop.services.listing import PeopleFilter, person_keys, person_rows
from desktop.services.proposal_workflow import ReceivedItem, receive
from desktop.services.proposals import ProposalFields
from desktop.services.search import search
from desktop.services.timeline import subject_timeline
from tests.rules.records import Records
from tests.sync.conftest import Site, link
from tests.sync.test_exchange import send


def enter(site: Site, name: str, **fields) -> people.PersonView:
    values = {"birth_year": 1980, "gender": "male", **fields}
    return people.create_person(site.db, "admin", people.PersonFields(full_name=name, **values))


def rate(site: Site, person_id, year: int, rating: str = "HTXS") -> None:
    with site.db.transaction("admin") as session:
        session.add(TaskRating(person_id=person_id, year=year, rating=rating))


@pytest.fixture
def chain(sites):
    """Two communes under their province, the two-tier government since 2025."""
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    return a, b, province


def test_two_communes_entries_of_one_person_are_offered_merged_and_counted_together(chain, tmp_path):
    a, b, province = chain
    first = enter(a, "Nông Văn Dền", id_number="012345678901")
    second = enter(b, "Nong van den", id_number="012345678901")  # typed without accents
    enter(b, "Lục Thị Hoa", birth_year=1990)
    enter(a, "Lục Thị Hoa", birth_year=1991)  # another year: not offered
    rate(b, second.id, 2024)
    send(a, province, tmp_path)
    send(b, province, tmp_path)

    (pair,) = duplicates.candidates(province.db)
    assert {pair.first.id, pair.second.id} == {first.id, second.id}
    assert pair.reasons == ("cùng họ tên và năm sinh", "cùng số CCCD")
    assert {pair.first.commune, pair.second.commune} == {"Xã Bảo Lâm", "Phường Thục Phán"}

    accounts.create_account(province.db, "admin", "canbo", "Cán bộ", "officer", "matkhau-canbo")
    with pytest.raises(PermissionDenied):
        duplicates.merge(province.db, "canbo", first.id, second.id)
    duplicates.merge(province.db, "admin", first.id, second.id)
    with pytest.raises(ValidationError, match="đã được gộp"):
        duplicates.merge(province.db, "admin", second.id, first.id)
    assert duplicates.candidates(province.db) == []
    shown = {row.id for row in person_rows(province.db, person_keys(province.db, PeopleFilter()))}
    assert first.id in shown and second.id not in shown
    assert [hit.id for hit in search(province.db, "nong van den")] == [first.id]

    # Commune B goes on writing to its own record, which it still owns: it applies at the province
    # as it is, and the rules judging the kept person see both communes' history.
    rate(b, second.id, 2025)
    result = send(b, province, tmp_path)
    assert result.counts["applied"] == 1 and result.counts["quarantined"] == 0
    rate(a, first.id, 2023, "HTT")
    send(a, province, tmp_path)
    with province.db.session() as session:
        history = load_histories(session, [first.id]).history(first.id)
        assert history.ratings == {2023: "HTT", 2024: "HTXS", 2025: "HTXS"}
        assert session.scalars(select(SyncQuarantine)).all() == []


def test_two_different_people_are_told_apart_once(chain, tmp_path):
    a, b, province = chain
    first = enter(a, "Hoàng Văn Pó", birth_date=None)
    second = enter(b, "Hoàng Văn Pó")
    send(a, province, tmp_path)
    send(b, province, tmp_path)
    (pair,) = duplicates.candidates(province.db)
    assert pair.reasons == ("cùng họ tên và năm sinh",)
    duplicates.tell_apart(province.db, "admin", first.id, second.id)
    assert duplicates.candidates(province.db) == []
    shown = {row.id for row in person_rows(province.db, person_keys(province.db, PeopleFilter()))}
    assert {first.id, second.id} <= shown
    with pytest.raises(ValidationError, match="chính mình"):
        duplicates.merge(province.db, "admin", first.id, first.id)


def test_a_name_alone_is_offered_only_across_communes_and_without_contradictions(chain, tmp_path):
    a, b, province = chain
    first = enter(a, "Lò Văn Sáng", birth_date=dt.date(1980, 3, 4), id_number="033333333333")
    second = enter(b, "Lo Van Sang")  # commune B knows only the year and no ID
    same_commune = enter(a, "Lò Văn Sáng", birth_date=dt.date(1980, 9, 9))
    enter(b, "Lò Văn Sáng", birth_date=dt.date(1980, 5, 6))  # no date agrees with it
    enter(b, "Lò Văn Sáng", gender="female")
    other_card = enter(b, "Lò Văn Sáng", id_number="011111111111")
    send(a, province, tmp_path)
    send(b, province, tmp_path)
    found = {
        frozenset((pair.first.id, pair.second.id)): pair.reasons
        for pair in duplicates.candidates(province.db)
    }
    assert set(found) == {
        frozenset((first.id, second.id)),
        frozenset((same_commune.id, second.id)),
        frozenset((same_commune.id, other_card.id)),
    }
    assert set(found.values()) == {("cùng họ tên và năm sinh",)}
    with province.db.session() as session:
        assert duplicates.pairs_with(session, [first.id]) == 1
        assert duplicates.pairs_with(session, [second.id, same_commune.id]) == 3


def test_a_merge_brings_the_other_records_history_and_can_be_taken_back(chain, tmp_path):
    a, b, province = chain
    kept = enter(a, "Nông Thị Mai", id_number="012345678902")
    other = enter(b, "Nông Thị Mai", id_number="012345678902")
    Records(b.db).award(other.id, "GK_XA", 2023)
    rate(b, other.id, 2024)
    send(a, province, tmp_path)
    send(b, province, tmp_path)
    duplicates.merge(province.db, "admin", kept.id, other.id)

    for shown in (kept.id, other.id):  # a proposal line may still name the other record
        timeline = subject_timeline(province.db, shown)
        assert [(entry.kind, entry.year) for entry in timeline] == [("rating", 2024), ("award", 2023)]
        assert all(entry.detail.endswith("hồ sơ đã gộp, do Phường Thục Phán giữ") for entry in timeline)
    (past,) = achievement_document(province.db, kept.id).history
    assert (past.year, past.award_name) == (2023, shipped_catalog().name("GK_XA"))

    (verdict,) = duplicates.settled(province.db)
    assert (
        verdict.same and (verdict.kept.id, verdict.other.id) == (kept.id, other.id) and verdict.by == "admin"
    )
    accounts.create_account(province.db, "admin", "canbo", "Cán bộ", "officer", "matkhau-canbo")
    with pytest.raises(PermissionDenied):
        duplicates.withdraw(province.db, "canbo", verdict.id)
    duplicates.withdraw(province.db, "admin", verdict.id)
    with pytest.raises(NotFoundError):
        duplicates.withdraw(province.db, "admin", verdict.id)
    assert subject_timeline(province.db, kept.id) == []
    assert achievement_document(province.db, kept.id).history == ()
    assert duplicates.settled(province.db) == []
    (pair,) = duplicates.candidates(province.db)
    assert {pair.first.id, pair.second.id} == {kept.id, other.id}
    assert other.id in {row.id for row in person_rows(province.db, person_keys(province.db, PeopleFilter()))}


def test_an_award_held_under_a_merged_record_is_found_when_the_person_is_proposed_again(chain, tmp_path):
    a, b, province = chain
    kept = enter(a, "Nông Thị Mai")
    other = enter(b, "Nông Thị Mây", birth_year=1981)  # typed differently: only a reviewer joins them
    Records(b.db).award(other.id, "GK_XA", 2023)
    send(a, province, tmp_path)
    send(b, province, tmp_path)
    fields = ProposalFields(title="Đề nghị Giấy khen", year=2023, to_level="commune")
    proposed = receive(
        province.db, "admin", a.card.unit_id, fields, [ReceivedItem(kept.id, "GK_XA")], dt.date(2023, 12, 1)
    )
    assert duplicate_findings(province.db, proposed) == []

    duplicates.merge(province.db, "admin", kept.id, other.id)
    (found,) = duplicate_findings(province.db, proposed)
    assert found.already_awarded and found.subject_name == "Nông Thị Mai"
