"""The crash harness runs and finds nothing broken (a few kill points here; `bench/kill_harness.py`
with its default runs 250)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[2] / "bench" / "kill_harness.py"


def test_a_few_kill_points_leave_every_database_whole():
    done = subprocess.run(
        [sys.executable, str(HARNESS), "--kills", "5", "--seed", "7"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = dict(line.strip().split(": ") for line in done.stdout.splitlines() if line.startswith("  "))
    (points,) = [line for line in done.stdout.splitlines() if line.startswith("kill points: ")]
    assert points.startswith("kill points: 5 ") and "inside the work" in points
    names = ("corrupt", "lost commit", "partial import", "partial file", "audit break")
    assert [figures[name] for name in names] == ["0"] * 5
