"""Whether changes waiting in quarantine slow every later import.

    python bench/bench_quarantine.py [--waiting 20000] [--people 2000]

A commune sends its province `--waiting` ratings of people it never sends (each waits in
quarantine for its person). Then the time to import a bundle of `--people` new people into that
province, and into a copy of the province without the waiting changes, in the same run. Target:
the ratio at most 1.2 (before: every waiting change was retried at every import, 8-9 s instead of
2 s after 20,000).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SOVANG_DATA_DIR", tempfile.mkdtemp(prefix="sovang-bench-"))

from linked_sites import linked_sites  # noqa: E402
from nacl.public import PublicKey  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from desktop.changes.change import Change  # noqa: E402
from desktop.db import Database, migrate  # noqa: E402
from desktop.models import Person, Site, SyncChange, SyncQuarantine, TaskRating, utcnow  # noqa: E402
from desktop.services.site_keys import unlock  # noqa: E402
from desktop.sync import bundle, cards  # noqa: E402
from desktop.sync.bundle import Manifest, Range  # noqa: E402
from desktop.sync.exchange import import_bundle  # noqa: E402
from desktop.text import search_key  # noqa: E402

PASSWORD = "matkhau-thu-cach-ly"


def people_with_ratings(db: Database, count: int, rated: bool) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """`count` people (and a rating of each), written through the models: their changes logged."""
    with db.transaction("admin") as session:
        people = [
            Person(full_name=f"Lò Văn Chờ {n}", name_key=search_key(f"Lò Văn Chờ {n}"), birth_year=1980)
            for n in range(count)
        ]
        session.add_all(people)
        session.flush()
        ratings = [TaskRating(person_id=p.id, year=2025, rating="HTT") for p in people] if rated else []
        session.add_all(ratings)
        session.flush()
        return [p.id for p in people], [r.id for r in ratings]


def bundle_of(commune: Database, province: Database, records: list[uuid.UUID], folder: Path) -> Path:
    """A bundle the commune signs with its real keys, carrying just the changes of `records`."""
    secrets = unlock(commune, PASSWORD)
    wanted = set(records)
    with commune.session() as session:
        site = session.scalars(select(Site)).one()
        rows = session.scalars(
            select(SyncChange).where(SyncChange.origin_site_id == site.id).order_by(SyncChange.seq)
        )
        changes = [Change.from_log(row).as_json() for row in rows if row.record_id in wanted]
        card = cards.own_card(province)
        seqs = [change["seq"] for change in changes]
        manifest = Manifest(
            bundle_id=uuid.uuid4(),
            from_site=site.id,
            from_unit="Xã Bảo Lâm",
            to_site=card.site_id,
            to_unit=card.unit_name,
            created_at=utcnow().replace(microsecond=0),
            schema=migrate.head_revision(),
            clock=changes[-1]["hlc"],
            ranges=[Range(site.id, site.epoch, min(seqs), max(seqs), len(changes))],
            held=[],
        )
    path = folder / f"{manifest.bundle_id.hex[:8]}.svb"
    return bundle.write(path, manifest, changes, {}, secrets.signing, PublicKey(card.encryption_key))


def timed_import(db: Database, path: Path) -> float:
    secrets = unlock(db, PASSWORD)
    started = time.perf_counter()
    import_bundle(db, "admin", secrets, path)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--waiting", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=2_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sovang-quarantine-"))
    commune, province = linked_sites(folder, PASSWORD)
    province.close()
    shutil.copy(folder / "tinh.sqlite", folder / "tinh-sach.sqlite")
    waiting_db, clean_db = Database.open(folder / "tinh.sqlite"), Database.open(folder / "tinh-sach.sqlite")

    _unsent, ratings = people_with_ratings(commune, args.waiting, rated=True)
    fresh, _none = people_with_ratings(commune, args.people, rated=False)
    waiting_bundle = bundle_of(commune, waiting_db, ratings, folder)
    fresh_bundle = bundle_of(commune, waiting_db, fresh, folder)

    started = time.perf_counter()
    import_bundle(waiting_db, "admin", unlock(waiting_db, PASSWORD), waiting_bundle)
    print(f"{args.waiting:,} ratings put in quarantine: {time.perf_counter() - started:.2f} s")
    with waiting_db.session() as session:
        held = session.scalar(select(func.count()).select_from(SyncQuarantine))
    assert held == args.waiting, held

    clean = timed_import(clean_db, fresh_bundle)
    slowed = timed_import(waiting_db, fresh_bundle)
    print(f"import of {args.people:,} new people, no change waiting: {clean:.2f} s")
    print(f"import of {args.people:,} new people, {held:,} changes waiting: {slowed:.2f} s")
    print(f"ratio: {slowed / clean:.2f} (target ≤ 1.2)")
    for db in (commune, waiting_db, clean_db):
        db.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
