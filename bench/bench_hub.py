"""The hub's throughput: many communes uploading their bundles over HTTP at once.

    python bench/bench_hub.py [--communes 100] [--changes 5000] [--clients 8] [--database both]

A province database runs as `sovang serve` on loopback; `--communes` enrolled communes (their keys
made here) each upload one real, signed, encrypted bundle of `--changes` new people, `--clients`
uploads at a time, each request signed as the hub requires. Baseline: the same bundles imported
straight into a copy of the province in this process, one after another (`bench_sync.py`'s
import). Run on a SQLite file and on a throwaway PostgreSQL server (`tests/postgres.py`, the one
the shared suite uses); prints each time, the changes per second, the ratio hub / direct, and
the ratio PostgreSQL / SQLite.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SOVANG_DATA_DIR", tempfile.mkdtemp(prefix="sovang-bench-"))

from bench_sync import PASSWORD, CommuneBundle, commune_bundles, new_site  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from desktop.db import Database  # noqa: E402
from desktop.services.site_keys import unlock  # noqa: E402
from desktop.sync import hub  # noqa: E402
from desktop.sync.exchange import import_bundle  # noqa: E402
from tests import postgres  # noqa: E402


def serve(db_path: str | Path, port: int) -> subprocess.Popen:  # type: ignore[type-arg]
    env = {**os.environ, "SOVANG_ADMIN_PASSWORD": PASSWORD}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "serve", "--db", str(db_path), "--port", str(port)], env=env
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{hub.API}/site", timeout=2):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the hub did not start") from None
            time.sleep(0.2)


def upload(url: str, sent: CommuneBundle) -> int:
    body = sent.path.read_bytes()
    headers = hub.sign_request(sent.signing, sent.site_id, "POST", f"{hub.API}/bundles", body)
    request = urllib.request.Request(f"{url}{hub.API}/bundles", data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=3600) as answer:
        receipt = json.loads(answer.read())["receipt"]["receipt"]
    return receipt["counts"]["applied"]


def run(args: argparse.Namespace, folder: Path, server: postgres.Server | None) -> tuple[float, float]:
    """The hub's time and the direct import's, on a SQLite file or (with `server`) PostgreSQL."""
    folder.mkdir()
    target = server.url(server.create()) if server else None
    province = new_site(folder, "province-hub", "province", "04", target)
    started = time.perf_counter()
    bundles = commune_bundles(province, folder, args.communes, args.changes)
    print(f"made {len(bundles)} bundles of {args.changes:,} changes in {time.perf_counter() - started:.1f} s")
    hub_target: str | Path
    if server is None:
        assert province.path is not None
        hub_target, direct_target = province.path, folder / "province-direct.sqlite"
        province.close()  # checkpointed: the copy holds everything
        shutil.copyfile(hub_target, direct_target)
    else:
        assert target is not None
        province.close()  # a template must have no connection
        hub_target = target
        direct_target = server.url(server.create(template=make_url(target).database))

    port = hub.loopback_port()
    process = serve(hub_target, port)
    try:
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            applied = sum(pool.map(lambda sent: upload(f"http://127.0.0.1:{port}", sent), bundles))
        hub_time = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert applied == len(bundles) * args.changes, applied

    direct = Database.open(direct_target)
    keys = unlock(direct, PASSWORD)
    started = time.perf_counter()
    for made in bundles:
        import_bundle(direct, "admin", keys, made.path)
    direct_time = time.perf_counter() - started
    direct.close()

    total = len(bundles) * args.changes
    name = "PostgreSQL" if server else "SQLite"
    print(
        f"hub ({name}), {args.clients} uploads at a time: {len(bundles)} bundles × {args.changes:,} changes "
        f"in {hub_time:.1f} s; {total / hub_time:,.0f} changes/s; {len(bundles) / hub_time:.2f} bundles/s"
    )
    ratio = hub_time / direct_time
    print(f"  baseline, the same bundles imported directly: {direct_time:.1f} s; ratio {ratio:.2f}×")
    return hub_time, direct_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--changes", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    times = {}
    with tempfile.TemporaryDirectory(prefix="sovang-hub-bench-") as temporary:
        if args.database in ("sqlite", "both"):
            times["sqlite"] = run(args, Path(temporary) / "sqlite", None)
        if args.database in ("postgresql", "both"):
            server = postgres.start()
            try:
                times["postgresql"] = run(args, Path(temporary) / "postgresql", server)
            finally:
                server.stop()
    if len(times) == 2:
        (sqlite_hub, sqlite_direct), (pg_hub, pg_direct) = times["sqlite"], times["postgresql"]
        hub_ratio, direct_ratio = pg_hub / sqlite_hub, pg_direct / sqlite_direct
        print(f"PostgreSQL / SQLite: hub {hub_ratio:.2f}×, direct import {direct_ratio:.2f}×")


if __name__ == "__main__":
    main()
