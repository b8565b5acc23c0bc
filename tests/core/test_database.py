"""Opening databases: migration from an empty file, refusals that leave files untouched."""

import hashlib
import sqlite3
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.db import Database, migrate
from desktop.db.migrate import include_name
from desktop.errors import DatabaseError
from desktop.models import Base


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_empty_file_is_migrated_to_the_current_schema(tmp_path):
    path = tmp_path / "new.sqlite"
    path.touch()
    db = Database.open(path)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()


def test_the_migrations_build_exactly_the_models(tmp_path):
    db = Database.open(tmp_path / "schema.sqlite", create=True)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []
    db.close()


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(DatabaseError):
        Database.open(tmp_path / "absent.sqlite")
    assert not (tmp_path / "absent.sqlite").exists()


def test_a_database_from_a_newer_version_is_refused_untouched(commune_path):
    connection = sqlite3.connect(commune_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = _digest(commune_path)
    with pytest.raises(DatabaseError, match="9999"):
        Database.open(commune_path)
    assert _digest(commune_path) == before


@pytest.mark.parametrize("content", [b"hello, not a database", b"SQLite format 3\x00" + b"\x07" * 4000])
def test_a_non_database_or_damaged_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    with pytest.raises(DatabaseError):
        Database.open(path)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(DatabaseError):
        Database.open(path)
    assert _digest(path) == before


def test_a_downgraded_schema_is_upgraded_again(commune_path):
    db = Database.open(commune_path)
    migrate.downgrade(db.engine, "base")
    db.close()
    reopened = Database.open(commune_path)
    assert migrate.current_revision(reopened.engine) == migrate.head_revision()
    reopened.close()


def test_an_older_schema_is_backed_up_before_it_is_upgraded(commune_path):
    """A database one revision behind gets a verified backup before any migration runs."""
    db = Database.open(commune_path)
    migrate.downgrade(db.engine, "-1")
    previous = migrate.current_revision(db.engine)
    db.close()
    assert previous != migrate.head_revision()
    Database.open(commune_path).close()
    backups = list((commune_path.parent / "backups").glob(f"*before-upgrade-from-{previous}*.sqlite"))
    assert len(backups) == 1
    connection = sqlite3.connect(backups[0])
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert connection.execute("SELECT count(*) FROM admin_unit").fetchone()[0] > 3000
    connection.close()


def test_a_database_full_of_records_goes_down_and_up_every_revision_intact(demo_path):
    """Altering a table copies it; the proposals, items and awards that point at it survive."""
    db = Database.open(demo_path)
    before = _counts(db)
    assert before["proposal_item"] > 0 and before["award"] > 0
    migrate.downgrade(db.engine, "0001")
    db.close()
    db = Database.open(demo_path)
    assert _counts(db) == before
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    db.close()


def _counts(db) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("person", "proposal", "proposal_item", "decision", "award")
        }


def test_the_newest_revision_read_from_file_names_is_alembics_head():
    from desktop.db.migrate import head_revision
    from desktop.db.sqlite_file import newest_revision

    assert newest_revision() == head_revision()


def test_a_database_is_not_opened_before_its_change_log_is_loaded(tmp_path):
    """The database layer cannot import the change log above it; opening a file without it would
    save writes no office ever receives, so it is refused, and with the log loaded it opens."""
    script = (
        "import sys\n"
        "from desktop.db import Database\n"
        "try:\n"
        "    Database.open(sys.argv[1], create=True)\n"
        "except RuntimeError as error:\n"
        "    print('refused:', error)\n"
        "import desktop.changes\n"
        "Database.open(sys.argv[1], create=True).close()\n"
        "print('opened')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "x.sqlite")], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "refused: import desktop.changes before opening a database",
        "opened",
    ]
