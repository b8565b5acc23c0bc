"""The stick between offices, the per-office status, and a person settling conflicts and quarantine."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import AuditEntry, Person, SyncQuarantine
from desktop.progress import Cancelled
from desktop.sync import cards, exchange, resolve, stick
from desktop.sync.drives import linux_roots
from desktop.sync.exchange import export_bundle, import_bundle
from desktop.sync.status import peer_statuses
from tests.sync.conftest import Site, dump, forge, link
from tests.sync.test_exchange import add_person, foreign_rename, logged_changes, person, rename, send


def export_to(sender: Site, recipient: Site, root: Path) -> Path:
    return export_bundle(
        sender.db, "admin", sender.secrets, recipient.card.site_id, stick.folder_on(root)
    ).path


def test_linux_sticks_are_found_under_the_media_folders_with_escaped_spaces():
    mounts = (
        "/dev/sda1 / ext4 rw 0 0\n"
        "/dev/sdb1 /media/thu/USB\\040XA vfat rw 0 0\n"
        "/dev/sdc1 /run/media/lan/KINGSTON vfat rw 0 0\n"
        "tmpfs /run/user/1000 tmpfs rw 0 0\n"
    )
    assert linux_roots(mounts) == [
        (Path("/media/thu/USB XA"), "USB XA"),
        (Path("/run/media/lan/KINGSTON"), "KINGSTON"),
    ]


def _bundles_for_the_province(sites, tmp_path) -> list[Path]:
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    add_person(a, "Nông Văn Dền")
    add_person(b, "Lò Thị Mai")
    root = tmp_path / "usb"
    return [export_to(a, province, root), export_to(b, province, root)]


def test_the_stick_shows_headers_only_and_takes_in_what_is_addressed_here(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    _bundles_for_the_province(sites, tmp_path)
    root = tmp_path / "usb"
    (stick.folder_on(root) / "hong.svb").write_bytes(b"PK\x03\x04 not a bundle")
    card = stick.write_card(a.db, a.secrets, root)

    at_province = stick.stick_contents(province.db, root)
    kinds = sorted((item.kind, item.from_unit, item.for_here, item.taken) for item in at_province)
    unit_a, unit_b = a.card.unit_name, b.card.unit_name
    assert kinds == sorted(
        [
            ("bundle", unit_a, True, False),
            ("bundle", unit_b, True, False),
            ("card", unit_a, True, True),  # enrolled already
            ("damaged", "", False, False),
        ]
    )
    assert {item.changes for item in at_province if item.kind == "bundle"} == {1}
    assert cards.read_card(card.read_bytes()).site_id == a.card.site_id

    waiting = stick.waiting_here(at_province)
    outcomes = stick.import_files(province.db, "admin", province.secrets, waiting)
    assert [outcome.result.counts["applied"] for outcome in outcomes] == [1, 1]
    with province.db.session() as session:
        assert set(session.scalars(select(Person.full_name))) == {"Nông Văn Dền", "Lò Thị Mai"}

    again = stick.stick_contents(province.db, root)
    assert stick.waiting_here(again) == []
    assert sum(item.taken for item in again if item.kind == "bundle") == 2
    # the receipts wait on the stick for each commune, which takes its own and not the other's
    at_a = stick.stick_contents(a.db, root)
    receipts = [item for item in at_a if item.kind == "receipt"]
    assert sorted(item.for_here for item in receipts) == [False, True]
    taken = stick.import_files(a.db, "admin", a.secrets, stick.waiting_here(at_a))
    assert [outcome.receipt_taken for outcome in taken] == [True]
    assert stick.waiting_here(stick.stick_contents(a.db, root)) == []

    assert stick.remove_taken(again) == 2
    assert not any(
        path.suffix == ".svb" and "sovang-" in path.name for path in stick.folder_on(root).iterdir()
    )


def test_a_refused_file_is_reported_and_the_others_are_taken(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    root = tmp_path / "usb"
    good = export_to(a, province, root)
    wrong = export_to(a, province, tmp_path / "other")  # a second bundle, imported by a commune
    (outcome,) = stick.import_files(b.db, "admin", b.secrets, [wrong])
    assert outcome.result is None and not outcome.already
    assert outcome.summary() == f"{wrong.name}: bị từ chối. {outcome.refused}"
    assert a.card.unit_name not in outcome.refused and province.card.unit_name in outcome.refused
    both = stick.import_files(province.db, "admin", province.secrets, [good, good])
    assert both[0].result is not None and both[1].already
    assert both[1].summary().startswith(f"{good.name}: ")


def test_a_stick_of_refused_bundles_leaves_the_database_as_it_was(sites, tmp_path):
    """Verified before the automatic backup: not even the backup's entry in the audit trail."""
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    good = export_to(a, province, tmp_path / "usb")
    stick.import_files(province.db, "admin", province.secrets, [good])
    before = dump(b)
    again = stick.import_files(province.db, "admin", province.secrets, [good])
    (wrong,) = stick.import_files(b.db, "admin", b.secrets, [good])
    assert again[0].already and wrong.refused
    assert dump(b) == before


def test_the_status_of_each_office_shows_what_it_has_not_confirmed_and_what_is_missing(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    for name in ("Nông Văn Dền", "Lò Thị Mai", "Hoàng Văn Pao"):
        add_person(a, name)
    (upper,) = peer_statuses(a.db)
    assert (upper.upper, upper.unconfirmed, upper.last_bundle_at) == (True, 3, None)

    send(a, province, tmp_path / "1")
    (commune,) = peer_statuses(province.db)
    assert (commune.upper, commune.missing, commune.quarantined) == (False, 0, 0)
    assert commune.last_bundle_at is not None and commune.last_receipt_at is not None

    add_person(a, "Vàng Seo Chứ")
    add_person(a, "Sùng A Lử")
    send(province, a, tmp_path / "2")  # its receipt tells the province the commune wrote two more
    assert peer_statuses(a.db)[0].unconfirmed == 2  # the receipt of bundle 1 never went back
    receipt_back = export_to(a, province, tmp_path / "3")
    assert peer_statuses(a.db)[0].unconfirmed == 2
    import_bundle(province.db, "admin", province.secrets, receipt_back)
    assert peer_statuses(province.db)[0].missing == 0
    send(province, a, tmp_path / "4")
    assert peer_statuses(a.db)[0].unconfirmed == 0


def test_missing_changes_show_when_a_receipt_says_more_was_written_than_arrived(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    send(a, province, tmp_path / "1")
    add_person(a, "Lò Thị Mai")
    add_person(a, "Hoàng Văn Pao")
    down = export_bundle(province.db, "admin", province.secrets, a.card.site_id, tmp_path / "2").path
    result = import_bundle(a.db, "admin", a.secrets, down)
    from desktop.sync.exchange import import_receipt, write_receipt

    receipt = write_receipt(tmp_path / "r.json", result.receipt, a.secrets)
    import_receipt(province.db, "admin", receipt)
    assert peer_statuses(province.db)[0].missing == 2


def _conflict(sites, tmp_path) -> tuple[Site, Site, object]:
    a, a2, district = sites["commune_a"], sites["commune_a2"], sites["district"]
    link(a, district)
    link(a2, district)
    created = add_person(a, "Nông Văn Dền")
    send(a, district, tmp_path / "1")
    send(district, a2, tmp_path / "2")
    rename(a, created.id, notes="Ghi chú A")
    rename(a2, created.id, notes="Ghi chú A2")
    send(a2, district, tmp_path / "3")
    send(district, a, tmp_path / "4")
    return a, district, created


def test_a_person_puts_back_the_value_set_aside_and_it_travels_as_an_edit(sites, tmp_path):
    a, district, created = _conflict(sites, tmp_path)
    (conflict,) = resolve.open_conflicts(a.db)
    assert (conflict.record, resolve.field_name(conflict.field)) == ("Nông Văn Dền", "Ghi chú")
    assert {conflict.kept, conflict.other} == {"Ghi chú A", "Ghi chú A2"}
    assert peer_statuses(a.db)[0].conflicts == 0  # between this commune's two PCs, not with the district
    resolve.take_other(a.db, "admin", conflict.id)
    assert person(a, created.id).notes == conflict.other
    assert resolve.open_conflicts(a.db) == []
    with pytest.raises(Exception, match="đã được giải quyết"):
        resolve.keep_current(a.db, "admin", conflict.id)
    send(a, district, tmp_path / "5")
    assert person(district, created.id).notes == conflict.other
    by_site = {row.id: row.conflicts for row in peer_statuses(district.db)}
    assert by_site[a.card.site_id] == 1  # the district saw both edits: its own row waits for a person there
    with a.db.session() as session:
        assert session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("sync.conflict%"))
        ).all() == ["sync.conflict_other"]


def test_a_conflict_whose_record_changed_again_is_not_overwritten(sites, tmp_path):
    a, _district, created = _conflict(sites, tmp_path)
    (conflict,) = resolve.open_conflicts(a.db)
    rename(a, created.id, notes="Ghi chú mới")
    with pytest.raises(ValidationError, match="đã được sửa lại"):
        resolve.take_other(a.db, "admin", conflict.id)
    assert person(a, created.id).notes == "Ghi chú mới"
    resolve.keep_current(a.db, "admin", conflict.id)
    assert resolve.open_conflicts(a.db) == []


def test_the_upper_level_cannot_put_back_a_value_in_a_communes_record(sites, tmp_path):
    a, district, created = _conflict(sites, tmp_path)
    send(a, district, tmp_path / "5")
    (conflict,) = resolve.open_conflicts(district.db)
    with pytest.raises(ValidationError, match="Chỉ đơn vị"):
        resolve.take_other(district.db, "admin", conflict.id)
    assert resolve.open_conflicts(district.db)[0].id == conflict.id


def test_quarantined_changes_are_retried_or_set_aside_by_a_person(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    created = add_person(a, "Nông Văn Dền")
    send(a, province, tmp_path / "1")
    import_bundle(
        province.db,
        "admin",
        province.secrets,
        forge(b, province, [foreign_rename(b, created.id, [])], tmp_path / "2"),
    )
    (item,) = resolve.quarantined(province.db)
    by_site = {row.id: row.quarantined for row in peer_statuses(province.db)}
    assert by_site == {a.card.site_id: 0, b.card.site_id: 1}
    assert (item.record, item.origin, item.fields) == ("Nông Văn Dền", b.card.unit_name, ["Họ và tên"])
    assert resolve.reason_text(item.reason).startswith("Đơn vị gửi không được sửa")
    assert resolve.retry(province.db, "admin", item.id) is False
    with pytest.raises(ValidationError):
        resolve.set_aside(province.db, "admin", item.id, "  ")
    resolve.set_aside(province.db, "admin", item.id, "Xã khác sửa nhầm hồ sơ")
    assert resolve.quarantined(province.db) == []
    assert person(province, created.id).full_name == "Nông Văn Dền"
    with province.db.session() as session:
        assert session.scalars(select(SyncQuarantine)).all() == []
        assert session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "sync.quarantine_set_aside")
        ).all() == ["sync.quarantine_set_aside"]


def test_a_waiting_change_applies_when_retried_once_its_record_is_here(sites, tmp_path):
    from desktop.services.unit_tree import UnitTree
    from desktop.sync.merge import Merger

    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    created = add_person(a, "Nông Văn Dền")
    rename(a, created.id, position="Trưởng thôn")
    insert_, edit = logged_changes(a, created.id)
    import_bundle(province.db, "admin", province.secrets, forge(a, province, [edit.as_json()], tmp_path))
    (item,) = resolve.quarantined(province.db)
    assert item.reason == "waiting" and item.record == "(không có ở đây)"
    with province.db.transaction("admin") as session:  # the record arrives by a path that retries nothing
        connection = session.connection()
        Merger(connection, UnitTree(connection), None).apply([insert_])
    assert resolve.retry(province.db, "admin", item.id) is True
    assert person(province, created.id).position == "Trưởng thôn"
    assert resolve.quarantined(province.db) == []


def _receipts_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"receipt-*{stick.RECEIPT_SUFFIX}"))


def test_a_failure_undoes_the_uncommitted_bundles_and_no_receipt_acknowledges_them(
    sites, tmp_path, monkeypatch
):
    province = sites["province"]
    paths = _bundles_for_the_province(sites, tmp_path)
    apply = exchange._apply
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("mất điện")
        return apply(*args, **kwargs)

    monkeypatch.setattr(exchange, "_apply", failing_second)
    with pytest.raises(RuntimeError):
        stick.import_files(province.db, "admin", province.secrets, paths)
    # On SQLite the two bundles share a transaction; on a shared server each commits alone.
    kept = set() if province.db.is_sqlite else {"Nông Văn Dền"}
    with province.db.session() as session:
        assert set(session.scalars(select(Person.full_name))) == kept
    assert len(_receipts_in(paths[0].parent)) == len(kept)

    monkeypatch.setattr(exchange, "_apply", apply)
    outcomes = stick.import_files(province.db, "admin", province.secrets, paths)
    assert [outcome.already for outcome in outcomes] == [bool(kept), False]
    with province.db.session() as session:
        assert set(session.scalars(select(Person.full_name))) == {"Nông Văn Dền", "Lò Thị Mai"}
    assert len(_receipts_in(paths[0].parent)) == 2


def test_a_cancel_keeps_the_bundles_taken_and_writes_their_receipts(sites, tmp_path):
    province = sites["province"]
    paths = _bundles_for_the_province(sites, tmp_path)
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        stick.import_files(
            province.db,
            "admin",
            province.secrets,
            paths,
            progress=lambda done, total: cancel.set(),
            cancel=cancel,
        )
    with province.db.session() as session:
        assert set(session.scalars(select(Person.full_name))) == {"Nông Văn Dền"}
    (receipt,) = _receipts_in(paths[0].parent)
    assert json.loads(receipt.read_text())["receipt"]["to_site"] == str(sites["commune_a"].card.site_id)
