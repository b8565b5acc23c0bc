"""How fast bundles are made and taken in.

    python bench/bench_sync.py [--records 1000000] [--communes 100] [--changes 5000]

Export: a commune database of `--records` people, every one logged as a change, whose province
has acknowledged all but the last 100 changes; the time to write, re-read and verify the bundle of
those 100. Target: < 0.5 s, whatever the size of the database. Baseline: a plain `executemany`
insert of the same 100 change rows into an empty SQLite table.

Import: a province taking in `--communes` bundles of `--changes` new people each, from as many
enrolled communes (their keys made here; the bundles are real, signed and encrypted), all at once
as from a stick: backup, import, a receipt written for each; then the time of the province's
bundle down to one of them, which must not read the others' changes. Target:
< 60 s and < 500 MB peak memory for 100 × 5,000. Baseline: a plain `executemany` insert of the same
rows into an empty database of the same schema.

Prints each time with its ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SOVANG_DATA_DIR", tempfile.mkdtemp(prefix="sovang-bench-"))

from nacl.public import PrivateKey, PublicKey  # noqa: E402
from nacl.signing import SigningKey  # noqa: E402
from sqlalchemy import create_engine, insert, select  # noqa: E402

from desktop.changes import authorship, clock  # noqa: E402
from desktop.changes.change import Change  # noqa: E402
from desktop.changes.codec import carried_columns, to_json  # noqa: E402
from desktop.db import Database, migrate  # noqa: E402
from desktop.models import AdminUnit, Base, PeerSite, Person, Site, SyncAck, SyncChange  # noqa: E402
from desktop.services.setup import init_site  # noqa: E402
from desktop.services.site_keys import unlock  # noqa: E402
from desktop.sync import bundle, cards, stick  # noqa: E402
from desktop.sync.bundle import Held, Manifest, Range  # noqa: E402
from desktop.sync.exchange import export_bundle  # noqa: E402

PASSWORD = "matkhau-do-toc-do"
WHEN = dt.datetime(2026, 11, 1, 8, 0)
CHUNK = 50_000


def person(index: int, unit: uuid.UUID) -> dict:
    return {
        "id": uuid.uuid4(),
        "full_name": f"Nguyễn Văn Thứ {index}",
        "name_key": f"nguyen van thu {index}",
        "gender": "male" if index % 2 else "female",
        "birth_year": 1950 + index % 50,
        "occupation": "other",
        "owner_unit_id": unit,
        "created_at": WHEN,
        "updated_at": WHEN,
        "row_version": 1,
    }


def change(row: dict, site: uuid.UUID, seq: int, unit: uuid.UUID) -> Change:
    """The change that creating `row` at `site` would have logged."""
    columns = carried_columns("person")
    fields = {name: to_json(columns[name], row.get(name)) for name in columns}
    hlc = clock.stamp(1_790_000_000_000 + seq, 0)
    return Change(site, 1, seq, unit, hlc, "person", row["id"], fields, {}, [], "bench")


def signed(change: Change, key: SigningKey) -> dict:
    """The change as its commune's export sends it: signed by its origin."""
    authorship.sign(change, key)
    return change.as_json()


def new_site(folder: Path, name: str, role: str, code: str, target: str | None = None) -> Database:
    """A set-up site: a SQLite file in `folder`, or the database at `target` (a PostgreSQL URL)."""
    db = Database.open(target or folder / f"{name}.sqlite", create=True)
    init_site(db, role, code, "admin", PASSWORD)
    return db


def plain_insert(rows: list[dict], table) -> float:  # type: ignore[no-untyped-def]
    """The baseline: the same rows into an empty database of the same schema, one executemany."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[table])
    started = time.perf_counter()
    with engine.begin() as connection:
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[start : start + CHUNK])
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def bench_export(folder: Path, records: int) -> None:
    commune, province = (
        new_site(folder, "commune", "commune", "01290"),
        new_site(folder, "province", "province", "04"),
    )
    commune_keys = unlock(commune, PASSWORD)
    cards.enroll(commune, "admin", cards.own_card(province))
    cards.enroll(province, "admin", cards.own_card(commune))
    with commune.transaction("admin") as session:
        site = session.scalars(select(Site)).one()
        site_id, unit, start_seq = site.id, site.home_unit_id, site.next_seq
    started = time.perf_counter()
    last_changes: list[dict] = []
    with commune.engine.begin() as connection:
        for chunk_start in range(0, records, CHUNK):
            rows = [person(index, unit) for index in range(chunk_start, min(records, chunk_start + CHUNK))]
            logged = [
                change(row, site_id, start_seq + chunk_start + n, unit).log_row()
                for n, row in enumerate(rows)
            ]
            connection.execute(insert(Person), rows)
            connection.execute(insert(SyncChange), logged)
            last_changes = logged[-100:]
        connection.execute(Site.__table__.update().values(next_seq=start_seq + records))
        connection.execute(
            insert(SyncAck),
            [
                {
                    "peer_site_id": province_id(province),
                    "origin_site_id": site_id,
                    "origin_epoch": 1,
                    "held": start_seq + records - 101,
                    "receipt_hlc": clock.stamp(1, 0),
                }
            ],
        )
    print(
        f"built a commune of {records:,} people and {records:,} logged changes "
        f"in {time.perf_counter() - started:.1f} s"
    )
    times = []
    for attempt in range(3):
        started = time.perf_counter()
        result = export_bundle(
            commune, "admin", commune_keys, province_id(province), folder / f"stick{attempt}"
        )
        times.append(time.perf_counter() - started)
        assert result.manifest.change_count == 100, result.manifest.change_count
    export_time = sorted(times)[1]
    baseline = plain_insert(last_changes, SyncChange.__table__)
    print(
        f"export of 100 changes from {records:,} records: {export_time:.3f} s (median of 3; target < 0.5 s)"
    )
    print(
        f"  baseline executemany of the same 100 rows: {baseline * 1000:.2f} ms; "
        f"ratio {export_time / baseline:.0f}×"
    )
    commune.close()
    province.close()


def province_id(province: Database) -> uuid.UUID:
    with province.session() as session:
        return session.scalars(select(Site.id)).one()


@dataclass(frozen=True)
class CommuneBundle:
    path: Path
    site_id: uuid.UUID
    signing: SigningKey
    unit: uuid.UUID


def commune_bundles(province: Database, folder: Path, communes: int, per_bundle: int) -> list[CommuneBundle]:
    """One bundle of `per_bundle` new people from each of `communes` communes, enrolled at the
    province here (their keys made here; the bundles are real, signed and encrypted)."""
    card = cards.own_card(province)
    with province.session() as session:
        units = session.scalars(
            select(AdminUnit.id).where(AdminUnit.level == "commune").limit(communes)
        ).all()
    made = []
    for number, unit in enumerate(units):
        signing, encryption, site_id = SigningKey.generate(), PrivateKey.generate(), uuid.uuid4()
        with province.transaction("admin") as session:
            session.add(
                PeerSite(
                    id=site_id,
                    role="commune",
                    unit_id=unit,
                    unit_code=f"{number:05d}",
                    unit_name=f"Xã {number}",
                    signing_public=bytes(signing.verify_key),
                    encryption_public=bytes(encryption.public_key),
                )
            )
        rows = [person(number * per_bundle + index, unit) for index in range(per_bundle)]
        changes = [signed(change(row, site_id, seq, unit), signing) for seq, row in enumerate(rows, start=1)]
        manifest = Manifest(
            bundle_id=uuid.uuid4(),
            from_site=site_id,
            from_unit=f"Xã {number}",
            to_site=card.site_id,
            to_unit=card.unit_name,
            created_at=WHEN,
            schema=migrate.head_revision(),
            clock=clock.stamp(1_790_000_000_000, 0),
            ranges=[Range(site_id, 1, 1, per_bundle, per_bundle)],
            held=[Held(site_id, 1, per_bundle)],  # as every commune's bundle says: it holds its own
        )
        path = folder / f"bundle-{number:03d}.svb"
        bundle.write(path, manifest, changes, {}, signing, PublicKey(card.encryption_key))
        made.append(CommuneBundle(path, site_id, signing, unit))
    return made


def bench_import(folder: Path, communes: int, per_bundle: int) -> None:
    province = new_site(folder, "province-import", "province", "04")
    keys = unlock(province, PASSWORD)
    started = time.perf_counter()
    bundles = commune_bundles(province, folder, communes, per_bundle)
    print(
        f"made {len(bundles)} signed, encrypted bundles of {per_bundle:,} changes "
        f"in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    outcomes = stick.import_files(province, "admin", keys, [made.path for made in bundles])
    applied = sum(outcome.result.counts["applied"] for outcome in outcomes if outcome.result)
    import_time = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert applied == len(bundles) * per_bundle, applied
    all_rows = [
        person(index, bundles[index // per_bundle].unit) for index in range(len(bundles) * per_bundle)
    ]
    baseline = plain_insert(all_rows, Person.__table__)
    print(
        f"import of {len(bundles)} bundles × {per_bundle:,} changes: {import_time:.1f} s (target < 60 s); "
        f"{applied / import_time:,.0f} changes/s"
    )
    print(f"  peak memory of this process: {peak_mb:.0f} MB (target < 500 MB)")
    print(
        f"  baseline executemany of the same {len(all_rows):,} rows: {baseline:.1f} s; "
        f"ratio {import_time / baseline:.1f}×"
    )
    started = time.perf_counter()
    down = export_bundle(province, "admin", keys, bundles[0].site_id, folder / "down")
    print(
        f"then the province's bundle down to one commune: {time.perf_counter() - started:.2f} s, "
        f"{down.manifest.change_count} changes; the other {len(bundles) - 1} communes' "
        f"{(len(bundles) - 1) * per_bundle:,} changes passed over"
    )
    province.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--changes", type=int, default=5_000)
    parser.add_argument("--part", choices=["export", "import"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part is None:
        # Each part in its own process, so the peak memory printed is that part's alone.
        for part in ("export", "import"):
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--part", part], check=True)
        return
    with tempfile.TemporaryDirectory(prefix="sovang-sync-bench-") as temporary:
        if args.part == "export":
            bench_export(Path(temporary), args.records)
        else:
            bench_import(Path(temporary), args.communes, args.changes)


if __name__ == "__main__":
    main()
