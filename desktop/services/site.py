"""Who this site is: its identity, role and home unit, read by every screen and document."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.codes import UnitKind
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import AdminUnit, Site


def official_name(unit: AdminUnit) -> str:
    """The unit's name as documents print it: provinces are listed without "Tỉnh", so it is added."""
    if unit.kind == UnitKind.TINH.value and not unit.name.startswith("Tỉnh "):
        return f"Tỉnh {unit.name}"
    return unit.name


@dataclass(frozen=True)
class SiteInfo:
    site_id: uuid.UUID
    role: str
    epoch: int
    unit_id: uuid.UUID
    unit_code: str | None
    unit_name: str
    province_name: str | None


def site_info(db: Database) -> SiteInfo:
    with db.session() as session:
        site = session.scalars(select(Site)).first()
        if site is None:
            raise NotFoundError(_("This database is not set up yet. Run: sovang init"))
        unit = session.get(AdminUnit, site.home_unit_id)
        assert unit is not None
        province = unit
        while province.parent_id is not None:
            parent = session.get(AdminUnit, province.parent_id)
            assert parent is not None
            province = parent
        return SiteInfo(
            site_id=site.id,
            role=site.role,
            epoch=site.epoch,
            unit_id=unit.id,
            unit_code=unit.code,
            unit_name=official_name(unit),
            province_name=province.name if province is not unit else None,
        )


@dataclass(frozen=True)
class OpenedSite:
    db: Database
    site: SiteInfo | None
    """None when the database is not set up yet: the first-run wizard comes next."""


def open_site(path: Path) -> OpenedSite:
    """Open (creating or migrating) the database at `path` and read who this site is.

    This is where the app first loads SQLAlchemy and the models: the window runs it on the
    worker, so the window and its sign-in are up before that cost is paid."""
    db = Database.open(path, create=True)
    try:
        return OpenedSite(db, site_info(db))
    except NotFoundError:
        return OpenedSite(db, None)


def unit_chain(db: Database) -> list[tuple[uuid.UUID, str]]:
    """This site's unit and the units above it, as (id, name): who may sign a decision it records."""
    with db.session() as session:
        site = session.scalars(select(Site)).first()
        if site is None:
            raise NotFoundError(_("This database is not set up yet. Run: sovang init"))
        chain = []
        unit = session.get(AdminUnit, site.home_unit_id)
        while unit is not None:
            chain.append((unit.id, unit.name))
            unit = session.get(AdminUnit, unit.parent_id) if unit.parent_id else None
        return chain
