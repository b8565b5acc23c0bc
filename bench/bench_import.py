"""How long a big office list takes to read and check, and how much memory it needs.

    python bench/bench_import.py [--rows 30000]

A list laid out as offices keep them (title rows, a two-row header with the birth year under
"Nam" or "Nữ", the row of column numbers, village headings, ethnic groups by other names, CCCD
numbers as numbers, the signature block), written as .xlsx and as CSV, is read and checked as a
dry run into a freshly set-up commune that has no village yet (the villages are created with the
rows). Target: 30,000 rows in under 30 s, with the process's peak memory under 500 MB. Each figure
is printed with its ratio to the target; the CSV read shows what the workbook format costs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SOVANG_DATA_DIR", tempfile.mkdtemp(prefix="sovang-bench-"))

from desktop.db import Database  # noqa: E402
from desktop.reports.excel_import import read_sheet  # noqa: E402
from desktop.reports.import_rows import Options  # noqa: E402
from desktop.services.setup import init_site  # noqa: E402
from tests.reports.office_files import table, write_csv, write_xlsx_plain  # noqa: E402

TARGET_SECONDS = 30.0
TARGET_MB = 500.0


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM, which starts afresh at exec (getrusage's
    maxrss on Linux keeps the parent's high-water mark across fork and exec)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def read_once(db_path: Path, path: Path) -> dict[str, float]:
    """One dry run in this process, which did nothing else: its time, rows and peak memory."""
    db = Database.open(db_path)
    try:
        started = time.perf_counter()
        preview = read_sheet(db, "people", path, options=Options(add_villages=True))
        seconds = time.perf_counter() - started
    finally:
        db.close()
    return {"seconds": seconds, "valid": len(preview.to_save), "errors": len(preview.errors), "mb": peak_mb()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--read", nargs=2, metavar=("DB", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        print(json.dumps(read_once(Path(args.read[0]), Path(args.read[1]))))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="sovang-bench-import-"))
    db = Database.open(folder / "xa.sqlite", create=True)
    init_site(db, "commune", "01290", "admin", "matkhau-do-toc-do-nhap")
    db.close()
    rows, _ = table(args.rows)
    files = {"xlsx": folder / "danh-sach.xlsx", "csv": folder / "danh-sach.csv"}
    write_xlsx_plain(files["xlsx"], rows)
    write_csv(files["csv"], rows)
    sizes = ", ".join(f"{kind} {path.stat().st_size / 1024**2:.1f} MB" for kind, path in files.items())
    print(f"rows: {args.rows:,}; files: {sizes}")
    failed = False
    for kind, path in files.items():
        run = subprocess.run(
            [sys.executable, __file__, "--read", str(folder / "xa.sqlite"), str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        found = json.loads(run.stdout.splitlines()[-1])
        seconds, memory = found["seconds"], found["mb"]
        print(
            f"{kind}: {found['valid']:,} rows valid, {found['errors']} errors; "
            f"{seconds:.1f} s (ratio to {TARGET_SECONDS:.0f} s: {seconds / TARGET_SECONDS:.2f}); "
            f"peak memory of the reading process {memory:.0f} MB (ratio to {TARGET_MB:.0f} MB: "
            f"{memory / TARGET_MB:.2f})"
        )
        failed |= (
            found["valid"] != args.rows or found["errors"] or seconds > TARGET_SECONDS or memory > TARGET_MB
        )
    print("target met" if not failed else "TARGET MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
