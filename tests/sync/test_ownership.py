"""A validly signed bundle from a commune changes at the province only what that commune owns.

Each attack is made with the commune's real keys: records written through the project's own
models at the commune, their logged changes altered where a hostile program would alter them, and
sent in a bundle the commune signs (`forge`)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.changes.change import Change
from desktop.changes.codec import carried_columns, synced_tables
from desktop.db import Database
from desktop.models import (
    AuditEntry,
    Award,
    PersonMatch,
    ReferenceRelease,
    Registration,
    SyncChange,
    SyncQuarantine,
    TaskRating,
)
from desktop.models import Site as SiteRow
from desktop.rules.parameters import shipped_document
from desktop.services import eligibility, people, releases
from desktop.services.search import search
from desktop.sync.bundle import BundleRejected, Held, Range
from desktop.sync.exchange import export_bundle, held_streams, import_bundle, import_receipt, write_receipt
from desktop.sync.ownership import kind
from tests.rules.records import Records
from tests.sync.conftest import Site, forge, link, open_sites
from tests.sync.test_exchange import add_person, logged_changes, person, person_names, send

TODAY = dt.date(2026, 11, 22)


def changes_of(site: Site, record_id: uuid.UUID) -> list[dict]:
    return [change.as_json() for change in logged_changes(site, record_id)]


def quarantined(site: Site) -> list[tuple[str, str]]:
    with site.db.session() as session:
        return session.execute(select(SyncQuarantine.table_name, SyncQuarantine.reason)).all()


def audited(site: Site, action: str) -> list[dict]:
    with site.db.session() as session:
        rows = session.scalars(select(AuditEntry.details).where(AuditEntry.action == action))
        return [json.loads(row) if isinstance(row, str) else row for row in rows]


def three(sites) -> tuple[Site, Site, Site]:
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    return a, b, province


def release_of(site: Site, kind_: str, version: str, **values: object) -> uuid.UUID:
    """A release written at `site` through the models, as a program bypassing `publish` would."""
    content = json.dumps({**shipped_document(kind_), "version": version, **values}, ensure_ascii=False)
    with site.db.transaction("admin") as session:
        row = ReferenceRelease(kind=kind_, version=version, issued_on=TODAY, content=content)
        session.add(row)
        session.flush()
        return row.id


def salary_at(site: Site) -> tuple[str, int]:
    held = {item.kind: item for item in releases.releases_in_force(site.db)}["base_salary"]
    someone = add_person(site, "Người thử lương")
    return held.version, eligibility.judge(site.db, someone.id, "LDTT", 2026, TODAY).reward.base_salary


# -- reference releases --------------------------------------------------------------------------


def test_a_commune_cannot_publish_the_provinces_base_salary(sites, tmp_path):
    a, _b, province = three(sites)
    before = salary_at(province)
    raised = {"from": "2026-01-01", "amount": 99_000_000, "basis": "Giả mạo"}
    salary = shipped_document("base_salary")
    forged_release = release_of(a, "base_salary", "9999.1", levels=[*salary["levels"], raised])
    honest = add_person(a, "Nông Văn Dền")

    exported = export_bundle(a.db, "admin", a.secrets, province.card.site_id, tmp_path / "normal")
    import_bundle(province.db, "admin", province.secrets, exported.path)
    assert salary_at(province) == before  # an honest export never carries a release upward
    assert "Nông Văn Dền" in person_names(province)

    path = forge(a, province, changes_of(a, forged_release), tmp_path / "forged")
    result = import_bundle(province.db, "admin", province.secrets, path)
    assert (result.counts["quarantined"], result.refused) == (1, 1)
    assert quarantined(province) == [("reference_release", "not_from_above")]
    assert salary_at(province) == before
    assert audited(province, "sync.refused")[-1]["not_from_above"] == 1
    assert honest.id is not None


def test_a_release_of_a_unit_not_above_is_never_in_force_however_it_came_in(sites):
    """One kept by an older version, say: the release in force is chosen among this unit's and
    those above it only."""
    a, _b, province = three(sites)
    before = salary_at(a)
    with a.db.transaction("admin") as session:
        content = json.dumps({**shipped_document("base_salary"), "version": "9999.1"})
        session.add(
            ReferenceRelease(
                kind="base_salary",
                version="9999.1",
                issued_on=TODAY,
                content=content,
                owner_unit_id=sites["commune_b"].card.unit_id,
            )
        )
    assert salary_at(a) == before
    assert province is not None


# -- streams and receipts ------------------------------------------------------------------------


def test_a_commune_cannot_silence_another_communes_stream(sites, tmp_path):
    a, b, province = three(sites)
    add_person(b, "Lý Thị Sáu")
    send(b, province, tmp_path / "1")
    b_stream = next(item for item in held_streams_of(province) if item.origin == b.card.site_id)

    honest = changes_of(a, add_person(a, "Nông Văn Dền").id)
    fake = Range(b.card.site_id, b_stream.epoch, 1, 10**12, 0)
    own = Range(a.card.site_id, honest[0]["epoch"], honest[0]["seq"], honest[-1]["seq"], len(honest))
    path = forge(a, province, honest, tmp_path / "forged", ranges=[own, fake])
    result = import_bundle(province.db, "admin", province.secrets, path)
    assert result.counts["applied"] == len(honest)

    after = next(item for item in held_streams_of(province) if item.origin == b.card.site_id)
    assert after.seq == b_stream.seq
    add_person(b, "Lý Văn Bảy")
    send(b, province, tmp_path / "2")
    assert {"Lý Thị Sáu", "Lý Văn Bảy"} <= person_names(province)


def held_streams_of(site: Site) -> list[Held]:
    with site.db.engine.connect() as connection:
        return held_streams(connection)


def test_a_receipt_claiming_more_than_this_office_wrote_is_refused_and_reported(sites, tmp_path):
    a, _b, province = three(sites)
    honest = changes_of(a, add_person(a, "Nông Văn Dền").id)
    province_stream = held_streams_of(province)[0]
    lie = [Held(province.card.site_id, province_stream.epoch, 10**12)]
    result = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, honest, tmp_path / "1", held=lie)
    )
    assert result.receipt_refused and result.counts["applied"] == len(honest)
    assert len(audited(province, "sync.receipt_refused")) == 1

    releases.publish(
        province.db,
        "admin",
        "rule_parameters",
        json.dumps({**shipped_document("rule_parameters"), "version": "2026.9"}).encode(),
        TODAY,
    )
    down = export_bundle(province.db, "admin", province.secrets, a.card.site_id, tmp_path / "2")
    assert down.manifest.change_count >= 1  # the province still sends the commune what it writes

    receipt = {
        "format": "sovang-receipt/1",
        "from_site": str(a.card.site_id),
        "to_site": str(province.card.site_id),
        "bundle_id": str(uuid.uuid4()),
        "clock": "0000000000009.000000",
        "held": [{"origin": str(province.card.site_id), "epoch": province_stream.epoch, "held": 10**12}],
        "counts": {},
    }
    path = write_receipt(tmp_path / "lie.svr", receipt, a.secrets)
    try:
        import_receipt(province.db, "admin", path)
    except BundleRejected as refused:
        assert "chưa từng ghi" in str(refused)
    else:
        raise AssertionError("a lying receipt was taken")


# -- records about another office's subjects -----------------------------------------------------


def test_a_commune_cannot_graft_awards_ratings_or_matches_onto_another_communes_person(sites, tmp_path):
    a, b, province = three(sites)
    theirs = Records(b.db)
    other = theirs.person("Lý Văn Nam")
    for year in range(2015, 2024):
        theirs.award(other, "GK_XA", year)
    send(b, province, tmp_path / "1")

    ours = Records(a.db)
    own, namesake = ours.person("Nông Văn Nam"), ours.person("Nông Văn Nam")
    ours.award(namesake, "GK_XA", 2024)
    ours.year(namesake, 2024, "HTXS")
    with a.db.transaction("admin") as session:
        session.add(PersonMatch(kept_person_id=own, other_person_id=namesake, verdict="same"))
    with a.db.session() as session:
        award = session.scalars(select(Award)).one()
        about_namesake = [
            *session.scalars(select(Award.id)),
            *session.scalars(select(TaskRating.id)),
            *session.scalars(select(Registration.id)),
            *session.scalars(select(PersonMatch.id)),
        ]

    def onto_theirs(change: dict) -> dict:
        fields = {
            name: str(other) if value == str(namesake) else value for name, value in change["fields"].items()
        }
        return {**change, "fields": fields}

    honest = changes_of(a, own) + changes_of(a, namesake)
    decision = changes_of(a, award.decision_id)
    grafted = [onto_theirs(change) for record in about_namesake for change in changes_of(a, record)]
    changes = sorted(honest + decision + grafted, key=lambda change: change["seq"])
    result = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, changes, tmp_path / "2")
    )

    assert result.counts["applied"] == len(honest) + len(decision)
    assert result.refused == len(grafted)
    assert {reason for _table, reason in quarantined(province)} == {"foreign_subject"}
    with province.db.session() as session:
        assert len(session.scalars(select(Award.id).where(Award.person_id == other)).all()) == 9
        assert session.scalars(select(PersonMatch)).all() == []
    assert any(hit.id == other for hit in search(province.db, "Lý Văn Nam"))


def test_an_owner_change_from_below_is_refused(sites, tmp_path):
    a, b, province = three(sites)
    created = add_person(a, "Nông Văn Dền")
    send(a, province, tmp_path / "1")
    people.update_person(
        a.db, "admin", created.id, people.PersonFields(full_name="Nông Văn Dền", position="Trưởng thôn")
    )
    last = changes_of(a, created.id)[-1]
    handed = {**last, "fields": {**last["fields"], "owner_unit_id": str(b.card.unit_id)}}
    result = import_bundle(
        province.db, "admin", province.secrets, forge(a, province, [handed], tmp_path / "2")
    )
    assert result.refused == 1
    assert quarantined(province) == [("person", "owner_change")]
    assert person(province, created.id).owner_unit_id == a.card.unit_id


# -- the property --------------------------------------------------------------------------------


def snapshot(db: Database) -> dict[tuple[str, uuid.UUID], dict]:
    """Every travelling record, by table and id."""
    found = {}
    with db.engine.connect() as connection:
        for name, table in synced_tables().items():
            for row in connection.execute(select(table)).mappings():
                found[(name, row["id"])] = dict(row)
    return found


def holder(records: dict[tuple[str, uuid.UUID], dict], table: str, record: uuid.UUID) -> uuid.UUID | None:
    """The unit a record belongs to: a unit itself, any other record its owner."""
    if table == "admin_unit":
        return record
    row = records.get((table, record))
    return None if row is None else row["owner_unit_id"]


def references_of(table: str) -> dict[str, str]:
    """Column → the table it refers to."""
    return {
        column.name: next(iter(column.foreign_keys)).column.table.name
        for column in synced_tables()[table].columns
        if column.foreign_keys
    }


def invented_fields(data: st.DataObject, columns: dict, pool: list[str]) -> dict:
    """Values of the right types for some columns, references drawn from `pool`."""
    fields = {}
    names = data.draw(st.lists(st.sampled_from(sorted(columns)), min_size=1, max_size=6, unique=True))
    for name in names:
        type_name = type(columns[name].type).__name__
        if type_name == "Uuid":
            fields[name] = data.draw(st.sampled_from(pool))
        elif type_name == "Integer":
            fields[name] = data.draw(st.integers(0, 3000))
        elif type_name == "Date":
            fields[name] = "2025-01-01"
        elif type_name == "DateTime":
            fields[name] = "2025-01-01T00:00:00"
        elif type_name == "Boolean":
            fields[name] = data.draw(st.booleans())
        elif type_name == "Numeric":
            fields[name] = "1000"
        else:
            fields[name] = data.draw(st.sampled_from(["x", "GK_XA", "same", "base_salary", "9999.1"]))
    return fields


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_forged_changes_never_touch_what_the_commune_does_not_own(
    backend, _site_templates, _site_secrets, tmp_path_factory, data
):
    """Changes forged with the commune's real keys: some invented, some its own real changes with
    a reference turned to another office's record; with or without a range declaring another
    commune's stream held."""
    folder: Path = tmp_path_factory.mktemp("forged")
    with open_sites(backend, _site_templates, _site_secrets, folder / "sites") as sites:
        a, b, province = three(sites)
        theirs = Records(b.db)
        other = theirs.person("Lý Văn Nam")
        theirs.award(other, "GK_XA", 2020)
        send(b, province, folder / "b1")
        ours = Records(a.db)
        ours.award(ours.person("Nông Văn Nam"), "GK_XA", 2024)
        send(a, province, folder / "a1")
        release_of(a, "base_salary", "9999.1")
        with a.db.session() as session:
            epoch, next_seq = session.execute(select(SiteRow.epoch, SiteRow.next_seq)).one()
            logged = session.scalars(select(SyncChange).where(SyncChange.origin_site_id == a.card.site_id))
            templates = [
                change.as_json()
                for change in map(Change.from_log, logged)
                if kind(change.table).about or kind(change.table).from_above
            ]

        before = snapshot(province.db)
        b_held = next(item for item in held_streams_of(province) if item.origin == b.card.site_id)
        in_force = releases.releases_in_force(province.db)
        ours_unit = a.card.unit_id
        units = [ours_unit, b.card.unit_id, province.card.unit_id]
        pool = [str(value) for value in [*units, *(record for _table, record in before)]]
        theirs = {  # per table, the records of other offices
            table: [
                str(record)
                for (name, record), row in before.items()
                if name == table and row["owner_unit_id"]
            ]
            for table in synced_tables()
        }
        theirs["admin_unit"] = [str(b.card.unit_id), str(province.card.unit_id)]
        theirs["person"] = [str(other)]
        changes = []
        for offset in range(data.draw(st.integers(1, 6))):
            if data.draw(st.booleans()):
                template = data.draw(st.sampled_from(templates))
                table, fields = template["table"], dict(template["fields"])
                about = [name for name in kind(table).about if fields.get(name)]
                if about:
                    name = data.draw(st.sampled_from(about))
                    target = references_of(table)[name]
                    others = [
                        record
                        for record in theirs[target]
                        if holder(before, target, uuid.UUID(record)) != ours_unit
                    ]
                    fields[name] = data.draw(st.sampled_from(others or pool))
            else:
                table = data.draw(st.sampled_from(sorted(synced_tables())))
                fields = invented_fields(data, carried_columns(table), pool)
            existing = [str(record) for name, record in before if name == table]
            record = data.draw(st.one_of(st.just(str(uuid.uuid4())), st.sampled_from(existing or ["x"])))
            changes.append(
                {
                    "origin": str(a.card.site_id),
                    "epoch": epoch,
                    "seq": next_seq + offset,
                    "unit": str(ours_unit),
                    "hlc": "9999999999999.000000",
                    "table": table,
                    "record": record if record != "x" else str(uuid.uuid4()),
                    "fields": fields,
                    "previous": {},
                    "bases": [],
                    "author": "admin",
                    "proof": {},
                }
            )
        ranges = [Range(a.card.site_id, epoch, next_seq, next_seq + len(changes) - 1, len(changes))]
        if data.draw(st.booleans()):
            ranges.append(Range(b.card.site_id, b_held.epoch, 1, data.draw(st.integers(1, 10**12)), 0))
        path = forge(a, province, changes, folder / "x", ranges=ranges)
        import_bundle(province.db, "admin", province.secrets, path)

        after = snapshot(province.db)
        for (table, record), row in after.items():
            if before.get((table, record)) == row:
                continue
            assert row["owner_unit_id"] == ours_unit, (table, record)
            for name in kind(table).about:
                if row[name] is not None and not (table == "admin_unit" and record == ours_unit):
                    assert holder(after, references_of(table)[name], row[name]) == ours_unit, (table, name)
        assert releases.releases_in_force(province.db) == in_force
        still = next(item for item in held_streams_of(province) if item.origin == b.card.site_id)
        assert still.seq == b_held.seq
        add_person(b, "Lý Văn Bảy")
        send(b, province, folder / "b2")
        assert "Lý Văn Bảy" in person_names(province)
