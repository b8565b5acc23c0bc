"""A throwaway PostgreSQL server from the machine's own packages, for the shared suite's second run.

It listens only on a Unix socket in its own temporary folder, with fsync off: nothing outside
the test run can reach it and it leaves nothing behind. PostgreSQL refuses to run as root, so
when the tests run as root (CI) the server runs as the `postgres` account that Debian's package
creates. Used by `tests/conftest.py` (`--database postgresql`) and `bench/bench_hub.py`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

USER = "sovang"
PORT = 5432  # no TCP listener: the number only names the socket file in the private folder


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


@dataclass
class Server:
    folder: Path
    binaries: Path
    run_as: list[str]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}&port={PORT}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.folder), port=PORT, user=USER, dbname="postgres", autocommit=True
        )

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`, which must have no open connection)."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.binaries / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """Initialise and start a server; raises RuntimeError naming what is missing or went wrong."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server here (Debian: apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="sovang-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    steps = [
        [str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale"],
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-o",
            f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200",
            "start",
        ],
    ]
    for step in steps:
        done = subprocess.run([*run_as, *step], capture_output=True, text=True)
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{Path(step[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")
    return Server(folder, binaries, run_as)
