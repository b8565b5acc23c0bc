"""First start of a site: reference data, the site's identity and role, the first administrator."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import capture, epoch
from desktop.codes import Role, UnitKind, UnitLevel, UserRole
from desktop.db import Database
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Site, User, official_unit_id
from desktop.services import audit
from desktop.services.accounts import check_account, hash_password
from desktop.services.reference import seed_reference_data
from desktop.services.site import SiteInfo, site_info
from desktop.services.site_keys import create_keys
from desktop.text import nfc, search_key


def _home_unit(session: Session, role: Role, unit_code: str, district_name: str | None) -> AdminUnit:
    level = UnitLevel.PROVINCE if role in (Role.PROVINCE, Role.DISTRICT) else UnitLevel.COMMUNE
    code = unit_code.strip().zfill(2 if level is UnitLevel.PROVINCE else 5)
    unit = session.get(AdminUnit, official_unit_id(level, code))
    if unit is None:
        raise ValidationError("unit", _("No official unit has the code {code}.").format(code=unit_code))
    if role is not Role.DISTRICT:
        return unit
    if not district_name or not nfc(district_name):
        raise ValidationError("district", _("A district site needs the district's name."))
    name = nfc(district_name)
    district_id = official_unit_id(UnitLevel.DISTRICT, f"{code}:{search_key(name)}")
    district = AdminUnit(
        id=district_id,
        name=name,
        name_key=search_key(name),
        level=UnitLevel.DISTRICT.value,
        kind=UnitKind.HUYEN.value,
        parent_id=unit.id,
        owner_unit_id=district_id,  # the district's own record: it travels up before its people do
    )
    session.add(district)
    return district


def init_site(
    db: Database,
    role: str,
    unit_code: str,
    admin_username: str,
    password: str,
    district_name: str | None = None,
) -> SiteInfo:
    """Make an empty database this site's: seed reference data, record role and unit, add the admin."""
    try:
        site_role = Role(role)
    except ValueError:
        raise ValidationError("role", _("The role must be commune, district or province.")) from None
    username = check_account(admin_username, password, UserRole.ADMIN)
    with db.application_transaction() as session:  # the first account is made here; the records name it
        if session.scalars(select(Site)).first() is not None:
            raise SoVangError(_("This database is already set up; it cannot be set up twice."))
        seed_reference_data(session)
        unit = _home_unit(session, site_role, unit_code, district_name)
        session.flush()
        site = Site(role=site_role.value, home_unit_id=unit.id, epoch=1, next_seq=1)
        session.add(site)
        session.add(User(username=username, password_hash=hash_password(password), role=UserRole.ADMIN.value))
        session.flush()
        audit.record(session, "site.init", username, "site", site.id, {"role": site_role.value})
        session.flush()
        create_keys(session, username, password)
        capture.baseline(session)
        if db.path is not None:
            epoch.claim(session, db.path)
    return site_info(db)
