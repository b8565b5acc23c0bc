"""Crash safety: kill Sổ Vàng with SIGKILL in the middle of its work, again and again, and prove
that nothing committed is lost and nothing is left half done.

    python bench/kill_harness.py [--kills 250] [--seed 1]

Each kill point starts a child process doing one kind of work in a loop — editing records,
importing bundles, exporting bundles, migrating an old database, making backups — and kills it
with SIGKILL at a random moment of the work itself: the child says when its start-up is over
(`ready`) and when its work is done (`finished`), and the parent draws the moment within the time
the work took in a run it let finish, so kills land inside migrations and imports, not after
them. The child writes a ledger line (flushed to the disk) after each commit it makes; after the
kill, the parent checks the files the child was working on:

- the database passes `PRAGMA integrity_check` and opens (at the current schema);
- every committed change in the ledger is in the database;
- an import is whole or absent: a bundle recorded as taken in has all its records, and a bundle
  not recorded has none of them;
- every bundle and backup file under its final name reads back and verifies (a partial one only
  ever exists under its temporary name);
- the audit chain holds (`audit.verify_chain`: nothing edited, cut or left unsigned).

Prints the number of kill points per kind of work and how many landed inside the work, and the
number of corrupt databases, lost commits, partial applications and broken audit chains (all must
be 0). Exit code 1 if any is not.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "matkhau-thu-sap"
KINDS = ("edit", "import", "export", "migrate", "backup")
LOOPING = 3.0
"""Seconds after `ready` within which a child whose work is an endless loop (edit, export,
backup) is killed; an import or a migration is killed within the time it took when let finish."""
OLD_SCHEMA = ROOT / "tests" / "fixtures" / "schema" / "0007.sqlite.gz"


def note(ledger: Path, line: str) -> None:
    """One ledger line, on the disk before the child goes on."""
    with open(ledger, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


# -- the children ---------------------------------------------------------------------------------


def child(kind: str, folder: Path, ledger: Path) -> None:
    """Do one kind of work, saying (by a file) when its start-up is over and when it is done."""
    import desktop.changes  # noqa: F401  the app opens its database with the change log loaded
    from desktop.db import Database
    from desktop.services.backups import make_backup
    from desktop.services.people import PersonFields, create_person, update_person
    from desktop.services.site_keys import unlock
    from desktop.sync.exchange import export_bundle, import_bundle

    db = (
        None
        if kind == "migrate"
        else Database.open(folder / ("tinh.sqlite" if kind == "import" else "xa.sqlite"))
    )
    secrets = unlock(db, PASSWORD) if kind in ("import", "export") else None
    (folder / "ready").touch()
    if kind == "edit":
        for number in range(10_000):
            person = create_person(
                db, "admin", PersonFields(full_name=f"Lò Văn Sập {number}", birth_year=1980)
            )
            note(ledger, str(person.id))
            update_person(
                db, "admin", person.id, PersonFields(full_name=f"Lò Văn Sửa {number}", birth_year=1981)
            )
            note(ledger, f"renamed {person.id}")
    elif kind == "import":
        for path in sorted((folder / "bundles").glob("*.svb")):
            result = import_bundle(db, "admin", secrets, path)
            note(ledger, str(result.manifest.bundle_id))
    elif kind == "export":
        province = uuid.UUID((folder / "province-id").read_text())
        for number in range(10_000):
            create_person(db, "admin", PersonFields(full_name=f"Hà Thị Gửi {number}"))
            export_bundle(db, "admin", secrets, province, folder / "usb")
    elif kind == "migrate":
        Database.open(folder / "cu.sqlite").close()
        note(ledger, "migrated")
    elif kind == "backup":
        for number in range(10_000):
            make_backup(folder / "xa.sqlite", folder / "backups" / f"sao-luu-{number}.sqlite", "admin")
            note(ledger, str(number))
    (folder / "finished").touch()


# -- the parent: the scenes, the kills and the checks ---------------------------------------------


def prepare(workspace: Path) -> Path:
    """A commune with its records, its province with keys, 12 bundles of the commune's new people
    (each acknowledged before the next is made, so no two carry the same change), and a database
    of the previous schema version."""
    from linked_sites import linked_sites
    from sqlalchemy import delete, func, select

    from desktop.models import Site, SyncAck, SyncChange
    from desktop.services.people import PersonFields, create_person
    from desktop.services.site_keys import unlock
    from desktop.sync import cards
    from desktop.sync.exchange import export_bundle

    base = workspace / "base"
    base.mkdir(parents=True)
    commune, province = linked_sites(base, PASSWORD)
    province_id = cards.own_card(province).site_id
    (base / "province-id").write_text(str(province_id))
    (base / "commune-key").write_bytes(cards.own_card(commune).signing_key)
    secrets = unlock(commune, PASSWORD)
    for number in range(12):
        for person in range(250):
            create_person(commune, "admin", PersonFields(full_name=f"Nông Thị Gói {number}-{person}"))
        export_bundle(commune, "admin", secrets, province_id, base / "bundles")
        with commune.transaction("admin") as session:
            site = session.scalars(select(Site)).one()
            session.execute(delete(SyncAck))
            session.add(
                SyncAck(
                    peer_site_id=province_id,
                    origin_site_id=site.id,
                    origin_epoch=site.epoch,
                    held=session.scalar(select(func.max(SyncChange.seq))),
                    receipt_hlc=f"{9_000_000_000_000 + number:013d}.000000",
                )
            )
    commune.close()
    province.close()
    (base / "cu.sqlite").write_bytes(gzip.decompress(OLD_SCHEMA.read_bytes()))
    return base


def verified(path: Path, base: Path):  # type: ignore[no-untyped-def]
    """The bundle at `path` checked whole against the commune's key; BundleRejected if it is not."""
    from nacl.signing import VerifyKey

    from desktop.sync import bundle

    manifest, manifest_bytes, signature, archive = bundle.read_manifest(path)
    with archive:
        return bundle.check_sealed(
            archive, manifest, manifest_bytes, signature, VerifyKey((base / "commune-key").read_bytes())
        )


def bundle_records(base: Path) -> dict[str, set[str]]:
    """Per bundle id, the records it carries (hex), read with the province's key."""
    from desktop.db import Database
    from desktop.services.site_keys import unlock
    from desktop.sync import bundle

    db = Database.open(base / "tinh.sqlite")
    secrets = unlock(db, PASSWORD)
    db.close()
    found = {}
    for path in sorted((base / "bundles").glob("*.svb")):
        contents = bundle.open_sealed(verified(path, base), secrets.encryption)
        found[contents.manifest.bundle_id.hex] = {
            uuid.UUID(change["record"]).hex for change in contents.changes
        }
    return found


def problems_after(kind: str, scene: Path, ledger: Path, carried: dict[str, set[str]]) -> Counter:
    """What the kill broke, by kind of problem (empty when nothing)."""
    from desktop.db import Database, migrate
    from desktop.services import audit
    from desktop.sync import bundle

    found: Counter = Counter()
    target = {"import": "tinh.sqlite", "migrate": "cu.sqlite"}.get(kind, "xa.sqlite")
    path = scene / target
    raw = sqlite3.connect(path)
    try:
        if raw.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            found["corrupt"] += 1
            return found
    finally:
        raw.close()
    logged = ledger.read_text(encoding="utf-8").split() if ledger.exists() else []
    db = Database.open(path)  # migrates what a killed migration left, as the next start would
    try:
        connection = sqlite3.connect(path)
        if migrate.current_revision(db.engine) != migrate.head_revision():
            found["not_migrated"] += 1
        with db.session() as session:
            found["audit_break"] += len(audit.verify_chain(session))
        if kind == "edit":
            ids = {row[0] for row in connection.execute("SELECT id FROM person")}
            renamed = {
                row[0]
                for row in connection.execute("SELECT id FROM person WHERE full_name LIKE 'Lò Văn Sửa%'")
            }
            for line in ledger.read_text(encoding="utf-8").splitlines() if ledger.exists() else []:
                if line.startswith("renamed "):
                    found["lost_commit"] += uuid.UUID(line.split()[1]).hex not in renamed
                else:
                    found["lost_commit"] += uuid.UUID(line).hex not in ids
        elif kind == "import":
            taken = {row[0] for row in connection.execute("SELECT id FROM sync_bundle")}
            people = {row[0] for row in connection.execute("SELECT id FROM person")}
            for bundle_id, records in carried.items():
                present = records & people
                if bundle_id in taken and present != records or bundle_id not in taken and present:
                    found["partial_import"] += 1
            found["lost_commit"] += sum(uuid.UUID(line).hex not in taken for line in logged)
        elif kind == "export":
            for path_out in (scene / "usb").glob("*.svb"):
                try:
                    verified(path_out, scene)
                except bundle.BundleRejected:
                    found["partial_file"] += 1
        elif kind == "backup":
            for number in logged:
                copy = scene / "backups" / f"sao-luu-{number}.sqlite"
                check = sqlite3.connect(copy)
                try:
                    if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                        found["partial_file"] += 1
                finally:
                    check.close()
            for copy in (scene / "backups").glob("*.sqlite"):
                check = sqlite3.connect(copy)
                try:
                    if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                        found["partial_file"] += 1
                except sqlite3.DatabaseError:
                    found["partial_file"] += 1
                finally:
                    check.close()
        connection.close()
    finally:
        db.close()
    return found


def start_child(kind: str, base: Path, scene: Path) -> subprocess.Popen:
    """A child doing `kind` on a fresh copy of the scene, once it says its start-up is over."""
    shutil.copytree(base, scene)
    (scene / "usb").mkdir(exist_ok=True)
    (scene / "backups").mkdir(exist_ok=True)
    env = {**os.environ, "SOVANG_DATA_DIR": str(scene / "data"), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--scene", str(scene)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not (scene / "ready").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(
                f"the {kind} child did not start:\n{process.communicate()[1].decode(errors='replace')}"
            )
        time.sleep(0.005)
    return process


def work_time(kind: str, base: Path, workspace: Path) -> float:
    """How long the work of an import or a migration takes, let finish: the window for its kills."""
    scene = workspace / f"{kind}-timed"
    process = start_child(kind, base, scene)
    started = time.monotonic()
    process.communicate()
    spent = time.monotonic() - started
    shutil.rmtree(scene)
    return spent


def kill_point(  # type: ignore[no-untyped-def]
    kind: str, base: Path, workspace: Path, rng: random.Random, number: int, carried, window: float
) -> tuple[bool, bool, Counter]:
    """Run one child and kill it within `window` seconds of its work; (whether it was killed
    rather than done, whether the kill landed inside the work, what broke)."""
    scene = workspace / f"{kind}-{number}"
    ledger = scene / "ledger.txt"
    process = start_child(kind, base, scene)
    time.sleep(rng.uniform(0, window))
    finished = process.poll() is not None
    if not finished:
        process.send_signal(signal.SIGKILL)
    _out, errors = process.communicate()
    if finished and process.returncode != 0:
        raise SystemExit(f"the {kind} child failed on its own:\n{errors.decode(errors='replace')}")
    inside = not finished and not (scene / "finished").exists()
    os.environ["SOVANG_DATA_DIR"] = str(scene / "data")
    found = problems_after(kind, scene, ledger, carried)
    shutil.rmtree(scene)
    return not finished, inside, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--scene", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.scene), Path(args.scene) / "ledger.txt")
        return
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="sovang-kill-") as temporary:
        workspace = Path(temporary)
        os.environ["SOVANG_DATA_DIR"] = str(workspace / "data")
        started = time.perf_counter()
        base = prepare(workspace)
        carried = bundle_records(base)
        prepared = time.perf_counter() - started
        print(f"prepared a commune, its province and {len(carried)} bundles in {prepared:.0f} s")
        windows = {kind: LOOPING for kind in KINDS} | {
            kind: work_time(kind, base, workspace) for kind in ("import", "migrate")
        }
        print(
            "work let finish: " + ", ".join(f"{kind} {windows[kind]:.2f} s" for kind in ("import", "migrate"))
        )
        points: Counter = Counter()
        inside: Counter = Counter()
        problems: Counter = Counter()
        done_first = 0
        number = 0
        started = time.perf_counter()
        while sum(points.values()) < args.kills:
            kind = KINDS[number % len(KINDS)]
            killed, landed, found = kill_point(kind, base, workspace, rng, number, carried, windows[kind])
            problems += found
            points[kind] += killed
            inside[kind] += landed
            done_first += not killed
            number += 1
    spent = time.perf_counter() - started
    listed = ", ".join(f"{kind} {count} ({inside[kind]} inside the work)" for kind, count in points.items())
    print(f"kill points: {sum(points.values())} ({listed}) in {spent:.0f} s")
    print(f"  runs that finished before their kill (checked too): {done_first}")
    for name in ("corrupt", "not_migrated", "lost_commit", "partial_import", "partial_file", "audit_break"):
        print(f"  {name.replace('_', ' ')}: {problems[name]}")
    if sum(problems.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
