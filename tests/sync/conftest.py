"""Sites that exchange bundles: two communes, a district above them, a province above all."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from nacl.public import PublicKey

from desktop.db import Database, migrate
from desktop.services.setup import init_site
from desktop.services.site_keys import SiteSecrets, unlock
from desktop.sync import bundle, cards
from desktop.sync.bundle import Manifest, Range
from tests.conftest import ADMIN_PASSWORD, Backend
from tests.dump import dump as database_dump

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
def _site_templates(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | Path]:
    folder = tmp_path_factory.mktemp("sites")
    targets = {}
    for name, (role, code, district) in SITES.items():
        target = backend.new(folder, name)
        db = Database.open(target, create=True)
        init_site(db, role, code, "admin", ADMIN_PASSWORD, district_name=district)
        db.close()
        targets[name] = target
    return targets


@pytest.fixture(scope="session")
def _site_secrets(_site_templates: dict[str, str | Path]) -> dict[str, SiteSecrets]:
    """Each template's keys, opened once: Argon2id is slow on purpose, and copies share keys."""
    secrets = {}
    for name, target in _site_templates.items():
        db = Database.open(target)
        secrets[name] = unlock(db, ADMIN_PASSWORD)
        db.close()
    return secrets


@contextmanager
def open_sites(
    backend: Backend, templates: dict[str, str | Path], secrets: dict[str, SiteSecrets], folder: Path
) -> Iterator[dict[str, Site]]:
    """Fresh copies of every site (files in `folder`), closed and discarded afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    targets = {name: backend.copy(template, folder, name) for name, template in templates.items()}
    opened = {name: Site(name, Database.open(target), secrets[name]) for name, target in targets.items()}
    try:
        yield opened
    finally:
        for name, site in opened.items():
            site.db.close()
            backend.discard(targets[name])


@pytest.fixture
def sites(backend: Backend, _site_templates, _site_secrets, tmp_path: Path) -> Iterator[dict[str, Site]]:
    with open_sites(backend, _site_templates, _site_secrets, tmp_path / "sites") as opened:
        yield opened


def dump(site: Site) -> list[str]:
    """The whole database: a refused bundle must leave it identical."""
    return database_dump(site.db)


def link(lower: Site, upper: Site) -> None:
    """Enrol each site's card at the other, as two officers do with a USB stick."""
    cards.enroll(upper.db, "admin", cards.read_card(cards.card_bytes(lower.card, lower.secrets)))
    cards.enroll(lower.db, "admin", cards.read_card(cards.card_bytes(upper.card, upper.secrets)))


def forge(
    sender: Site,
    recipient: Site,
    changes: list[dict],
    folder: Path,
    blobs: dict | None = None,
    **manifest_fields,
) -> Path:
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
    return bundle.write(path, Manifest(**values), changes, blobs or {}, sender.secrets.signing, key)
