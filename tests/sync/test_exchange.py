"""Bundles between levels: what goes up, what comes down, receipts, conflicts, quarantine."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.changes.change import Change
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.models import (
    AdminUnit,
    AuditEntry,
    Person,
    Setting,
    SyncChange,
    SyncConflict,
    SyncQuarantine,
    SyncRoute,
    TaskRating,
    utcnow,
)
from desktop.services import audit, people
from desktop.services.movements import MovementPlan, movements, save_movement
from desktop.services.search import search
from desktop.services.site import site_info
from desktop.services.site_keys import unlock
from desktop.sync import cards
from desktop.sync.bundle import AlreadyImported, BundleRejected
from desktop.sync.exchange import export_bundle, import_bundle, import_receipt, write_receipt
from desktop.sync.scope import Recipient, Router
from tests.conftest import ADMIN_PASSWORD
from tests.dump import dump as database_dump
from tests.sync.conftest import Site, forge, link


def send(sender: Site, recipient: Site, folder: Path):
    exported = export_bundle(sender.db, "admin", sender.secrets, recipient.card.site_id, folder)
    return import_bundle(recipient.db, "admin", recipient.secrets, exported.path)


def person_names(site: Site) -> set[str]:
    with site.db.session() as session:
        return set(session.scalars(select(Person.full_name).where(Person.deleted_at.is_(None))))


def add_person(site: Site, name: str) -> object:
    fields = people.PersonFields(full_name=name, birth_year=1980, gender="male")
    return people.create_person(site.db, "admin", fields)


def test_a_commune_person_reaches_the_province_and_not_another_commune(sites, tmp_path):
    a, province, b = sites["commune_a"], sites["province"], sites["commune_b"]
    link(a, province)
    link(b, province)
    add_person(a, "Nông Văn Dền")
    result = send(a, province, tmp_path)
    assert result.counts["applied"] == 1
    assert person_names(province) == {"Nông Văn Dền"}
    send(province, b, tmp_path)
    assert person_names(b) == set()


def rename(site: Site, person_id, **changes) -> None:
    with site.db.transaction("admin") as session:
        person = session.get(Person, person_id)
        for name, value in changes.items():
            setattr(person, name, value)


def person(site: Site, person_id) -> Person | None:
    with site.db.session() as session:
        return session.get(Person, person_id)


def test_notes_with_unicode_line_separators_travel_whole(sites, tmp_path):
    """Text pasted from a word processor may hold U+2028 and NEL; the bundle's lines must not
    break on them."""
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    notes = "Dòng một\u2028dòng hai\x85dòng ba\u2029hết"
    created = add_person(a, "Nông Văn Dền")
    rename(a, created.id, notes=notes)
    assert send(a, province, tmp_path).counts["applied"] == 2
    assert person(province, created.id).notes == notes


def test_three_levels_up_and_a_movement_launched_above_comes_down_to_every_commune(sites, tmp_path):
    a, b, district, province = sites["commune_a"], sites["commune_b"], sites["district"], sites["province"]
    link(a, district)
    link(b, district)
    link(district, province)
    add_person(a, "Nông Văn Dền")
    add_person(b, "Lục Thị Hoa")
    send(a, district, tmp_path)
    send(b, district, tmp_path)
    send(district, province, tmp_path)
    assert person_names(province) == {"Nông Văn Dền", "Lục Thị Hoa"}
    save_movement(
        province.db, "admin", MovementPlan(name="Thi đua chuyển đổi số", start_date=dt.date(2026, 1, 1))
    )
    send(province, district, tmp_path)
    send(district, a, tmp_path)
    send(district, b, tmp_path)
    for site in (a, b):
        assert [row.name for row in movements(site.db)] == ["Thi đua chuyển đổi số"]
        assert len(person_names(site)) == 1


def test_a_districts_own_unit_travels_up_so_its_own_records_apply_at_the_province(sites, tmp_path):
    district, province = sites["district"], sites["province"]
    link(district, province)
    add_person(district, "Hoàng Văn Pao")  # kept by the district itself, not by a commune
    result = send(district, province, tmp_path)
    assert (result.counts["applied"], result.counts["quarantined"]) == (2, 0)
    assert person_names(province) == {"Hoàng Văn Pao"}
    with province.db.session() as session:
        unit = session.get(AdminUnit, district.card.unit_id)
        assert (unit.name, unit.level, unit.parent_id, unit.owner_unit_id) == (
            "Huyện Bảo Lâm",
            "district",
            site_info(province.db).unit_id,
            unit.id,
        )


@pytest.mark.sqlite_file
def test_a_district_set_up_before_its_unit_travelled_sends_it_after_the_upgrade(sites, tmp_path, monkeypatch):
    from desktop.services import setup

    made_as_before = setup._home_unit

    def unowned(*args):  # as set-up did up to schema 0009
        unit = made_as_before(*args)
        unit.owner_unit_id = None
        return unit

    monkeypatch.setattr(setup, "_home_unit", unowned)
    path = tmp_path / "old-district.sqlite"
    old = Database.open(path, create=True)
    setup.init_site(old, "district", "04", "admin", ADMIN_PASSWORD, district_name="Huyện Bảo Lâm")
    with old.transaction("admin") as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    old.close()

    reopened = Database.open(path)  # upgraded to the current schema
    district = Site("district", reopened, unlock(reopened, ADMIN_PASSWORD))
    try:
        province = sites["province"]
        link(district, province)
        add_person(district, "Hoàng Văn Pao")
        result = send(district, province, tmp_path)
        assert (result.counts["applied"], result.counts["quarantined"]) == (2, 0)
    finally:
        district.db.close()


def test_receipts_stop_resending_and_a_second_import_is_refused(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    first = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "1")
    again = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "2")
    assert first.manifest.change_count == again.manifest.change_count == 1  # nothing is dropped on "sent"
    import_bundle(province.db, "admin", province.secrets, first.path)
    with pytest.raises(AlreadyImported, match="đã được nhập"):
        import_bundle(province.db, "admin", province.secrets, first.path)
    assert import_bundle(province.db, "admin", province.secrets, again.path).counts["already_held"] == 1
    send(province, a, tmp_path / "down")  # carries the province's receipt
    assert (
        export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "3").manifest.change_count
        == 0
    )


def test_two_pcs_of_one_commune_merge_fields_and_show_one_conflict(sites, tmp_path):
    a, a2, district = sites["commune_a"], sites["commune_a2"], sites["district"]
    link(a, district)
    link(a2, district)
    created = add_person(a, "Nông Văn Dền")
    send(a, district, tmp_path)
    send(district, a2, tmp_path)
    rename(a, created.id, position="Trưởng thôn", notes="Ghi chú A")
    rename(a2, created.id, workplace="Thôn Nà Pồng", notes="Ghi chú A2")
    send(a, district, tmp_path)
    send(a2, district, tmp_path)
    send(district, a, tmp_path)
    send(district, a2, tmp_path)
    views = [person(site, created.id) for site in (a, a2, district)]
    assert {(p.position, p.workplace, p.notes) for p in views} == {
        ("Trưởng thôn", "Thôn Nà Pồng", views[0].notes)
    }
    for site in (a, a2, district):
        with site.db.session() as session:
            conflicts = session.scalars(select(SyncConflict)).all()
        assert [(c.field, {c.winner_value, c.loser_value}) for c in conflicts] == [
            ("notes", {'"Ghi chú A"', '"Ghi chú A2"'})
        ]


def foreign_rename(writer: Site, person_id, bases: list[str]) -> dict:
    """A rename of a person, sent by a site that does not own it."""
    return {
        "origin": str(writer.card.site_id),
        "epoch": 1,
        "seq": 1,
        "unit": str(writer.card.unit_id),
        "hlc": "9999999999999.000000",
        "table": "person",
        "record": str(person_id),
        "fields": {"full_name": "Giả mạo"},
        "previous": {},
        "bases": bases,
        "author": "admin",
    }


def test_a_commune_cannot_write_another_communes_records(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    created = add_person(a, "Nông Văn Dền")
    send(a, province, tmp_path)
    with a.db.session() as session:
        insert_key = session.scalars(select(SyncChange).where(SyncChange.record_id == created.id)).one().key
    path = forge(b, province, [foreign_rename(b, created.id, [insert_key])], tmp_path)
    result = import_bundle(province.db, "admin", province.secrets, path)
    assert result.counts["quarantined"] == 1
    assert person_names(province) == {"Nông Văn Dền"}
    with province.db.session() as session:
        assert session.scalars(select(SyncQuarantine.reason)).all() == ["not_owner"]


def test_a_commune_cannot_pass_its_changes_off_as_the_provinces(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    _created, change = created_change(a, "Giả danh tỉnh")
    home = str(province.card.unit_id)
    as_province = {  # its own change, but for a new record of the province's
        **change,
        "seq": change["seq"] + 100,
        "unit": home,
        "record": str(uuid.uuid4()),
        "fields": {**change["fields"], "owner_unit_id": home},
    }
    result = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [as_province], tmp_path)
    )
    assert result.counts["quarantined"] == 1 and result.counts["applied"] == 0
    assert person_names(province) == set()
    with province.db.session() as session:
        reasons = session.execute(select(SyncQuarantine.reason, SyncQuarantine.detail)).all()
        assert reasons == [("not_owner", f"unit:{home}")]
        assert session.scalars(select(SyncRoute.unit_id)).all() == []  # no route learnt from them
    assert send(a, province, tmp_path / "honest").counts["applied"] == 1  # its own change, as it is


def created_change(site: Site, name: str) -> tuple[object, dict]:
    """A person added at `site`, and the change that logged it, as it travels."""
    created = add_person(site, name)
    with site.db.session() as session:
        logged = session.scalars(select(SyncChange).where(SyncChange.record_id == created.id)).one()
        return created, Change.from_log(logged).as_json()


def test_changes_to_tables_that_do_not_travel_are_quarantined_as_invalid(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    created, real = created_change(a, "Nông Văn Dền")
    local = {**real, "seq": real["seq"] + 1, "table": "app_user", "fields": {"role": "admin"}}
    unknown = {**real, "seq": real["seq"] + 2, "table": "khong_co", "fields": {"x": 1}}
    result = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [real, local, unknown], tmp_path)
    )
    assert (result.counts["applied"], result.counts["quarantined"]) == (1, 2)
    assert person(province, created.id).full_name == "Nông Văn Dền"
    with province.db.session() as session:
        details = session.scalars(select(SyncQuarantine.detail).order_by(SyncQuarantine.seq)).all()
    assert details == ["table:app_user", "table:khong_co"]


def test_a_number_too_big_for_the_database_is_quarantined_not_a_failed_import(sites, tmp_path):
    """Found by the bundle fuzzer: 2**63 in an integer field made SQLite raise OverflowError."""
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    created, real = created_change(a, "Nông Văn Dền")
    huge = {**real, "fields": {**real["fields"], "birth_year": 2**63}}
    result = import_bundle(province.db, "admin", province.secrets, forge(a, province, [huge], tmp_path))
    assert (result.counts["applied"], result.counts["quarantined"]) == (0, 1)
    with province.db.session() as session:
        assert session.scalars(select(SyncQuarantine.detail)).all() == ["value:birth_year"]


def test_a_revocation_by_the_province_comes_down_to_the_district(sites, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    cards.enroll(province.db, "admin", cards.read_card(cards.card_bytes(a.card, a.secrets)))
    cards.revoke(province.db, "admin", a.card.site_id, "Máy tính bị mất trộm")
    send(province, district, tmp_path / "down")
    add_person(a, "Nông Văn Dền")
    exported = export_bundle(a.db, "admin", a.secrets, district.card.site_id, tmp_path / "up")
    with pytest.raises(BundleRejected, match="Máy tính bị mất trộm"):
        import_bundle(district.db, "admin", district.secrets, exported.path)


def test_a_commune_learns_the_province_from_its_district_and_can_then_send_straight_to_it(sites, tmp_path):
    """When the district is dissolved, its communes report to the province without a card trip."""
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    cards.enroll(province.db, "admin", cards.read_card(cards.card_bytes(a.card, a.secrets)))
    with pytest.raises(NotFoundError):
        export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "early")
    send(district, a, tmp_path / "down")
    learnt = {peer.id: peer for peer in cards.peers(a.db)}
    assert learnt[province.card.site_id].unit_name == province.card.unit_name == "Tỉnh Cao Bằng"
    add_person(a, "Nông Văn Dền")
    taken = send(a, province, tmp_path / "up")
    assert taken.counts["applied"] >= 1 and taken.manifest.to_unit == "Tỉnh Cao Bằng"
    assert send(province, district, tmp_path / "again").manifest.from_unit == "Tỉnh Cao Bằng"
    assert "Nông Văn Dền" in person_names(province)


def test_a_receipt_file_acknowledges_without_a_bundle_going_back(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    result = send(a, province, tmp_path)
    receipt = write_receipt(tmp_path / "receipt.json", result.receipt, province.secrets)
    import_receipt(a.db, "admin", receipt)
    assert (
        export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "2").manifest.change_count
        == 0
    )
    altered = tmp_path / "altered.json"
    altered.write_text(
        receipt.read_text(encoding="utf-8").replace('"held": 1', '"held": 9'), encoding="utf-8"
    )
    with pytest.raises(BundleRejected, match="Chữ ký của biên nhận không khớp"):
        import_receipt(a.db, "admin", altered)


def test_a_change_the_database_refuses_is_quarantined_alone(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    good, bad = add_person(a, "Nông Văn Dền"), add_person(a, "Lò Thị Mai")
    with a.db.session() as session:
        logged = {row.record_id: row for row in session.scalars(select(SyncChange))}
    changes = []
    for person_id in (bad.id, good.id):  # the refused one first: the next must not pay for it
        travelled = Change.from_log(logged[person_id]).as_json()
        if person_id == bad.id:
            travelled["fields"]["gender"] = "khong-ro"  # outside the closed list: a CHECK refuses it
        changes.append(travelled)
    result = import_bundle(province.db, "admin", province.secrets, forge(a, province, changes, tmp_path))
    assert (result.counts["applied"], result.counts["quarantined"]) == (1, 1)
    assert person_names(province) == {"Nông Văn Dền"}
    with province.db.session() as session:
        assert session.scalars(select(SyncQuarantine.reason)).all() == ["invalid"]


def logged_changes(site: Site, record_id) -> list[Change]:
    """The changes `site` logged for one record, in order."""
    with site.db.session() as session:
        rows = session.scalars(
            select(SyncChange).where(SyncChange.record_id == record_id).order_by(SyncChange.seq)
        )
        return [Change.from_log(row) for row in rows]


def test_a_change_that_arrives_before_its_record_waits_and_is_applied_when_the_record_comes(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    created = add_person(a, "Nông Văn Dền")
    rename(a, created.id, position="Trưởng thôn")
    insert_, edit = [change.as_json() for change in logged_changes(a, created.id)]
    early = import_bundle(province.db, "admin", province.secrets, forge(a, province, [edit], tmp_path / "1"))
    assert early.counts["quarantined"] == 1 and person_names(province) == set()
    late = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [insert_], tmp_path / "2")
    )
    assert (late.counts["applied"], late.released) == (1, 1)
    assert person(province, created.id).position == "Trưởng thôn"
    with province.db.session() as session:
        assert session.scalars(select(SyncQuarantine)).all() == []


def test_waiting_changes_stay_until_what_they_wait_for_comes_then_go_in_a_chain(sites, tmp_path):
    """A rating waits for its person, whose second change waits for the first: a bundle bringing
    something else releases neither; the first change releases both."""
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    created = add_person(a, "Nông Văn Dền")
    rename(a, created.id, position="Trưởng thôn")
    with a.db.transaction("admin") as session:
        session.add(TaskRating(person_id=created.id, year=2025, rating="HTT"))
    with a.db.session() as session:
        rating = session.scalars(select(TaskRating.id)).one()
    insert_, edit = [change.as_json() for change in logged_changes(a, created.id)]
    (rated,) = [change.as_json() for change in logged_changes(a, rating)]
    early = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [edit, rated], tmp_path / "1")
    )
    assert early.counts["quarantined"] == 2
    other = created_change(a, "Lò Thị Mai")[1]
    unrelated = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [other], tmp_path / "2")
    )
    assert (unrelated.counts["applied"], unrelated.released) == (1, 0)
    late = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [insert_], tmp_path / "3")
    )
    assert (late.counts["applied"], late.released) == (1, 2)
    with province.db.session() as session:
        assert session.scalars(select(SyncQuarantine)).all() == []
        assert session.scalars(select(TaskRating.person_id)).all() == [created.id]


def test_a_sender_with_too_many_changes_waiting_has_its_bundle_refused(sites, tmp_path, monkeypatch):
    from desktop.sync import exchange

    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    monkeypatch.setattr(exchange, "MAX_WAITING", 1)
    edits = []
    for name in ("Nông Văn Dền", "Lò Thị Mai"):
        created = add_person(a, name)
        rename(a, created.id, position="Trưởng thôn")
        edits.append(logged_changes(a, created.id)[1].as_json())
    import_bundle(province.db, "admin", province.secrets, forge(a, province, edits[:1], tmp_path / "1"))
    before = database_dump(province.db)
    with pytest.raises(BundleRejected, match="Hơn 1 thay đổi của Xã Bảo Lâm đang chờ"):
        import_bundle(province.db, "admin", province.secrets, forge(a, province, edits[1:], tmp_path / "2"))
    assert database_dump(province.db) == before


def test_an_erasure_reaches_the_province_and_its_change_log_forgets_the_values_too(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    fields = people.PersonFields(
        full_name="Lò Thị Mai", birth_year=1950, gender="female", id_number="001150000123"
    )
    created = people.create_person(a.db, "admin", fields)
    send(a, province, tmp_path / "first")
    assert person(province, created.id).id_number == "001150000123"

    assert people.erase_personal_data(a.db, "admin", created.id) == ["id_number"]
    send(a, province, tmp_path / "second")

    kept = person(province, created.id)
    assert kept.id_number is None and kept.full_name == "Lò Thị Mai" and kept.birth_year == 1950
    for site in (a, province):
        with site.db.session() as session:
            logged = [f"{row.fields} {row.previous}" for row in session.scalars(select(SyncChange))]
        assert not any("001150000123" in text for text in logged), site.name


def _rebuild_chain(site: Site, edit_entry: int) -> None:
    """What an insider with the file and the know-how does: edit an entry, then hash the whole
    chain again so that the site's own check finds nothing."""
    with site.db.transaction("admin") as session:
        session.execute(
            text("UPDATE audit_entry SET username = 'nguoi-khac' WHERE id = :id"), {"id": edit_entry}
        )
        previous = audit.GENESIS
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            entry.prev_hash = previous
            entry.hash = audit._digest(previous, entry)
            previous = entry.hash
        session.get(Setting, audit.HEAD_KEY).value = f"{entry.id}:{entry.hash}"


def test_a_rebuilt_audit_chain_is_noticed_by_the_province_at_the_next_import(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    for number in range(audit.CHECKPOINT_EVERY):  # past the first checkpoint
        add_person(a, f"Nông Văn Dền {number}")
    first = send(a, province, tmp_path / "first")
    assert first.audit_rebuilt_from is None
    add_person(a, "Lò Thị Mai")
    assert send(a, province, tmp_path / "second").audit_rebuilt_from is None  # a longer chain holds

    _rebuild_chain(a, edit_entry=10)
    with a.db.session() as session:  # the commune's own check sees it: the export signed its head
        reasons = [item.reason for item in audit.verify_chain(session)]
        assert reasons == ["entries up to the one signed with this site's key were changed or removed"]
    add_person(a, "Sùng A Páo")
    third = send(a, province, tmp_path / "third")

    assert third.audit_rebuilt_from == audit.CHECKPOINT_EVERY and third.counts["applied"] == 1
    with province.db.session() as session:
        found = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync.audit_rebuilt")).one()
    assert json.loads(found.details)["from_entry"] == audit.CHECKPOINT_EVERY
    add_person(a, "Vàng Thị Mỷ")
    assert send(a, province, tmp_path / "fourth").audit_rebuilt_from is None  # reported once


def test_an_empty_audit_chain_after_a_longer_one_is_reported_at_the_province(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    assert send(a, province, tmp_path / "first").audit_rebuilt_from is None
    _created, change = created_change(a, "Nông Văn Dền")
    cut = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [change], tmp_path, audit={})
    )
    assert cut.audit_rebuilt_from == 1 and cut.counts["applied"] == 1


def test_what_arrives_is_found_by_name_and_later_renames_and_deletions_keep_the_index_current(
    sites, tmp_path
):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    kept, gone, brief = (add_person(a, name) for name in ("Nông Văn Dền", "Lò Thị Mai", "Hoàng Văn Pao"))
    rename(a, brief.id, deleted_at=utcnow())  # deleted before the bundle leaves: it arrives deleted

    def found(text: str) -> list:
        return [hit.id for hit in search(province.db, text)]

    send(a, province, tmp_path)
    assert (found("nong van"), found("lo thi mai"), found("pao")) == ([kept.id], [gone.id], [])
    fields = people.person_fields(a.db, kept.id)
    people.update_person(a.db, "admin", kept.id, replace(fields, full_name="Nông Văn Dần"))
    rename(a, gone.id, deleted_at=utcnow())
    send(a, province, tmp_path)
    assert (found("nong van dan"), found("den"), found("mai")) == ([kept.id], [], [])


def test_a_province_passes_over_another_communes_changes_for_a_commune_and_they_are_acknowledged(
    sites, tmp_path
):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    add_person(a, "Nông Văn Dền")
    send(a, province, tmp_path / "1")
    home = province.card.unit_id
    with province.db.engine.connect() as connection:
        to_b = Router(connection, home, Recipient(b.card.unit_id, upper=False))
        assert to_b.concerns_none({a.card.unit_id})
        assert not to_b.concerns_none({a.card.unit_id, home})  # the province's own decisions go down
        assert not to_b.concerns_none({b.card.unit_id})
        assert not Router(connection, home, Recipient(b.card.unit_id, upper=True)).concerns_none(
            {a.card.unit_id}
        )

    down = export_bundle(province.db, "admin", province.secrets, b.card.site_id, tmp_path / "2")
    (range_a,) = [item for item in down.manifest.ranges if item.origin == a.card.site_id]
    assert (range_a.first, range_a.last, range_a.count) == (1, 1, 0)
    import_bundle(b.db, "admin", b.secrets, down.path)
    assert person_names(b) == set()
    send(b, province, tmp_path / "3")  # b's bundle tells the province what b holds
    again = export_bundle(province.db, "admin", province.secrets, b.card.site_id, tmp_path / "4")
    assert a.card.site_id not in {item.origin for item in again.manifest.ranges}
