"""Shared fixtures: data folders redirected to tmp_path, ready-made databases copied per test.

The database fixtures run on SQLite files, or with `--database postgresql` on a throwaway
PostgreSQL server (`tests/postgres.py`); that second run keeps only the tests that use them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.db import Database  # noqa: E402
from desktop.i18n import set_language  # noqa: E402
from desktop.services.setup import init_site  # noqa: E402
from tests import postgres  # noqa: E402

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="where the database fixtures live; postgresql runs only the tests that use them",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("database") == "sqlite":
        return
    kept = [item for item in items if _on_backend(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


FILE_FIXTURES = {"commune_path", "demo_path"}
"""Fixtures that hand a test a SQLite file: its test is about files, not the shared suite."""


def _on_backend(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    on_files = fixtures & FILE_FIXTURES or item.get_closest_marker("sqlite_file")
    return "backend" in fixtures and not on_files


def db_argument(db: Database) -> str:
    """What `--db` takes to open the same database from the command line: its file or its URL."""
    return str(db.path) if db.path else db.engine.url.render_as_string(hide_password=False)


@dataclass
class Backend:
    """Where test databases live: SQLite files in the test's folder, or databases on a server."""

    server: postgres.Server | None

    def new(self, folder: Path, name: str) -> str | Path:
        """The target of an empty database, for `Database.open(target, create=True)`."""
        if self.server is None:
            return folder / f"{name}.sqlite"
        return self.server.url(self.server.create())

    def copy(self, template: str | Path, folder: Path, name: str) -> str | Path:
        if self.server is None:
            target = folder / f"{name}.sqlite"
            shutil.copyfile(template, target)
            return target
        return self.server.url(self.server.create(template=make_url(str(template)).database))

    def discard(self, target: str | Path) -> None:
        """Drop a server database once its test is over (files go with the test's folder)."""
        if self.server is not None:
            self.server.drop(make_url(str(target)).database)


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.config.getoption("database") == "sqlite":
        yield Backend(None)
        return
    try:
        server = postgres.start()
    except RuntimeError as error:
        if os.environ.get("SOVANG_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here: {error}")
        pytest.skip(f"PostgreSQL: {error}")
    yield Backend(server)
    server.stop()


def _template(
    backend: Backend,
    factory: pytest.TempPathFactory,
    name: str,
    demo_persons: int | None,
    role: str = "commune",
) -> str | Path:
    target = backend.new(factory.mktemp("templates"), name)
    db = Database.open(target, create=True)
    init_site(db, role, COMMUNE_CODE if role == "commune" else PROVINCE_CODE, "admin", ADMIN_PASSWORD)
    if demo_persons is not None:
        from desktop.demo.builder import build_demo

        build_demo(db, "admin", seed=1, persons=demo_persons)
    db.close()
    return target


@pytest.fixture(scope="session")
def _commune_template(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    return _template(backend, tmp_path_factory, "commune", None)


@pytest.fixture(scope="session")
def _demo_template(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    return _template(backend, tmp_path_factory, "demo", 120)


@pytest.fixture(scope="session")
def _province_template(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    return _template(backend, tmp_path_factory, "province", None, role="province")


@pytest.fixture
def commune_path(_commune_template: Path, tmp_path: Path) -> Path:
    """A set-up commune database file with no records yet (for what only files have)."""
    return Backend(None).copy(_commune_template, tmp_path, "commune")  # type: ignore[return-value]


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A commune database file holding demo data (seed 1, 120 people)."""
    return Backend(None).copy(_demo_template, tmp_path, "demo")  # type: ignore[return-value]


def _opened(backend: Backend, template: str | Path, folder: Path, name: str) -> Iterator[Database]:
    target = backend.copy(template, folder, name)
    db = Database.open(target)
    yield db
    db.close()
    backend.discard(target)


@pytest.fixture
def commune_db(backend: Backend, _commune_template: str | Path, tmp_path: Path) -> Iterator[Database]:
    """A set-up commune database with no records yet."""
    yield from _opened(backend, _commune_template, tmp_path, "commune")


@pytest.fixture
def demo_db(backend: Backend, _demo_template: str | Path, tmp_path: Path) -> Iterator[Database]:
    """A commune database holding demo data (seed 1, 120 people)."""
    yield from _opened(backend, _demo_template, tmp_path, "demo")


@pytest.fixture
def province_db(backend: Backend, _province_template: str | Path, tmp_path: Path) -> Iterator[Database]:
    """A set-up province database (Cao Bằng) with no records yet: the level communes send to."""
    yield from _opened(backend, _province_template, tmp_path, "province")


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
