#!/usr/bin/env python3
"""Set-up and launch in one step, on a fresh machine with Python 3.11+ (Windows or Linux).

    python3 run.py app [sovang arguments]    the application (default database: per-user folder)
    python3 run.py test [pytest arguments]   the whole test suite on SQLite, then the shared suite
                                             (database, workflow, sync) on a throwaway PostgreSQL;
                                             with arguments, pytest with just those

Creates `.venv` beside this file and installs the project into it when `pyproject.toml` changed
since the last install, compiles the translation catalogs, then runs the command.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SHARED_SUITE = ["tests/core", "tests/rules", "tests/sync", "tests/reports"]
"""Run a second time on PostgreSQL (tests that use the database fixtures; not the screens)."""


def ensure_environment(extras: str) -> None:
    """Install the project (with `extras`) unless the same pyproject was installed already."""
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may be started by an older python3
        sys.exit("Sổ Vàng needs Python 3.11 or newer.")
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
    subprocess.run([str(PYTHON), "-m", "desktop.i18n"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "app":
        ensure_environment("")
        return subprocess.call([str(PYTHON), "-m", "desktop", *rest], cwd=ROOT)
    ensure_environment("dev")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    pytest = [str(PYTHON), "-m", "pytest"]
    if rest:
        return subprocess.call([*pytest, *rest], cwd=ROOT, env=env)
    on_sqlite = subprocess.call(pytest, cwd=ROOT, env=env)
    on_postgresql = subprocess.call([*pytest, "--database", "postgresql", *SHARED_SUITE], cwd=ROOT, env=env)
    return on_sqlite or on_postgresql


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
