"""Health of a database: integrity, schema version, search index, audit chain, content digest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from desktop.db import Database, migrate
from desktop.models import Award, Base, Collective, Decision, Person, Site
from desktop.services import audit

SITE_LOCAL_TABLES = {
    "site",
    "site_keys",
    "peer_site",
    "app_user",
    "audit_entry",
    "setting",
    "sync_change",
    "sync_stream",
    "sync_ack",
    "sync_bundle",
    "sync_conflict",
    "sync_quarantine",
    "sync_route",
}
"""Tables that describe this installation, not the records it keeps."""
PER_SITE_COLUMNS = {"origin_site_id", "seq", "row_version", "created_by", "updated_by"}
"""Columns that differ between two sites holding the same records."""


@dataclass
class CheckReport:
    schema_revision: str | None
    schema_head: str
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    content_digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def content_digest(db: Database) -> str:
    """SHA-256 over every record's content, leaving out what only says which site wrote it.

    Two databases holding the same records give the same digest: the demo's promise that one seed
    always builds the same commune is checked with it.
    """
    digest = hashlib.sha256()
    with db.engine.connect() as connection:
        for table in sorted(Base.metadata.sorted_tables, key=lambda t: t.name):
            if table.name in SITE_LOCAL_TABLES:
                continue
            columns = [c for c in table.columns if c.name not in PER_SITE_COLUMNS]
            order = list(table.primary_key.columns)
            for row in connection.execute(select(*columns).order_by(*order)):
                digest.update(repr((table.name, tuple(row))).encode("utf-8"))
    return digest.hexdigest()


def check_database(db: Database) -> CheckReport:
    report = CheckReport(
        schema_revision=migrate.current_revision(db.engine), schema_head=migrate.head_revision()
    )
    if report.schema_revision != report.schema_head:
        report.problems.append(f"schema {report.schema_revision} is not {report.schema_head}")
    with db.session() as session:
        if db.is_sqlite:
            integrity = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if integrity != ["ok"]:
                report.problems.extend(f"integrity: {line}" for line in integrity[:20])
            for row in session.execute(text("PRAGMA foreign_key_check")).fetchall()[:20]:
                report.problems.append(f"foreign key: {row[0]} row {row[1]} → {row[2]}")
            try:
                session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))
            except Exception as error:  # noqa: BLE001 - any failure of the check is the finding
                report.problems.append(f"search index: {error}")
            session.rollback()
            indexed = session.scalar(text("SELECT count(*) FROM search_doc")) or 0
            live = sum(
                session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0
                for model in (Person, Collective, Decision)
            )
            if indexed != live:
                report.problems.append(f"search index: {indexed} entries for {live} records")
        if session.scalars(select(Site)).first() is None:
            report.problems.append("not set up: run sovang init")
        for chain_break in audit.verify_chain(session):
            report.problems.append(f"audit entry {chain_break.entry_id}: {chain_break.reason}")
        for name, model in (
            ("people", Person),
            ("collectives", Collective),
            ("decisions", Decision),
            ("awards", Award),
        ):
            report.counts[name] = (
                session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0
            )
    report.content_digest = content_digest(db)
    return report
