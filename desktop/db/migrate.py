"""Schema versions: read the version of a database, refuse a newer one, upgrade an older one.

Revisions are numbered "0001", "0002", … under `migrations/versions/`. An upgrade runs in one
transaction after a backup of the file (SQLite online backup API).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from desktop.errors import DatabaseError
from desktop.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
INDEX_TABLE_PREFIXES = ("search_",)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """The FTS index tables are made by hand-written DDL; schema comparison leaves them out."""
    return not (type_ == "table" and name and name.startswith(INDEX_TABLE_PREFIXES))


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """Read once: alembic loads every migration script to find it, and each bundle asks."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_tables(engine: Engine) -> bool:
    """Whether the database holds anything besides Alembic's own version table."""
    return bool(set(inspect(engine).get_table_names()) - {"alembic_version"})


def refuse_unknown(current: str | None, tables_present: bool) -> None:
    """Raise DatabaseError for a database written by a newer version, or not by Sổ Vàng at all."""
    if current is None and tables_present:
        raise DatabaseError(_("This file is a database, but not a Sổ Vàng database."))
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            _(
                "This database was written by a newer version of Sổ Vàng (schema {found}). "
                "Install the newer version to open it."
            ).format(found=current)
        )


def ensure_current(engine: Engine, before_upgrade: Callable[[str], None] | None = None) -> bool:
    """Bring the schema to head, after `before_upgrade` (a backup); True when an upgrade ran."""
    current = current_revision(engine)
    refuse_unknown(current, has_tables(engine))
    if current == head_revision():
        return False
    if before_upgrade is not None and current is not None:
        before_upgrade(current)
    _change_schema(engine, lambda config: command.upgrade(config, "head"))
    return True


def downgrade(engine: Engine, revision: str) -> None:
    """Go back to `revision` ("-1": one step): for tests of upgrades from older schemas."""
    _change_schema(engine, lambda config: command.downgrade(config, revision))


def _change_schema(engine: Engine, change: Callable[[Config], None]) -> None:
    """Run a schema change in one transaction.

    SQLite alters a table by copying it, and dropping the old copy breaks the references to it
    while foreign keys are enforced; so they are switched off for the change (it only works
    outside a transaction) and every reference is checked once at the end instead."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection if engine.dialect.name == "sqlite" else None
        if driver is not None:
            driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                change(_config(connection))
                if driver is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise DatabaseError(
                        _("The database upgrade would break links between records; nothing was changed.")
                    )
        finally:
            if driver is not None:
                driver.execute("PRAGMA foreign_keys = ON")
