"""The hub's throughput: many communes uploading their bundles over HTTP at once.

    python bench/bench_hub.py [--communes 100] [--changes 5000] [--clients 8]

A province database runs as `sovang serve` on loopback; `--communes` enrolled communes (their keys
made here) each upload one real, signed, encrypted bundle of `--changes` new people, `--clients`
uploads at a time, each request signed as the hub requires. Baseline: the same bundles imported
straight into a fresh province in this process, one after another (`bench_sync.py`'s import).
Prints both times, the changes per second and the ratio. SQLite only for now: the PostgreSQL
run comes with the shared-database work of issue 9.
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

from desktop.sync import hub  # noqa: E402
from desktop.sync.exchange import import_bundle  # noqa: E402
from desktop.sync.keys import unlock  # noqa: E402


def serve(db_path: Path, port: int) -> subprocess.Popen:  # type: ignore[type-arg]
    env = {**os.environ, "SOVANG_ADMIN_PASSWORD": PASSWORD, "SOVANG_USER": "admin"}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--changes", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sovang-hub-bench-") as temporary:
        folder = Path(temporary)
        province = new_site(folder, "province-hub", "province", "04")
        started = time.perf_counter()
        bundles = commune_bundles(province, folder, args.communes, args.changes)
        made_in = time.perf_counter() - started
        print(f"made {len(bundles)} bundles of {args.changes:,} changes in {made_in:.1f} s")
        assert province.path is not None
        hub_path, direct_path = province.path, folder / "province-direct.sqlite"
        province.close()  # checkpointed: the copy holds everything
        shutil.copyfile(hub_path, direct_path)

        port = hub.loopback_port()
        process = serve(hub_path, port)
        try:
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
                applied = sum(pool.map(lambda sent: upload(f"http://127.0.0.1:{port}", sent), bundles))
            hub_time = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=60)
        assert applied == len(bundles) * args.changes, applied

        from desktop.db import Database

        direct = Database.open(direct_path)
        keys = unlock(direct, PASSWORD)
        started = time.perf_counter()
        for made in bundles:
            import_bundle(direct, "admin", keys, made.path)
        direct_time = time.perf_counter() - started
        direct.close()
    total = len(bundles) * args.changes
    print(
        f"hub (SQLite), {args.clients} uploads at a time: {len(bundles)} bundles × {args.changes:,} changes "
        f"in {hub_time:.1f} s; {total / hub_time:,.0f} changes/s; {len(bundles) / hub_time:.2f} bundles/s"
    )
    ratio = hub_time / direct_time
    print(f"  baseline, the same bundles imported directly: {direct_time:.1f} s; ratio {ratio:.2f}×")


if __name__ == "__main__":
    main()
