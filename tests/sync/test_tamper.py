"""Every kind of bad bundle is refused with a clear message, and not one row is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from nacl.public import PublicKey
from sqlalchemy import select

from desktop.models import Attachment
from desktop.sync import bundle, cards, zip_layout
from desktop.sync.bundle import BundleRejected
from desktop.sync.exchange import export_bundle, import_bundle
from tests.conftest import ADMIN_PASSWORD
from tests.sync.conftest import Site, dump, forge, link
from tests.sync.test_exchange import add_person, created_change


@pytest.fixture
def pair(sites, tmp_path) -> tuple[Site, Site, Path]:
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    exported = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "stick")
    return a, province, exported.path


def refused(site: Site, path: Path, message: str) -> None:
    before = dump(site)
    with pytest.raises(BundleRejected, match=message):
        import_bundle(site.db, "admin", site.secrets, path)
    assert dump(site) == before


def rewrite(path: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """Copy a bundle entry by entry, letting `change` alter (name, bytes) pairs: laid out as Sổ Vàng
    lays a bundle out, so only what `change` alters can give it away."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            for name, data in change(info.filename, source.read(info)):
                out.writestr(zip_layout.entry(name), data)
    return target


def test_a_flipped_bit_is_refused(pair, tmp_path):
    _, province, path = pair
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "flipped.svb"
    bad.write_bytes(bytes(data))
    refused(province, bad, "hỏng|bị sửa")


def test_a_bit_flipped_anywhere_in_the_file_is_refused_before_it_is_decrypted(pair, tmp_path):
    """Headers a zip reader passes over included: the writer's layout is rebuilt and compared."""
    a, _, path = pair
    data = path.read_bytes()
    bad = tmp_path / "flipped.svb"
    for offset in range(len(data)):
        for bit in (0x01, 0x80):
            flipped = bytearray(data)
            flipped[offset] ^= bit
            bad.write_bytes(bytes(flipped))
            with pytest.raises(BundleRejected):
                manifest, manifest_bytes, signature, archive = bundle.read_manifest(bad)
                with archive:
                    bundle.check_sealed(
                        archive, manifest, manifest_bytes, signature, a.secrets.signing.verify_key
                    )


def test_a_header_asking_for_a_newer_zip_format_is_refused(pair, tmp_path):
    """Found by the bundle fuzzer: a damaged "version needed to extract" made zipfile raise
    NotImplementedError, which failed the import instead of refusing the bundle."""
    _, province, path = pair
    with zipfile.ZipFile(path) as archive:
        directory = archive.start_dir  # the central directory's first entry: the manifest's
    data = bytearray(path.read_bytes())
    assert data[directory : directory + 4] == b"PK\x01\x02"
    data[directory + 6 : directory + 8] = (225).to_bytes(2, "little")  # version needed: 22.5
    bad = tmp_path / "version.svb"
    bad.write_bytes(bytes(data))
    refused(province, bad, "hỏng hoặc không đầy đủ")


def test_a_truncated_file_is_refused(pair, tmp_path):
    _, province, path = pair
    bad = tmp_path / "cut.svb"
    bad.write_bytes(path.read_bytes()[:-300])
    refused(province, bad, "hỏng hoặc không đầy đủ")


def test_a_bundle_for_another_site_is_refused(pair, sites, tmp_path):
    a, _, _ = pair
    other = sites["commune_b"]
    link(other, sites["province"])
    cards.enroll(sites["province"].db, "admin", cards.read_card(cards.card_bytes(a.card, a.secrets)))
    refused(other, pair[2], "gửi cho Tỉnh Cao Bằng")


def test_a_missing_or_bad_signature_is_refused(pair, tmp_path):
    _, province, path = pair
    unsigned = rewrite(path, tmp_path / "unsigned.svb", lambda n, d: [] if n == "manifest.sig" else [(n, d)])
    refused(province, unsigned, "không có chữ ký")
    resigned = rewrite(
        path, tmp_path / "bad.svb", lambda n, d: [(n, bytes(64) if n == "manifest.sig" else d)]
    )
    refused(province, resigned, "Chữ ký của gói không khớp")


def test_an_altered_manifest_is_refused(pair, tmp_path):
    _, province, path = pair

    def more(name: str, data: bytes):  # type: ignore[no-untyped-def]
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["to"]["unit"] = "Tỉnh khác"
            data = json.dumps(manifest).encode()
        return [(name, data)]

    refused(province, rewrite(path, tmp_path / "altered.svb", more), "Chữ ký của gói không khớp")


def test_a_revoked_sender_is_refused(pair):
    a, province, path = pair
    cards.revoke(province.db, "admin", a.card.site_id, "Máy bị mất trộm")
    refused(province, path, "Máy bị mất trộm")


def test_a_replayed_bundle_is_refused(pair):
    _, province, path = pair
    import_bundle(province.db, "admin", province.secrets, path)
    refused(province, path, "đã được nhập")


def test_an_entry_escaping_the_folder_is_refused(pair, tmp_path):
    _, province, path = pair
    slipped = rewrite(
        path,
        tmp_path / "slip.svb",
        lambda n, d: [(n, d), ("../../evil.txt", b"x")] if n == "key.sealed" else [(n, d)],
    )
    refused(province, slipped, "tệp lạ")


def test_a_zip_bomb_is_refused(pair, tmp_path):
    _, province, path = pair
    bomb = tmp_path / "bomb.svb"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
        out.writestr("blobs/" + "0" * 64 + ".bin", bytes(200 * 1024**2), compress_type=zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 1024**2
    refused(province, bomb, "đóng gói theo cách")


def test_an_unsigned_claim_of_a_newer_version_is_refused_as_altered(pair, tmp_path):
    """The signature is checked before the manifest's schema is believed: an altered manifest is
    not answered with "update Sổ Vàng"."""
    _, province, path = pair

    def newer(name: str, data: bytes):  # type: ignore[no-untyped-def]
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["schema_version"] = "9999"
            data = json.dumps(manifest).encode()
        return [(name, data)]

    refused(province, rewrite(path, tmp_path / "newer.svb", newer), "Chữ ký của gói không khớp")


def test_a_bundle_of_a_newer_version_is_refused(pair, sites, tmp_path):
    a, province, _ = pair
    newer = forge(a, province, [], tmp_path, schema="9999")
    refused(province, newer, "phiên bản mới hơn")


def test_a_bundle_from_an_unknown_site_is_refused(sites, tmp_path):
    stranger, province = sites["commune_b"], sites["province"]
    path = forge(stranger, province, [], tmp_path)
    refused(province, path, "chưa được đăng ký")


def test_a_signed_manifest_with_a_broken_clock_is_refused(pair, tmp_path):
    """Found by bench/fuzz_bundles.py: the clock was read only when the import applied it."""
    a, province, _ = pair
    refused(province, forge(a, province, [], tmp_path, clock="khong-phai-dong-ho"), "bản kê")


def test_an_attached_file_of_a_kind_not_accepted_is_not_kept(sites, tmp_path):
    """A program sent as a dossier file (by content, whatever its name) never lands in the
    database, so it can never be written out and opened."""
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    _created, change = created_change(a, "Nông Văn Dền")
    program = b"MZ\x90\x00 a program"
    digest = hashlib.sha256(program).hexdigest()
    pdf = b"%PDF-1.4\n% bien ban\n"
    blobs = {digest: program, hashlib.sha256(pdf).hexdigest(): pdf}
    import_bundle(province.db, "admin", province.secrets, forge(a, province, [change], tmp_path, blobs=blobs))
    with province.db.session() as session:
        assert session.scalars(select(Attachment.sha256)).all() == [hashlib.sha256(pdf).hexdigest()]


def _with_lines(sender, recipient, lines: bytes, declared: int, path: Path) -> Path:
    """A bundle signed with the sender's real keys whose changes are `lines`, declared as
    `declared` changes of the sender's stream."""
    from desktop.db import migrate
    from desktop.sync.bundle import Manifest, Range

    manifest = Manifest(
        bundle_id=uuid.uuid4(),
        from_site=sender.card.site_id,
        from_unit=sender.card.unit_name,
        to_site=recipient.card.site_id,
        to_unit=recipient.card.unit_name,
        created_at=dt.datetime(2026, 12, 1, 8, 0),
        schema=migrate.head_revision(),
        clock="0000000000001.000000",
        ranges=[Range(sender.card.site_id, 1, 1, declared, declared)],
        held=[],
    )
    key = PublicKey(recipient.card.encryption_key)
    return bundle.write_lines(path, manifest, lines, {}, sender.secrets.signing, key)


def test_changes_beyond_what_the_manifest_declares_are_refused_as_they_are_read(pair, tmp_path):
    a, province, _ = pair
    line = json.dumps({"origin": str(a.card.site_id)}).encode() + b"\n"
    refused(province, _with_lines(a, province, line * 1000, 1, tmp_path / "more.svb"), "khác với số ghi")
    refused(
        province, _with_lines(a, province, b"x" * (3 * 1024**2), 1, tmp_path / "long.svb"), "khác với số ghi"
    )
    over = bundle.MAX_CHANGES + 1
    refused(province, _with_lines(a, province, line, over, tmp_path / "many.svb"), "nhiều thay đổi hơn")


@pytest.mark.sqlite_file
def test_a_bundle_unfolding_to_256_mb_of_lines_is_refused_within_500_mb(pair, tmp_path):
    """A 256 KB bundle whose changes unfold to 256 MB of lines once took 2.4 GB; here it is
    refused in a process whose address space may grow by 500 MB at most once the keys are open."""
    a, province, _ = pair
    line = json.dumps({"origin": str(a.card.site_id), "fields": {"notes": "x" * 900}}).encode() + b"\n"
    bomb = _with_lines(a, province, line * (256 * 1024**2 // len(line)), 40_000, tmp_path / "bomb.svb")
    assert bomb.stat().st_size < 2 * 1024**2
    script = f"""
import resource, sys
from pathlib import Path
from desktop.db import Database
from desktop.services.site_keys import unlock
from desktop.sync.bundle import BundleRejected
from desktop.sync.exchange import import_bundle
db = Database.open({str(province.db.path)!r})
secrets = unlock(db, {ADMIN_PASSWORD!r})
size = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + 500 * 1024**2, resource.RLIM_INFINITY))
try:
    import_bundle(db, "admin", secrets, Path({str(bomb)!r}))
except BundleRejected as refused:
    print("refused:", refused)
"""
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert "refused:" in ran.stdout and "MemoryError" not in ran.stderr


def test_an_export_larger_than_a_bundle_is_written_as_bundles_that_follow_each_other(
    sites, tmp_path, monkeypatch
):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    monkeypatch.setattr(bundle, "MAX_CHANGES", 3)
    names = [f"Nông Văn Dền {n}" for n in range(7)]
    for name in names:
        add_person(a, name)
    exported = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "usb")
    counts = [exported.manifest.change_count, *(more.manifest.change_count for more in exported.following)]
    assert counts == [3, 3, 1] and len(set(exported.paths)) == 3
    for path in reversed(exported.paths):  # even out of order, every change lands
        import_bundle(province.db, "admin", province.secrets, path)
    from tests.sync.test_exchange import person_names

    assert person_names(province) == set(names)
    down = export_bundle(province.db, "admin", province.secrets, a.card.site_id, tmp_path / "down")
    import_bundle(a.db, "admin", a.secrets, down.path)  # the receipt: held up to the first bundle's end
    again = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "again")
    for path in again.paths:  # what arrived out of order is sent again, and found held
        counts = import_bundle(province.db, "admin", province.secrets, path).counts
        assert counts["applied"] == 0 and counts["already_held"] > 0
    down = export_bundle(province.db, "admin", province.secrets, a.card.site_id, tmp_path / "down2")
    import_bundle(a.db, "admin", a.secrets, down.path)
    last = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "last")
    assert last.manifest.change_count == 0 and last.following == ()


@pytest.mark.sqlite_file
def test_the_command_line_names_every_bundle_of_a_split_export_in_order(sites, tmp_path, monkeypatch, capsys):
    from desktop.cli import main

    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    monkeypatch.setattr(bundle, "MAX_CHANGES", 2)
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
    for number in range(3):
        add_person(a, f"Nông Văn Dền {number}")
    usb = tmp_path / "usb"
    arguments = [
        "sync",
        "export",
        "--db",
        str(a.db.path),
        "--to",
        str(province.card.site_id),
        "--out",
        str(usb),
    ]
    assert main([*arguments, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changes"] == 3 and len(data["bundles"]) == 2
    assert data["bundles"] == sorted(data["bundles"]) == sorted(str(path) for path in usb.glob("*.svb"))
    assert main(arguments) == 0
    assert "thành 2 gói" in capsys.readouterr().out
