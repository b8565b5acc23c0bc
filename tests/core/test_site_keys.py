"""Site identity for sync: keys sealed under the administrator's password, signed cards, enrolment
and revocation between levels."""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import PeerSite, SiteKeys
from desktop.services import site_keys
from desktop.services.site_keys import KeysLocked, ensure_keys, public_keys, unlock
from desktop.sync.cards import CardError, card_bytes, enroll, own_card, peers, read_card, revoke
from tests.conftest import ADMIN_PASSWORD as PASSWORD


def test_a_new_site_has_keys_whose_private_halves_open_only_with_the_password(commune_db):
    keys = public_keys(commune_db)
    assert keys is not None and len(keys.signing) == len(keys.encryption) == 32
    secrets = unlock(commune_db, PASSWORD)
    assert bytes(secrets.signing.verify_key) == keys.signing
    assert bytes(secrets.encryption.public_key) == keys.encryption
    with commune_db.session() as session:
        sealed = session.scalars(select(SiteKeys.sealed_private)).one()
    assert bytes(secrets.signing) not in sealed and bytes(secrets.encryption) not in sealed
    with pytest.raises(KeysLocked):
        unlock(commune_db, "sai-mat-khau")


@pytest.mark.sqlite_file
def test_keys_and_office_copies_sealed_at_the_old_setting_are_sealed_again_when_the_password_opens_them(
    commune_db, tmp_path
):
    """A database from before keeps its keys, and its copies on the office's stick, at 64 MB; the
    first time the password opens the keys, both are sealed again at today's setting."""
    from desktop.services import auto_backup, key_renewal, sealed_backups
    from desktop.services.office import office_settings, save_office_settings
    from desktop.services.people import PersonFields, create_person

    secrets = unlock(commune_db, PASSWORD)
    weak_ops, weak_mem = site_keys.KDF.OPSLIMIT_INTERACTIVE, site_keys.KDF.MEMLIMIT_INTERACTIVE
    salt = b"\x01" * site_keys.KDF.SALTBYTES
    box = site_keys._box(PASSWORD, salt, weak_ops, weak_mem)
    with commune_db.transaction("admin") as session:
        stored = session.scalars(select(SiteKeys)).one()
        assert (
            (stored.kdf_ops, stored.kdf_mem) == (site_keys.KDF_OPS, site_keys.KDF_MEM) == (3, 256 * 1024**2)
        )
        stored.sealed_private = bytes(box.encrypt(bytes(secrets.signing) + bytes(secrets.encryption)))
        stored.kdf_salt, stored.kdf_ops, stored.kdf_mem = salt, weak_ops, weak_mem
    stick = tmp_path / "usb"
    stick.mkdir()
    settings = office_settings(commune_db)
    settings.backup_folder, settings.signer_name = str(stick), "Lò Văn Mon"
    save_office_settings(commune_db, "admin", settings)
    create_person(commune_db, "admin", PersonFields(full_name="Lò Văn Pọm"))
    made = auto_backup.automatic_backup(commune_db, auto_backup.AT_CLOSE)
    assert made is not None and made.copy is not None
    assert sealed_backups.read_header(made.copy)["keys"]["kdf_ops"] == weak_ops

    assert unlock(commune_db, PASSWORD) is not None  # opening alone changes nothing
    again = key_renewal.open_keys(commune_db, PASSWORD)
    assert bytes(again.signing) == bytes(secrets.signing)
    with commune_db.session() as session:
        stored = session.scalars(select(SiteKeys)).one()
        assert (stored.kdf_ops, stored.kdf_mem, stored.kdf_salt != salt) == (3, 256 * 1024**2, True)
    assert sealed_backups.read_header(made.copy)["keys"]["kdf_ops"] == 3
    restored = sealed_backups.open_sealed(made.copy, PASSWORD, tmp_path / "restored.sqlite")
    assert restored.stat().st_size > 0
    assert key_renewal.renew(commune_db, PASSWORD, again) == 0  # nothing weak is left
    with pytest.raises(KeysLocked):
        unlock(commune_db, "sai-mat-khau")


@pytest.mark.parametrize("password", ["Admin@123", "matkhau123456", "Quantri@2026", "1234567890", "ngan-123"])
def test_an_administrators_password_must_resist_a_list_of_likely_words(tmp_path, password):
    from desktop.db import Database
    from desktop.services import accounts
    from desktop.services.setup import init_site

    db = Database.open(tmp_path / "xa.sqlite", create=True)
    try:
        with pytest.raises(ValidationError, match="Mật khẩu của quản trị viên"):
            init_site(db, "commune", "01290", "admin", password)
        init_site(db, "commune", "01290", "admin", "suoi-da-trang-2026")
        with pytest.raises(ValidationError, match="Mật khẩu của quản trị viên"):
            accounts.create_account(db, "admin", "quantri2", "", "admin", password)
        accounts.create_account(db, "admin", "canbo", "", "officer", "matkhau-can-bo")  # not an administrator
        with pytest.raises(ValidationError, match="Mật khẩu của quản trị viên"):
            accounts.reset_password(db, "admin", "admin", password)
    finally:
        db.close()


def test_a_card_verifies_and_any_change_to_it_is_caught(commune_db):
    card = own_card(commune_db)
    content = card_bytes(card, unlock(commune_db, PASSWORD))
    assert read_card(content) == card
    data = json.loads(content)
    assert set(data) == {
        "format",
        "site_id",
        "role",
        "unit_id",
        "unit_code",
        "unit_name",
        "signing_key",
        "encryption_key",
        "issued_at",
        "signature",
    }
    for field, value in (
        ("unit_name", "Xã Khác"),
        ("role", "province"),
        ("encryption_key", base64.b64encode(bytes(32)).decode()),
    ):
        altered = dict(data, **{field: value})
        with pytest.raises(CardError, match="bị sửa"):
            read_card(json.dumps(altered).encode())
    for damaged in (
        b"",
        b"not json",
        content[:-20],
        json.dumps(dict(data, format="x")).encode(),
        b"{" * 20000,
    ):
        with pytest.raises(CardError):
            read_card(damaged)


def test_levels_enrol_each_other_once_and_the_upper_level_revokes(commune_db, province_db):
    commune_card = own_card(commune_db)
    province_card = own_card(province_db)
    read = lambda db, card: read_card(card_bytes(card, unlock(db, PASSWORD)))  # noqa: E731
    enroll(province_db, "admin", read(commune_db, commune_card))
    again = enroll(province_db, "admin", read(commune_db, commune_card))
    assert again.id == commune_card.site_id and len(peers(province_db)) == 1
    enroll(commune_db, "admin", read(province_db, province_card))
    with pytest.raises(ValidationError, match="chính đơn vị này"):
        enroll(commune_db, "admin", read(commune_db, commune_card))
    with pytest.raises(ValidationError, match="cấp trên"):
        revoke(commune_db, "admin", province_card.site_id, "Máy bị mất")
    with pytest.raises(ValidationError):
        revoke(province_db, "admin", commune_card.site_id, " ")
    revoked = revoke(province_db, "admin", commune_card.site_id, "Máy tính của xã bị mất cắp")
    assert revoked.revoked_at is not None
    with pytest.raises(ValidationError, match="Máy tính của xã bị mất cắp"):
        enroll(province_db, "admin", read(commune_db, commune_card))
    with province_db.session() as session:
        assert session.get(PeerSite, commune_card.site_id).revoked_reason == "Máy tính của xã bị mất cắp"


def test_a_site_enrolled_with_other_keys_is_refused(commune_db, province_db, tmp_path):
    card = own_card(commune_db)
    enroll(province_db, "admin", read_card(card_bytes(card, unlock(commune_db, PASSWORD))))
    with commune_db.transaction("admin") as session:  # the commune PC's keys were replaced
        session.execute(SiteKeys.__table__.delete())
    ensure_keys(commune_db, "admin", PASSWORD)
    new_card = own_card(commune_db)
    with pytest.raises(ValidationError, match="khóa khác"):
        enroll(province_db, "admin", read_card(card_bytes(new_card, unlock(commune_db, PASSWORD))))
    with pytest.raises(ValidationError, match="quản trị viên"):
        with commune_db.transaction("admin") as session:
            session.execute(SiteKeys.__table__.delete())
        ensure_keys(commune_db, "admin", "sai-mat-khau")


def test_the_command_line_writes_a_card_and_enrols_it(commune_path, province_db, tmp_path):
    card_file = tmp_path / "the-xa.json"
    env = dict(os.environ, SOVANG_ADMIN_PASSWORD=PASSWORD)
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, check=False
    )
    written = run("sync", "card", "--db", str(commune_path), "--out", str(card_file))  # as design.md §6
    assert written.returncode == 0, written.stderr
    older = tmp_path / "older.sqlite"  # a file from before keys were made at set-up
    shutil.copy(commune_path, older)
    with sqlite3.connect(older) as connection:
        connection.execute("DELETE FROM site_keys")
    connection.close()
    unnamed = run("sync", "card", "--db", str(older), "--out", str(tmp_path / "older.json"))
    assert unnamed.returncode == 2 and "--admin" in unnamed.stderr and not (tmp_path / "older.json").exists()
    named = run("sync", "card", "--db", str(older), "--out", str(tmp_path / "older.json"), "--admin", "admin")
    assert named.returncode == 0, named.stderr
    province_path = str(province_db.path)
    province_db.close()
    enrolled = run("sync", "enroll", "--db", province_path, str(card_file), "--json")
    assert enrolled.returncode == 0, enrolled.stderr
    assert json.loads(enrolled.stdout)["role"] == "commune"
    listed = run("sync", "peers", "--db", province_path, "--json")
    assert [p["revoked"] for p in json.loads(listed.stdout)["peers"]] == [False]
    card_file.write_text(card_file.read_text().replace("commune", "district"))
    refused = run("sync", "enroll", "--db", province_path, str(card_file))
    assert refused.returncode == 1 and refused.stderr.strip()


def test_the_command_line_backs_up_before_it_imports_bundles(commune_path, province_db, tmp_path):
    env = dict(os.environ, SOVANG_ADMIN_PASSWORD=PASSWORD)
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, check=False
    )
    province_path = province_db.path
    province_db.close()
    commune_card, province_card = tmp_path / "xa.json", tmp_path / "tinh.json"
    for db, card in ((commune_path, commune_card), (province_path, province_card)):
        assert run("sync", "card", "--db", str(db), "--out", str(card)).returncode == 0
    assert run("sync", "enroll", "--db", str(province_path), str(commune_card)).returncode == 0
    assert run("sync", "enroll", "--db", str(commune_path), str(province_card)).returncode == 0
    stick = tmp_path / "usb"
    exported = run(
        "sync", "export", "--db", str(commune_path), "--to", str(province_card), "--out", str(stick)
    )
    assert exported.returncode == 0, exported.stderr
    bundle = next(stick.glob("*.svb"))

    imported = run("sync", "import", "--db", str(province_path), str(bundle), "--json")

    assert imported.returncode == 0, imported.stderr
    backups = list((province_path.parent / "backups").glob("*-before-import-*.sqlite"))
    assert len(backups) == 1
    connection = sqlite3.connect(backups[0])
    try:
        held = connection.execute("SELECT count(*) FROM sync_bundle").fetchone()[0]
    finally:
        connection.close()
    assert held == 0  # the backup is the province as it was before the bundle came in
    again = run("sync", "import", "--db", str(province_path), str(bundle))
    assert again.returncode == 0, again.stdout  # the stick still carries it: no failure
    assert "đã được nhập ngày" in again.stdout and "bị từ chối" not in again.stdout
