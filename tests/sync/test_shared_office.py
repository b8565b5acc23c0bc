"""Several PCs of one province office on one PostgreSQL database, writing at the same moment.

Every write extends chains that must stay single: the site's change sequence (a receiver takes
only contiguous sequences), the audit trail's hashes, the golden book's register numbers. Four
officers and two PCs importing the same commune bundle run at once, each with its own connections.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.models import Person, Site, SyncChange
from desktop.services import people
from desktop.services.accounts import create_account
from desktop.services.audit import verify_chain
from desktop.sync.bundle import AlreadyImported
from desktop.sync.exchange import export_bundle, import_bundle
from tests.conftest import db_argument
from tests.sync.conftest import link
from tests.sync.test_exchange import add_person

OFFICERS, EACH = 4, 15


def test_officers_and_an_import_writing_at_once_lose_nothing(backend, sites, tmp_path):
    if backend.server is None:
        pytest.skip("only a PostgreSQL database is shared by several PCs")
    province, commune = sites["province"], sites["commune_a"]
    link(commune, province)
    for number in range(40):
        add_person(commune, f"Người của xã {number}")
    bundle = export_bundle(commune.db, "admin", commune.secrets, province.card.site_id, tmp_path)
    target = db_argument(province.db)
    for number in range(OFFICERS):
        create_account(
            province.db, "admin", f"canbo{number}", f"Cán bộ {number}", "officer", "matkhau-can-bo"
        )
    start = threading.Barrier(OFFICERS + 2)

    def officer(number: int) -> None:
        db = Database.open(target)  # a PC of its own: its own engine and connections
        try:
            start.wait()
            for item in range(EACH):
                fields = people.PersonFields(full_name=f"Cán bộ {number} ghi người {item}", birth_year=1980)
                added = people.create_person(db, f"canbo{number}", fields)
                fields = people.PersonFields(full_name=f"Cán bộ {number} sửa người {item}", birth_year=1981)
                people.update_person(db, f"canbo{number}", added.id, fields)
        finally:
            db.close()

    def importer() -> str:
        db = Database.open(target)
        try:
            start.wait()
            return str(import_bundle(db, "admin", province.secrets, bundle.path).counts["applied"])
        except AlreadyImported:
            return "already"
        finally:
            db.close()

    with ThreadPoolExecutor(OFFICERS + 2) as pool:
        typing = [pool.submit(officer, number) for number in range(OFFICERS)]
        imports = [pool.submit(importer) for _ in range(2)]
        for work in typing:
            work.result()  # an officer's save refused or failed would raise here
        assert sorted(work.result() for work in imports) == ["40", "already"]

    with province.db.session() as session:
        names = set(session.scalars(select(Person.full_name)))
        assert len(names) == 40 + OFFICERS * EACH
        assert {f"Cán bộ {n} sửa người {i}" for n in range(OFFICERS) for i in range(EACH)} <= names
        site_id = session.scalar(select(Site.id))
        own = list(session.scalars(select(SyncChange.seq).where(SyncChange.origin_site_id == site_id)))
        assert sorted(own) == list(range(1, len(own) + 1))  # no number twice, none skipped
        assert len(own) >= OFFICERS * EACH * 2
        assert verify_chain(session) == []
