"""Reference data every site holds alike: official units, ethnic groups, the award catalog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from vietnam_provinces import Province, VietNamDivisionType, Ward

from desktop.codes import UnitKind, UnitLevel
from desktop.db import Database
from desktop.models import AdminUnit, EthnicGroup, official_unit_id
from desktop.rules.catalog import read_catalog
from desktop.services.releases import seed_award_types
from desktop.text import nfc, search_key

TWO_TIER_START = dt.date(2025, 7, 1)
"""Two-tier local government (provinces and communes) since 01/7/2025."""
LIST_TAKES_EFFECT = dt.datetime.combine(TWO_TIER_START, dt.time())
"""Official units are stamped with the day the list took effect, the same on every site."""

_KIND_OF_DIVISION = {
    VietNamDivisionType.TINH: UnitKind.TINH,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.THANH_PHO_TRUNG_UONG,
    VietNamDivisionType.XA: UnitKind.XA,
    VietNamDivisionType.PHUONG: UnitKind.PHUONG,
    VietNamDivisionType.DAC_KHU: UnitKind.DAC_KHU,
}


def province_code(code: int) -> str:
    return f"{code:02d}"


def commune_code(code: int) -> str:
    return f"{code:05d}"


def _official_unit_rows() -> list[dict[str, Any]]:
    rows = []
    for province in Province.iter_all():
        code = province_code(int(province.code))
        rows.append(_unit_row(UnitLevel.PROVINCE, code, province.name, province.division_type, None))
    for ward in Ward.iter_all():
        parent = official_unit_id(UnitLevel.PROVINCE, province_code(int(ward.province_code)))
        code = commune_code(int(ward.code))
        rows.append(_unit_row(UnitLevel.COMMUNE, code, ward.name, ward.division_type, parent))
    return rows


@dataclass(frozen=True)
class OfficialUnit:
    code: str
    name: str
    province: str
    key: str
    """Accent-free name and province, what a search matches."""


def official_units(level: str) -> list[OfficialUnit]:
    """The official provinces or communes, straight from the national list (no database needed):
    what the set-up wizard offers before the database exists."""
    provinces = {int(p.code): nfc(p.name) for p in Province.iter_all()}
    if level == UnitLevel.PROVINCE:
        return [
            OfficialUnit(province_code(code), name, "", search_key(name))
            for code, name in sorted(provinces.items())
        ]
    units = []
    for ward in Ward.iter_all():
        province = provinces[int(ward.province_code)]
        name = nfc(ward.name)
        units.append(
            OfficialUnit(commune_code(int(ward.code)), name, province, search_key(f"{name} {province}"))
        )
    return sorted(units, key=lambda unit: (unit.key, unit.code))


def _unit_row(level: UnitLevel, code: str, name: str, division: VietNamDivisionType, parent) -> dict:
    return {
        "id": official_unit_id(level, code),
        "code": code,
        "name": nfc(name),
        "name_key": search_key(name),
        "level": level.value,
        "kind": _KIND_OF_DIVISION[division].value,
        "parent_id": parent,
        "valid_from": TWO_TIER_START,
        "official": True,
        "row_version": 1,
        "created_at": LIST_TAKES_EFFECT,
        "updated_at": LIST_TAKES_EFFECT,
    }


def seed_reference_data(session: Session) -> None:
    """Insert whatever official units, ethnic groups and catalog rows are missing (idempotent)."""
    present = set(session.scalars(select(AdminUnit.id).where(AdminUnit.official.is_(True))))
    units = [row for row in _official_unit_rows() if row["id"] not in present]
    if units:
        session.execute(insert(AdminUnit), units)

    known_groups = set(session.scalars(select(EthnicGroup.code)))
    groups = [g for g in read_catalog("ethnic_groups.json")["groups"] if g["code"] not in known_groups]
    if groups:
        session.execute(insert(EthnicGroup), groups)

    seed_award_types(session)


def ethnic_groups(db: Database) -> list[tuple[str, str]]:
    """The 54 groups as (code, name), by code: Kinh first, as on the official list."""
    with db.session() as session:
        return [
            (code, name)
            for code, name in session.execute(
                select(EthnicGroup.code, EthnicGroup.name).order_by(EthnicGroup.code)
            )
        ]
