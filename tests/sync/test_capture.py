"""No write escapes the change log: replaying the log rebuilds every record the demo made."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.changes.codec import carried_columns, readers, synced_tables
from desktop.db import Database
from desktop.models import SyncChange


def test_replaying_the_log_rebuilds_every_record(demo_path):
    db = Database.open(demo_path)
    try:
        with db.session() as session:
            replayed: dict = {}
            changes = session.scalars(select(SyncChange).order_by(SyncChange.hlc, SyncChange.seq)).all()
            for change in changes:
                replayed.setdefault(change.record_id, {}).update(json.loads(change.fields))
            checked = 0
            for name, table in synced_tables().items():
                columns, convert = carried_columns(name), readers(name)
                for row in session.execute(
                    select(table).where(table.c.owner_unit_id.is_not(None))
                ).mappings():
                    logged = replayed.get(row["id"], {})
                    as_logged = {
                        column: None if logged.get(column) is None else convert[column](logged[column])
                        for column in columns
                    }
                    assert as_logged == {column: row[column] for column in columns}, (name, row["id"])
                    assert set(logged) == set(columns)
                    checked += 1
        assert checked > 3000
    finally:
        db.close()


def test_an_edit_logs_only_what_changed_and_builds_on_the_record_s_last_change(commune_path):
    from desktop.services import people

    db = Database.open(commune_path)
    try:
        created = people.create_person(
            db, "admin", people.PersonFields(full_name="Lò Văn Páo", birth_year=1970)
        )
        fields = people.PersonFields(full_name="Lò Văn Páo", birth_year=1971)
        people.update_person(db, "admin", created.id, fields)
        with db.session() as session:
            first, second = session.scalars(
                select(SyncChange).where(SyncChange.record_id == created.id).order_by(SyncChange.seq)
            ).all()
        assert json.loads(second.bases) == [first.key]
        assert set(json.loads(second.fields)) == {"birth_year", "updated_at"}
        assert json.loads(second.previous)["birth_year"] == 1970
        assert second.hlc > first.hlc and second.author == "admin"
    finally:
        db.close()
