"""Schema versions: read the version of a database, refuse a newer one, upgrade an older one.

Revisions are numbered "0001", "0002", … under `migrations/versions/`. An upgrade runs in one
transaction after a backup of the file (SQLite online backup API).
"""

from __future__ import annotations

from collections.abc import Callable
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


def head_revision() -> str:
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
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
    return True
