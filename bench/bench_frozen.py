"""Size of the frozen build, and its time to a main window next to the source run.

    installer/build.sh                 # makes dist/sovang/ (and runs its selftest)
    python bench/bench_frozen.py [--runs 5]

Size: the unpacked folder (target ≤ 150 MB), with the parts that only a Linux build carries (the
ICU data Qt links on Linux, and the system libraries PyInstaller copies from the build machine)
shown apart: a Windows build has neither.
Start-up: `sovang gui --screenshot` from process start to a rendered main window (its sign-in
screen over a set-up commune database) and exit, frozen and from source (`python -m desktop`),
alternated, median of `--runs`; the ratio frozen/source is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "dist" / "sovang"
MB = 1024 * 1024


def size_of(paths: list[Path]) -> int:
    return sum(path.stat().st_size for path in paths if path.is_file() and not path.is_symlink())


def sizes() -> None:
    files = [path for path in FROZEN.rglob("*")]
    total = size_of(files)
    internal = FROZEN / "_internal"
    icu = size_of(list((internal / "PySide6" / "Qt" / "lib").glob("libicu*")))
    system = size_of([p for p in internal.glob("lib*.so*") if not p.name.startswith("libpython")])
    qt = size_of([p for p in files if "PySide6" in p.parts]) - icu
    print(f"frozen folder: {total / MB:.0f} MB unpacked, {len(files)} files (target ≤ 150 MB)")
    print(f"  PySide6 and Qt (without ICU): {qt / MB:.0f} MB")
    print(f"  Linux only — Qt's ICU data: {icu / MB:.0f} MB; system libraries: {system / MB:.0f} MB")
    print(f"  without the Linux-only parts: {(total - icu - system) / MB:.0f} MB")


SOURCE = [sys.executable, "-m", "desktop"]


def environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SOVANG_DATA_DIR": str(folder / "data"),
        "SOVANG_ADMIN_PASSWORD": "matkhau-do-khoi-dong",
    }


def launch(command: list[str], folder: Path, number: int) -> float:
    target = folder / f"shot-{number}.png"
    started = time.perf_counter()
    subprocess.run(
        [*command, "gui", "--db", str(folder / "xa.sqlite"), "--screenshot", str(target)],
        check=True,
        env=environment(folder),
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    assert target.stat().st_size > 10_000, "no window was rendered"
    return elapsed


def startup(runs: int) -> None:
    frozen, source = [], []
    with tempfile.TemporaryDirectory(prefix="sovang-frozen-bench-") as temporary:
        folder = Path(temporary)
        subprocess.run(
            [*SOURCE, "init", "--db", str(folder / "xa.sqlite"), "--role", "commune", "--unit", "01290"]
            + ["--admin", "admin"],
            check=True,
            env=environment(folder),
            capture_output=True,
        )
        launch([str(FROZEN / "sovang")], folder, -1)  # warm the disk cache for both
        launch(SOURCE, folder, -2)
        for run in range(runs):
            frozen.append(launch([str(FROZEN / "sovang")], folder, 2 * run))
            source.append(launch(SOURCE, folder, 2 * run + 1))
    frozen_time, source_time = statistics.median(frozen), statistics.median(source)
    print(f"start to a rendered main window (sign-in screen), median of {runs}:")
    print(f"  frozen {frozen_time:.2f} s, source {source_time:.2f} s; ratio {frozen_time / source_time:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (FROZEN / "sovang").exists():
        sys.exit("No frozen build in dist/sovang: run installer/build.sh first.")
    os.chdir(ROOT)
    sizes()
    startup(args.runs)


if __name__ == "__main__":
    main()
