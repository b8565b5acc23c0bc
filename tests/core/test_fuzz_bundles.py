"""The bundle fuzzer runs and finds no crash and no change for a refused bundle (a few hundred
here; `bench/fuzz_bundles.py` with its default makes 10,000)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FUZZER = Path(__file__).resolve().parents[2] / "bench" / "fuzz_bundles.py"


def test_a_few_hundred_malformed_bundles_are_refused_or_quarantined_without_a_crash(tmp_path):
    done = subprocess.run(
        [sys.executable, str(FUZZER), "--count", "200", "--seed", "11"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SOVANG_DATA_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = dict(
        line.strip().rsplit(": ", 1)
        for line in done.stdout.splitlines()
        if line.startswith("  ") and ": " in line
    )
    assert lines["crashes"] == "0" and lines["refused bundles that changed the database"] == "0"
    assert int(lines["bytes: refused"]) >= 45 and int(lines["changes quarantined"]) > 0
