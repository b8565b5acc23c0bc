"""Shared fixtures: data folders redirected to tmp_path, ready-made databases copied per test."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.db import Database  # noqa: E402
from desktop.i18n import set_language  # noqa: E402
from desktop.services.setup import init_site  # noqa: E402

pytest_plugins = ["tests.decided"]
"""Fixtures shared across folders: the decided proposal every document test prints."""

ADMIN_PASSWORD = "matkhau-thu-nghiem"
COMMUNE_CODE = "01290"  # Xã Bảo Lâm, Cao Bằng: a border commune
PROVINCE_CODE = "04"  # Cao Bằng, the province above it


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOVANG_DATA_DIR", str(tmp_path / "data"))
    set_language("vi")
    yield
    set_language("vi")


def _template(
    factory: pytest.TempPathFactory, name: str, demo_persons: int | None, role: str = "commune"
) -> Path:
    path = factory.mktemp("templates") / f"{name}.sqlite"
    db = Database.open(path, create=True)
    init_site(db, role, COMMUNE_CODE if role == "commune" else PROVINCE_CODE, "admin", ADMIN_PASSWORD)
    if demo_persons is not None:
        from desktop.demo.builder import build_demo

        build_demo(db, seed=1, persons=demo_persons)
    db.close()
    return path


@pytest.fixture(scope="session")
def _commune_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "commune", None)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "demo", 120)


@pytest.fixture(scope="session")
def _province_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory, "province", None, role="province")


def _copy(template: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.sqlite"
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def commune_path(_commune_template: Path, tmp_path: Path) -> Path:
    """A set-up commune database with no records yet."""
    return _copy(_commune_template, tmp_path, "commune")


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A commune database holding demo data (seed 1, 120 people)."""
    return _copy(_demo_template, tmp_path, "demo")


@pytest.fixture
def commune_db(commune_path: Path) -> Iterator[Database]:
    db = Database.open(commune_path)
    yield db
    db.close()


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    db = Database.open(demo_path)
    yield db
    db.close()


@pytest.fixture
def province_db(_province_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A set-up province database (Cao Bằng) with no records yet: the level communes send to."""
    db = Database.open(_copy(_province_template, tmp_path, "province"))
    yield db
    db.close()


@dataclass
class Stick:
    """A real small drive (tmpfs) standing for a USB stick: it fills up, turns read-only, goes."""

    folder: Path

    def fill(self) -> None:
        """Write until the drive is full."""
        descriptor = os.open(self.folder / "filler.bin", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(descriptor, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(descriptor)

    def protect(self) -> None:
        """The write-protect switch: the drive turns read-only (for root too)."""
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)

    def pull_out(self) -> None:
        subprocess.run(["umount", "-l", str(self.folder)], check=True)

    def files(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(self.folder.iterdir())}


@pytest.fixture
def stick(tmp_path: Path) -> Iterator[Stick]:
    """An 8 MB drive holding one earlier file. Mounting needs root, which CI has."""
    folder = tmp_path / "usb"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"a small drive cannot be mounted here: {mounted.stderr.strip()}")
    (folder / "sovang-earlier.svb").write_bytes(os.urandom(50_000))
    yield Stick(folder)
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def person_names(path: Path) -> list[str]:
    """The names in the person table of a database or backup file, read straight from the file."""
    connection = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT full_name FROM person"))
    finally:
        connection.close()
