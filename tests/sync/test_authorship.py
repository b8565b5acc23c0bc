"""Who wrote a change: every relayed change carries its origin's signature, checked on arrival."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from sqlalchemy import select

from desktop.changes import authorship
from desktop.changes.change import ERASABLE, Change
from desktop.db import Database
from desktop.models import PeerSite, SyncChange, SyncRoute
from desktop.services import people
from desktop.services.backups import make_backup, restore_backup
from desktop.services.movements import MovementPlan, movements, save_movement
from desktop.sync import cards
from desktop.sync.bundle import BundleRejected
from desktop.sync.exchange import import_bundle
from desktop.sync.status import peer_statuses
from tests.sync.conftest import Site, dump, forge, link
from tests.sync.test_exchange import add_person, created_change, logged_changes, person, person_names, send


def refused(site: Site, path, message: str) -> None:
    before = dump(site)
    with pytest.raises(BundleRejected, match=message):
        import_bundle(site.db, "admin", site.secrets, path)
    assert dump(site) == before


def signed(site: Site, change: Change) -> Change:
    authorship.sign(change, site.secrets.signing)
    return change


# -- the proof itself ----------------------------------------------------------------------------


def altered(change: Change, **parts) -> Change:
    """The change as it travels, with some parts replaced (given as they travel)."""
    return Change.from_json(json.loads(json.dumps({**change.as_json(), **parts})))


def test_a_signed_change_checks_and_any_altered_part_does_not(sites):
    a = sites["commune_a"]
    created = add_person(a, "Nông Văn Dền")
    change = signed(a, logged_changes(a, created.id)[0])
    key = a.secrets.signing.verify_key
    assert authorship.is_signed_by(change, key)
    assert not authorship.is_signed_by(change, sites["province"].secrets.signing.verify_key)
    for parts in (
        {"fields": {**change.fields, "full_name": "Giả mạo"}},
        {"unit": str(uuid.uuid4())},
        {"seq": change.seq + 1},
        {"hlc": "9999999999999.000000"},
        {"author": "khac"},
        {"proof": {}},
    ):
        assert not authorship.is_signed_by(altered(change, **parts), key), parts


def test_a_value_may_be_withheld_only_where_it_is_left_empty_and_may_be_withheld(sites):
    a = sites["commune_a"]
    created = people.create_person(
        a.db, "admin", people.PersonFields(full_name="Lò Thị Mai", birth_year=1950, id_number="001150000123")
    )
    change = signed(a, logged_changes(a, created.id)[0])
    key = a.secrets.signing.verify_key
    erased = altered(change)
    authorship.forget(erased.proof, "fields", erased.fields, ["id_number"])
    erased.fields["id_number"] = None
    assert authorship.is_signed_by(erased, key)
    salt = change.proof["salts"]["fields.id_number"]
    assert "fields.id_number" not in erased.proof.get("salts", {})  # forgotten with the value:
    kept = erased.proof["withheld"]["fields.id_number"]  # whoever tries every number cannot match it
    assert authorship._digest("fields.id_number", "001150000123", None) != kept
    assert authorship._digest("fields.id_number", "001150000123", salt) == kept

    smuggled = altered(erased, fields={**erased.fields, "id_number": "999999999999"})
    assert not authorship.is_signed_by(smuggled, key)  # a value where the proof says one was withheld

    emptied = altered(change)
    authorship.withhold(emptied, {**emptied.fields, "full_name": None})  # not a reference, not personal
    assert not authorship.is_signed_by(emptied, key)


# -- relays --------------------------------------------------------------------------------------


def test_a_district_relays_its_communes_changes_and_the_province_checks_who_wrote_them(sites, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    add_person(a, "Nông Văn Dền")
    send(a, district, tmp_path / "1")
    assert send(district, province, tmp_path / "2").counts["applied"] >= 1
    assert person_names(province) == {"Nông Văn Dền"}
    with province.db.session() as session:
        vouched = session.get(PeerSite, a.card.site_id)
        assert (vouched.role, vouched.unit_id) == ("commune", a.card.unit_id)  # the district vouched for it
        assert vouched.vouched_by_site_id == district.card.site_id
    listed = {peer.unit_name: peer.vouched_by for peer in cards.peers(province.db)}
    assert listed == {a.card.unit_name: district.card.unit_name, district.card.unit_name: ""}
    shown = {status.unit_name: status.vouched_by for status in peer_statuses(province.db)}
    assert shown == listed


def test_a_district_that_alters_a_communes_change_has_its_bundle_refused(sites, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    created = add_person(a, "Nông Văn Dền")
    send(a, district, tmp_path / "1")
    real = logged_changes(district, created.id)[0].as_json()
    assert real["proof"]["signature"]  # kept as it came
    altered = {**real, "fields": {**real["fields"], "full_name": "Đã sửa ở huyện"}}
    path = forge(district, province, [altered], tmp_path / "2", registry=_vouched(district, a))
    refused(province, path, "không đúng như Xã")


def _vouched(district: Site, commune: Site) -> list:
    from desktop.sync.bundle import Registered

    card = commune.card
    return [
        Registered(
            card.site_id,
            "commune",
            card.unit_id,
            card.unit_code,
            card.unit_name,
            card.signing_key,
            card.encryption_key,
        )
    ]


def test_a_commune_cannot_relay_a_site_it_does_not_vouch_for(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    _created, change = created_change(a, "Giả danh xã B")
    unknown = {**change, "origin": str(uuid.uuid4()), "seq": 1, "unit": str(b.card.unit_id)}
    refused(province, forge(a, province, [unknown], tmp_path), "không bảo lãnh")
    # nor vouch for one: a commune has no site below it
    stranger = {**_vouched(a, b)[0].__dict__, "site": uuid.UUID(unknown["origin"])}
    from desktop.sync.bundle import Registered

    path = forge(a, province, [unknown], tmp_path / "2", registry=[Registered(**stranger)])
    refused(province, path, "không bảo lãnh")


def test_a_commune_cannot_pass_a_change_off_as_the_provinces_own(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    _created, change = created_change(a, "Giả danh tỉnh")
    home = str(province.card.unit_id)
    as_province = {
        **change,
        "origin": str(province.card.site_id),
        "epoch": 1,
        "seq": 10_000,
        "unit": home,
        "fields": {**change["fields"], "owner_unit_id": home},
    }
    refused(province, forge(a, province, [as_province], tmp_path / "1"), "không đúng như")
    forged = signed(a, Change.from_json(as_province)).as_json()  # signed, but with the commune's key
    refused(province, forge(a, province, [forged], tmp_path / "2"), "không đúng như")


def test_a_forged_copy_of_a_real_change_does_not_keep_the_real_one_out(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    created, change = created_change(b, "Lục Thị Hoa")
    forged = {**change, "fields": {**change["fields"], "full_name": "Giả mạo"}}
    refused(province, forge(a, province, [forged], tmp_path / "1"), "không đúng như")
    assert send(b, province, tmp_path / "2").counts["applied"] == 1
    assert person(province, created.id).full_name == "Lục Thị Hoa"


@pytest.mark.sqlite_file
def test_a_restored_province_takes_its_own_changes_back_from_a_commune(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    saved = make_backup(province.db.path, tmp_path / "backup.sqlite", "admin")
    save_movement(
        province.db, "admin", MovementPlan(name="Thi đua dân vận khéo", start_date=dt.date(2026, 1, 1))
    )
    send(province, a, tmp_path / "1")
    province.db.close()
    restore_backup(province.db.path, saved, "admin")
    province.db = Database.open(province.db.path)
    assert movements(province.db) == []
    send(province, a, tmp_path / "2")  # its receipt shows what it lost
    result = send(a, province, tmp_path / "3")
    assert result.counts["applied"] == 1
    assert [row.name for row in movements(province.db)] == ["Thi đua dân vận khéo"]
    with province.db.session() as session:
        assert session.scalars(select(SyncRoute.unit_id)).all() == []  # its own unit is not reached via a


def test_an_erasure_made_before_a_district_relays_still_checks_at_the_province(sites, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    fields = people.PersonFields(
        full_name="Lò Thị Mai", birth_year=1950, gender="female", id_number="001150000123"
    )
    created = people.create_person(a.db, "admin", fields)
    send(a, district, tmp_path / "1")
    assert people.erase_personal_data(a.db, "admin", created.id) == ["id_number"]
    send(a, district, tmp_path / "2")  # the district forgets the number in its log, then relays both
    result = send(district, province, tmp_path / "3")
    assert result.counts["quarantined"] == 0
    kept = person(province, created.id)
    assert kept.full_name == "Lò Thị Mai" and kept.id_number is None
    for site in (district, province):
        with site.db.session() as session:
            rows = session.scalars(select(SyncChange).where(SyncChange.record_id == created.id))
            assert not any("001150000123" in f"{row.fields}{row.previous}{row.proof}" for row in rows)


personal = st.one_of(st.none(), st.text(max_size=12))


@settings(max_examples=60, deadline=None)
@given(
    values=st.fixed_dictionaries({name: personal for name in ERASABLE["person"]}),
    forgotten=st.sets(st.sampled_from(sorted(ERASABLE["person"]))),
    name=st.text(min_size=1, max_size=20),
)
def test_any_erasure_keeps_the_proof_and_any_other_change_of_a_value_breaks_it(values, forgotten, name):
    key = SigningKey(bytes(range(32)))
    fields = {"full_name": name, "birth_year": 1970, **values}
    previous = {"full_name": "Trước", **values}
    change = Change(
        uuid.UUID(int=1),
        1,
        7,
        uuid.UUID(int=2),
        "0000000000001.000000",
        "person",
        uuid.UUID(int=3),
        fields,
        previous,
        [],
        "admin",
    )
    authorship.sign(change, key)
    travelled = altered(change)
    for part in ("fields", "previous"):
        values_of = getattr(travelled, part)
        authorship.forget(travelled.proof, part, values_of, forgotten)
        values_of.update({field: None for field in forgotten if field in values_of})
    assert authorship.is_signed_by(travelled, key.verify_key)
    assert not authorship.is_signed_by(
        altered(travelled, fields={**travelled.fields, "full_name": name + "x"}), key.verify_key
    )
    kept = [field for field in values if field not in forgotten and values[field] is not None]
    for field in kept:
        assert not authorship.is_signed_by(
            altered(travelled, fields={**travelled.fields, field: None}), key.verify_key
        )
