"""The office's own details, printed on every document: names, signer, seal holder, backup folder.

Kept in the database beside the records they describe, so a backup or a copied database prints
the same headers. Until the officer fills them in, names are derived from the site's unit.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import Setting
from desktop.services import audit
from desktop.services.site import site_info
from desktop.text import nfc

PREFIX = "office."
MAX_LENGTH = 300


@dataclass
class OfficeSettings:
    governing_body: str = ""
    """Cơ quan chủ quản: the first header line, when the unit has one."""
    unit_name: str = ""
    """Tên cơ quan ban hành, e.g. "ỦY BAN NHÂN DÂN XÃ BẢO LÂM"."""
    place_name: str = ""
    """Địa danh in "Bảo Lâm, ngày … tháng … năm …"."""
    signer_name: str = ""
    signer_title: str = ""
    seal_holder: str = ""
    """The body whose seal is used (TM. ỦY BAN NHÂN DÂN …)."""
    backup_folder: str = ""


REQUIRED = ("unit_name", "place_name", "signer_name", "signer_title")


def place_name(unit_name: str) -> str:
    """The địa danh of a unit: its name without "Xã", "Phường", "Tỉnh" …"""
    for prefix in ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Huyện ", "Quận ", "Tỉnh ", "Thành phố "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def committee_name(unit_name: str) -> str:
    """ "ỦY BAN NHÂN DÂN XÃ BẢO LÂM": the People's Committee that issues a unit's documents."""
    return f"ỦY BAN NHÂN DÂN {unit_name.upper()}"


def _defaults(db: Database) -> OfficeSettings:
    info = site_info(db)
    return OfficeSettings(
        unit_name=committee_name(info.unit_name),
        place_name=place_name(info.unit_name),
        signer_title="CHỦ TỊCH",
        seal_holder=committee_name(info.unit_name),
    )


def office_settings(db: Database) -> OfficeSettings:
    """The saved settings, with derived defaults for what was never saved."""
    settings = _defaults(db)
    with db.session() as session:
        saved = dict(
            session.execute(select(Setting.key, Setting.value).where(Setting.key.like(f"{PREFIX}%"))).all()
        )
    for field in fields(OfficeSettings):
        if PREFIX + field.name in saved:
            setattr(settings, field.name, saved[PREFIX + field.name])
    return settings


def save_office_settings(db: Database, username: str | None, settings: OfficeSettings) -> OfficeSettings:
    clean = OfficeSettings(
        **{field.name: nfc(getattr(settings, field.name) or "") for field in fields(OfficeSettings)}
    )
    for name in REQUIRED:
        if not getattr(clean, name):
            raise ValidationError(name, _("This field is required."))
    for field in fields(OfficeSettings):
        if len(getattr(clean, field.name)) > MAX_LENGTH:
            raise ValidationError(field.name, _("This field is too long."))
    with db.transaction(username) as session:
        changed = []
        for field in fields(OfficeSettings):
            value = getattr(clean, field.name)
            row = session.get(Setting, PREFIX + field.name)
            if row is None:
                session.add(Setting(key=PREFIX + field.name, value=value))
                changed.append(field.name)
            elif row.value != value:
                row.value = value
                changed.append(field.name)
        audit.record(session, "settings.update", username, "setting", None, {"fields": changed})
    return clean
