"""Start-up time, page fetch and memory of the window over a large database.

    python bench/make_dataset.py --persons 1000000 --out bench/out/p1m.sqlite
    QT_QPA_PLATFORM=offscreen python bench/bench_startup.py --db bench/out/p1m.sqlite

Start-up is measured from process start to an interactive main window (shown on its sign-in
screen, its first events handled), in a fresh process each time, next to the same measure for a
bare PySide6 window; the ratio is the target (≤ 2.5×). The database opens on the worker meanwhile;
the time until it is open and a password can be checked is printed too.
Then, in one process with the people list open: the time to read one page of 200 rows at random
places (target < 5 ms), the time for the list's keys to arrive, and the resident memory (target
< 300 MB). The database is opened once first, so a pending migration is not counted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

READY = "READY"
SIGN_IN_READY = "SIGN_IN_READY"
BARE_WINDOW = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: print("{READY}", flush=True))
QTimer.singleShot(0, lambda: (print("{SIGN_IN_READY}", flush=True), app.quit()))
app.exec()
"""
APP_WINDOW = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from PySide6.QtCore import QTimer
from desktop.ui.app import application, start_window
from desktop.ui.qt_language import apply_language
from desktop.ui.tasks import TaskRunner
app = application()
apply_language("vi")
runner = TaskRunner()
window = start_window({{db!r}}, runner)
QTimer.singleShot(0, lambda: print("{READY}", flush=True))
def opened():
    if window.opened is not None:
        print("{SIGN_IN_READY}", flush=True)
        app.quit()
runner.ended.connect(lambda _task: QTimer.singleShot(0, opened))  # after the job's callback
app.exec()
runner.wait()
"""
"""The same path as `sovang gui`: `start_window` shows the window on its sign-in screen and opens
the database on the worker. READY is the window handling its first events; SIGN_IN_READY is the
database open and its site read, so that the password can be checked."""


def time_to_ready(code: str) -> tuple[float, float]:
    """Seconds from spawning a Python process running `code` to its READY and SIGN_IN_READY lines."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        seen[line.strip()] = time.perf_counter() - start
        if SIGN_IN_READY in seen:
            break
    process.wait()
    if READY not in seen or SIGN_IN_READY not in seen:
        raise SystemExit(f"the child process never became ready (exit {process.returncode})")
    return seen[READY], seen[SIGN_IN_READY]


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_list(db_path: Path, pages: int) -> None:
    from desktop.db import Database
    from desktop.services.listing import PAGE_SIZE, person_rows
    from desktop.services.site import site_info
    from desktop.ui.app import application
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tasks import TaskRunner

    app = application()
    db = Database.open(db_path)
    runner = TaskRunner()
    window = MainWindow(runner)
    window.enter(AppContext(db, runner, "admin"), site_info(db))
    window.resize(1280, 800)
    window.show()
    start = time.perf_counter()
    people = window.open_page("people")
    while people.loading is not None or people.timer.isActive():  # type: ignore[attr-defined]
        app.processEvents()
        runner.wait(50)
    keys_s = time.perf_counter() - start
    model = people.model  # type: ignore[attr-defined]
    rows = model.rowCount()
    rng = random.Random(1)
    timings = []
    for _ in range(pages):
        offset = rng.randrange(0, max(1, rows - PAGE_SIZE))
        began = time.perf_counter()
        person_rows(db, model.keys[offset : offset + PAGE_SIZE])
        timings.append((time.perf_counter() - began) * 1000)
    for offset in range(0, rows, max(1, rows // 20)):
        people.table.scrollTo(model.index(offset, 0))  # type: ignore[attr-defined]
        app.processEvents()
    timings.sort()
    print(f"people list: {rows:,} rows; keys read on the worker in {keys_s:.2f} s")
    print(
        f"page of {PAGE_SIZE} rows: median {statistics.median(timings):.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms, max {timings[-1]:.2f} ms (target < 5 ms)"
    )
    print(f"resident memory with the people list open: {resident_mb():.0f} MB (target < 300 MB)")
    runner.cancel_all()
    runner.wait()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "p1m.sqlite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    from desktop.db import Database

    Database.open(args.db).close()
    app_code = APP_WINDOW.replace("{db!r}", repr(str(args.db)))
    bare, app, sign_in = [], [], []
    for _ in range(args.runs):
        bare.append(time_to_ready(BARE_WINDOW)[0])
        window_s, sign_in_s = time_to_ready(app_code)
        app.append(window_s)
        sign_in.append(sign_in_s)
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    print(f"start-up to an interactive window, median of {args.runs} fresh processes:")
    print(f"  bare PySide6 window: {bare_s:.3f} s")
    print(f"  Sổ Vàng main window:  {app_s:.3f} s ({args.db.name}), on its sign-in screen")
    print(f"  ratio: {app_s / bare_s:.2f}× (target ≤ 2.5×)")
    print(f"  database open and sign-in possible: {statistics.median(sign_in):.3f} s after start")
    measure_list(args.db, args.pages)


if __name__ == "__main__":
    main()
