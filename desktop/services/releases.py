"""The rule parameters, base salary and award catalog in force at this site, and publishing newer
ones below.

The app ships a first version of each (`desktop.rules.parameters`). A province or district that
issues its own quy chế values, or learns of a new base salary, publishes a release: a synced record
that travels down with the next bundles, so every commune below judges proposals and computes
rewards with the same numbers from the import on. The newest version held that this unit or a unit
above it issued wins; a release whose content this version of the app cannot read is passed over,
never half-used.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import arrivals
from desktop.codes import ReleaseKind, Role, UserRole
from desktop.db import Database
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, AwardType, ReferenceRelease, Site, official_unit_id
from desktop.rules.catalog import Catalog
from desktop.rules.parameters import PARTS, Parameters, shipped_document, version_key
from desktop.services import audit
from desktop.services.accounts import require
from desktop.services.unit_tree import UnitTree

_MAX_BYTES = 256 * 1024
"""Far above any real parameters file; a larger file is refused before it is parsed."""


@dataclass(frozen=True)
class Release:
    """The version of one kind in force here, and where it comes from."""

    kind: str
    version: str
    issued_on: dt.date | None
    """None for the version shipped with the app."""
    issued_by: str
    """The publishing unit's name; empty for the version shipped with the app."""


def parameters_in_force(session: Session) -> Parameters:
    """What the rules use at this site now: per kind, the newest version held."""
    parts: dict[str, Any] = {}
    for kind in PARTS:
        parts.update(_in_force(session, kind)[1])
    return Parameters(**parts)


def catalog_in_force(session: Session) -> Catalog:
    """The award catalog this site judges and prints by now."""
    catalog: Catalog = _in_force(session, ReleaseKind.AWARD_CATALOG)[1]["catalog"]
    return catalog


def award_catalog(db: Database) -> Catalog:
    """The catalog in force, for a screen that names awards."""
    with db.session() as session:
        return catalog_in_force(session)


@arrivals.on_arrival("reference_release", "releases_received")
def _catalog_may_have_come(session: Session, _username: str | None, releases: list[uuid.UUID]) -> int:
    """A release from above may be a newer award catalog: list its awards as it arrives."""
    seed_award_types(session)
    return len(releases)


def seed_award_types(session: Session) -> None:
    """List every version of every award of the catalog in force in `award_type`, where a report
    reads them: a newer catalog adds the versions it brings, and one that corrects a version (the
    same award from the same day, another name, say) corrects its row."""
    catalog = catalog_in_force(session)
    rows: dict[tuple[str, dt.date | None], AwardType] = {
        (row.code, row.valid_from): row for row in session.scalars(select(AwardType))
    }
    for entry in catalog.entries:
        values = {
            "name": entry.name,
            "subject": entry.subject,
            "form": entry.form,
            "conferring_level": entry.conferring_level,
            "conferrer": entry.conferrer,
            "reward_multiplier": entry.reward_multiplier,
            "annual": entry.annual,
            "legal_basis": entry.legal_basis,
            "valid_to": entry.valid_to,
        }
        row = rows.get((entry.code, entry.valid_from))
        if row is None:
            session.add(
                AwardType(
                    id=official_unit_id("award_type", f"{entry.code}:{entry.valid_from}"),
                    code=entry.code,
                    valid_from=entry.valid_from,
                    catalog_version=catalog.version,
                    **values,
                )
            )
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.catalog_version = catalog.version
    session.flush()


def releases_in_force(db: Database) -> list[Release]:
    with db.session() as session:
        found = []
        for kind in PARTS:
            release, _part = _in_force(session, kind)
            if release is None:
                found.append(Release(kind, _shipped(kind)[0], None, ""))
            else:
                unit = session.get(AdminUnit, release.owner_unit_id)
                found.append(Release(kind, release.version, release.issued_on, unit.name if unit else ""))
        return found


def publish(db: Database, username: str | None, kind: str, content: bytes, today: dt.date) -> Release:
    """Record a newer version of `kind` for this unit and the units below it."""
    if kind not in PARTS:
        raise ValidationError("kind", _("Unknown kind of release: {kind}.").format(kind=kind))
    document = _document(kind, content)
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        site = session.scalars(select(Site)).one()
        if site.role == Role.COMMUNE:
            raise SoVangError(_("A commune receives its rule parameters from above; it cannot publish them."))
        current = _in_force(session, kind)[0]
        current_version = current.version if current else _shipped(kind)[0]
        if version_key(document["version"]) <= version_key(current_version):
            raise ValidationError(
                "version",
                _("Version {version} is not newer than version {current}, in force now.").format(
                    version=document["version"], current=current_version
                ),
            )
        release = ReferenceRelease(
            kind=kind,
            version=document["version"],
            issued_on=today,
            content=json.dumps(document, ensure_ascii=False, indent=1),
            owner_unit_id=site.home_unit_id,
        )
        session.add(release)
        session.flush()
        if kind == ReleaseKind.AWARD_CATALOG:
            seed_award_types(session)
        audit.record(session, "release.publish", username, "reference_release", release.id, {"kind": kind})
        unit = session.get(AdminUnit, site.home_unit_id)
        return Release(kind, release.version, today, unit.name if unit else "")


def _document(kind: str, content: bytes) -> dict[str, Any]:
    """The file's JSON, checked whole against what the rules need."""
    if len(content) > _MAX_BYTES:
        raise ValidationError("file", _("The file is too large to be a release file."))
    try:
        document = json.loads(content.decode("utf-8"))
        if not isinstance(document, dict):
            raise TypeError
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError):
        raise ValidationError("file", _("The file is not a JSON document.")) from None
    try:
        PARTS[kind](document)
    except (KeyError, ValueError, TypeError, AttributeError) as problem:
        raise ValidationError(
            "file",
            _("The file is not valid for this kind of release: “{field}” is missing or wrong.").format(
                field=problem.args[0] if problem.args else "?"
            ),
        ) from None
    return document


def _in_force(session: Session, kind: str) -> tuple[ReferenceRelease | None, dict[str, Any]]:
    """The newest readable release of `kind` held here and issued by this unit or a unit above it
    (None: the shipped version is newest), and its checked values. A release of any other unit
    is never obeyed, however it came in and whatever version it claims."""
    version, values = _shipped(kind)
    best, best_key = None, version_key(version)
    query = select(ReferenceRelease).where(
        ReferenceRelease.kind == kind, ReferenceRelease.deleted_at.is_(None)
    )
    tree = UnitTree(session.connection())
    for release in session.scalars(query):
        if release.owner_unit_id is None or not tree.within(tree.home, release.owner_unit_id):
            continue
        try:
            key = version_key(release.version)
            if key > best_key:
                values, best, best_key = _release_part(kind, release.content), release, key
        except (KeyError, ValueError, TypeError, AttributeError):
            continue  # written by a newer app, or damaged: the version before it stays in force
    return best, values


@cache
def _shipped(kind: str) -> tuple[str, dict[str, Any]]:
    """The version shipped with the app and its values."""
    document = shipped_document(kind)
    return document["version"], PARTS[kind](document)


@cache
def _release_part(kind: str, content: str) -> dict[str, Any]:
    """Parsed once per process: the rules ask for the parameters on every check."""
    document = json.loads(content)
    if not isinstance(document, dict):
        raise TypeError(kind)
    return PARTS[kind](document)
