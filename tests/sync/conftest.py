"""Sites that exchange bundles: two communes, a district above them, a province above all."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from nacl.public import PublicKey

from desktop.db import Database, migrate
from desktop.services.setup import init_site
from desktop.sync import bundle, cards
from desktop.sync.bundle import Manifest, Range
from desktop.sync.keys import SiteSecrets, unlock
from tests.conftest import ADMIN_PASSWORD

SITES = {
    "commune_a": ("commune", "01290", None),
    "commune_a2": ("commune", "01290", None),
    "commune_b": ("commune", "01273", None),
    "district": ("district", "04", "Huyện Bảo Lâm"),
    "province": ("province", "04", None),
}


@dataclass
class Site:
    name: str
    db: Database
    secrets: SiteSecrets

    @property
    def card(self) -> cards.Card:
        return cards.own_card(self.db)


@pytest.fixture(scope="session")
def _site_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sites")
    paths = {}
    for name, (role, code, district) in SITES.items():
        path = folder / f"{name}.sqlite"
        db = Database.open(path, create=True)
        init_site(db, role, code, "admin", ADMIN_PASSWORD, district_name=district)
        db.close()
        paths[name] = path
    return paths


@pytest.fixture(scope="session")
def _site_secrets(_site_templates: dict[str, Path]) -> dict[str, SiteSecrets]:
    """Each template's keys, opened once: Argon2id is slow on purpose, and copies share keys."""
    secrets = {}
    for name, path in _site_templates.items():
        db = Database.open(path)
        secrets[name] = unlock(db, ADMIN_PASSWORD)
        db.close()
    return secrets


def open_sites(templates: dict[str, Path], secrets: dict[str, SiteSecrets], folder: Path) -> dict[str, Site]:
    """Fresh copies of every site in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    opened = {}
    for name, template in templates.items():
        path = folder / f"{name}.sqlite"
        shutil.copyfile(template, path)
        opened[name] = Site(name, Database.open(path), secrets[name])
    return opened


@pytest.fixture
def sites(_site_templates: dict[str, Path], _site_secrets: dict[str, SiteSecrets], tmp_path: Path):
    opened = open_sites(_site_templates, _site_secrets, tmp_path / "sites")
    yield opened
    for site in opened.values():
        site.db.close()


def dump(site: Site) -> list[str]:
    """The whole database as SQL text: a refused bundle must leave it identical."""
    assert site.db.path is not None
    connection = sqlite3.connect(site.db.path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def link(lower: Site, upper: Site) -> None:
    """Enrol each site's card at the other, as two officers do with a USB stick."""
    cards.enroll(upper.db, "admin", cards.read_card(cards.card_bytes(lower.card, lower.secrets)))
    cards.enroll(lower.db, "admin", cards.read_card(cards.card_bytes(upper.card, upper.secrets)))


def forge(sender: Site, recipient: Site, changes: list[dict], folder: Path, **manifest_fields) -> Path:
    """A bundle made by hand with the sender's real keys: what broken or hostile software could send."""
    ranges = {}
    for change in changes:
        key = (uuid.UUID(change["origin"]), change["epoch"])
        first, last, count = ranges.get(key, (change["seq"], change["seq"], 0))
        ranges[key] = (min(first, change["seq"]), max(last, change["seq"]), count + 1)
    values = {
        "bundle_id": uuid.uuid4(),
        "from_site": sender.card.site_id,
        "from_unit": sender.card.unit_name,
        "to_site": recipient.card.site_id,
        "to_unit": recipient.card.unit_name,
        "created_at": dt.datetime(2026, 11, 22, 8, 0),
        "schema": migrate.head_revision(),
        "clock": "0000000000001.000000",
        "ranges": [Range(origin, epoch, *span) for (origin, epoch), span in ranges.items()],
        "held": [],
        **manifest_fields,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"forged-{values['bundle_id'].hex[:8]}.svb"
    key = PublicKey(recipient.card.encryption_key)
    return bundle.write(path, Manifest(**values), changes, {}, sender.secrets.signing, key)
