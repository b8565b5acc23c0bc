"""Epochs and the first log: a copied or restored file never reuses a number, an upgraded one
sends everything it held, and decisions come down only to those they concern."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from desktop.changes import clock
from desktop.changes.capture import BASELINE_KEY
from desktop.db import Database
from desktop.models import Award, Decision, Person, Setting, Site, SyncChange
from desktop.services.backups import make_backup, restore_backup
from tests.sync.conftest import Site as SyncSite
from tests.sync.conftest import link
from tests.sync.test_exchange import add_person, person_names, send


def epoch_of(db: Database) -> int:
    with db.session() as session:
        return session.scalars(select(Site.epoch)).one()


@pytest.mark.sqlite_file
def test_a_copied_file_takes_a_new_epoch_and_both_copies_reach_the_province(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    add_person(a, "Trước khi chép")
    start = epoch_of(a.db)
    Database.open(a.db.path).close()
    assert epoch_of(a.db) == start  # the same file at the same place keeps its epoch
    copy_path = tmp_path / "copy.sqlite"
    a.db.close()  # an officer copies the file with the app closed
    shutil.copyfile(a.db.path, copy_path)
    a.db = Database.open(a.db.path)
    copy = SyncSite("copy", Database.open(copy_path), a.secrets)
    try:
        assert epoch_of(copy.db) > start
        add_person(a, "Trên máy gốc")
        add_person(copy, "Trên máy chép")
        send(a, province, tmp_path / "1")
        result = send(copy, province, tmp_path / "2")
        assert result.counts["conflicts"] == result.counts["quarantined"] == 0
        assert person_names(province) == {"Trước khi chép", "Trên máy gốc", "Trên máy chép"}
    finally:
        copy.db.close()


@pytest.mark.sqlite_file
def test_two_copies_of_one_file_opened_at_different_times_take_different_epochs(sites, tmp_path, monkeypatch):
    """As when a file is copied while the app runs, without the write-ahead log that held its
    latest epoch: the copy starts from the epoch the original has already left."""
    a = sites["commune_a"]
    a.db.close()
    copies = [tmp_path / "copy-1.sqlite", tmp_path / "copy-2.sqlite"]
    epochs = []
    for number, path in enumerate(copies):
        shutil.copyfile(a.db.path, path)
        monkeypatch.setattr(clock, "now_ms", lambda number=number: 1_900_000_000_000 + number * 5_000)
        db = Database.open(path)
        epochs.append(epoch_of(db))
        db.close()
    a.db = Database.open(a.db.path)
    assert epochs[0] != epochs[1] and min(epochs) > epoch_of(a.db)


def _sent_after_a_backup(a: SyncSite, province: SyncSite, tmp_path) -> tuple[int, object]:
    """Commune `a` backed up, then sent one more person; its epoch at the backup, and the backup."""
    link(a, province)
    start = epoch_of(a.db)
    saved = make_backup(a.db.path, tmp_path / "backup.sqlite", "admin")
    add_person(a, "Sau bản sao lưu")
    send(a, province, tmp_path / "1")
    a.db.close()
    return start, saved


@pytest.mark.sqlite_file
def test_a_restored_site_gets_back_from_the_province_what_it_had_sent(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    start, saved = _sent_after_a_backup(a, province, tmp_path)
    assert restore_backup(a.db.path, saved, "admin") == start + 1
    a.db = Database.open(a.db.path)
    assert person_names(a) == set()
    add_person(a, "Sau khi phục hồi")
    assert send(a, province, tmp_path / "2").counts["applied"] == 1  # its receipt shows what it lost
    send(province, a, tmp_path / "3")
    assert person_names(a) == {"Sau bản sao lưu", "Sau khi phục hồi"}


@pytest.mark.sqlite_file
def test_a_backup_copied_back_by_hand_takes_a_new_epoch_and_loses_nothing_at_the_province(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    start, saved = _sent_after_a_backup(a, province, tmp_path)
    shutil.copyfile(saved, a.db.path)  # in Explorer, the app closed: not through Sổ Vàng's restore
    a.db = Database.open(a.db.path)
    assert epoch_of(a.db) > start
    add_person(a, "Sau khi chép đè")  # numbered in the new epoch, not as the change already sent
    assert send(a, province, tmp_path / "2").counts["applied"] == 1
    assert person_names(province) == {"Sau bản sao lưu", "Sau khi chép đè"}


@pytest.mark.sqlite_file
def test_records_from_before_the_change_log_are_logged_once(sites, tmp_path):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    for name in ("Một", "Hai", "Ba"):
        add_person(a, name)
    with a.db.transaction("admin") as session:  # as a database made before schema 0007 looks
        session.execute(delete(SyncChange))
        session.execute(delete(Setting).where(Setting.key == BASELINE_KEY))
    a.db.close()
    a.db = Database.open(a.db.path)
    with a.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncChange)) == 3
    a.db.close()
    a.db = Database.open(a.db.path)
    with a.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncChange)) == 3
    send(a, province, tmp_path)
    assert person_names(province) == {"Một", "Hai", "Ba"}


def test_a_decision_comes_down_with_only_the_awards_of_each_communes_people(sites, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    ours, theirs = add_person(a, "Người xã A"), add_person(b, "Người xã B")
    send(a, province, tmp_path / "1")
    send(b, province, tmp_path / "2")
    with province.db.transaction("admin") as session:
        decision = Decision(
            number="12/QĐ-UBND",
            number_key="12/qd-ubnd",
            name_key="khen thuong",
            signed_on=dt.date(2026, 11, 20),
            issuer_unit_id=province.card.unit_id,
            authority="chu_tich_tinh",
            summary="Khen thưởng",
        )
        session.add(decision)
        session.flush()
        for person_id in (ours.id, theirs.id):
            session.add(
                Award(
                    decision_id=decision.id,
                    person_id=person_id,
                    award_code="BK_TINH",
                    year=2026,
                    reward_amount=Decimal(1_500_000),
                )
            )
    send(province, a, tmp_path / "3")
    send(province, b, tmp_path / "4")
    for site, person_id in ((a, ours.id), (b, theirs.id)):
        with site.db.session() as session:
            assert session.scalars(select(Decision.number)).all() == ["12/QĐ-UBND"]
            assert session.scalars(select(Award.person_id)).all() == [person_id]
            assert session.scalars(select(Award.reward_amount)).all() == [Decimal(1_500_000)]
            assert session.scalar(select(func.count()).select_from(Person)) == 1
