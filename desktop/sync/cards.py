"""Site cards: how two offices learn each other's keys, by a small file carried on a USB stick.

A card names the site (id, level, unit) and its two public keys, and is signed with its own
signing key, so a card altered on the way no longer verifies. It carries no personal data.
Enrolling a card registers the peer; the upper level keeps that registry and can revoke a site,
whose later bundles are then refused. A revoked site is never forgotten, so it cannot be enrolled
again unnoticed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from sqlalchemy import select

from desktop.changes.change import canonical
from desktop.codes import LEVEL, UserRole
from desktop.db import Database
from desktop.errors import NotFoundError, SoVangError, ValidationError
from desktop.files import replacing
from desktop.i18n import _, format_date
from desktop.models import AdminUnit, PeerSite, Site, utcnow
from desktop.services import audit
from desktop.services.accounts import require
from desktop.services.site import official_name
from desktop.services.site_keys import SiteSecrets, public_keys
from desktop.text import nfc

CARD_FORMAT = "sovang-site-card/1"
MAX_CARD_BYTES = 16 * 1024


class CardError(SoVangError):
    """A card file that cannot be trusted: unreadable, altered, or not a card."""


@dataclass(frozen=True)
class Card:
    site_id: uuid.UUID
    role: str
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    signing_key: bytes
    encryption_key: bytes
    issued_at: dt.datetime

    def body(self) -> dict[str, str]:
        return {
            "format": CARD_FORMAT,
            "site_id": str(self.site_id),
            "role": self.role,
            "unit_id": str(self.unit_id),
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "signing_key": base64.b64encode(self.signing_key).decode(),
            "encryption_key": base64.b64encode(self.encryption_key).decode(),
            "issued_at": self.issued_at.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True)
class Peer:
    id: uuid.UUID
    role: str
    unit_code: str
    unit_name: str
    enrolled_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str | None
    vouched_by: str = ""
    """The office whose bundle vouched for its card, if it was not enrolled here by hand."""


def vouched_note(unit: str) -> str:
    """What is said beside an office enrolled on `unit`'s word."""
    return _("through {unit}").format(unit=unit)


def fingerprint(signing_key: bytes, encryption_key: bytes) -> str:
    """A short reading of a site's keys, for two officers to compare by telephone before enrolling:
    a card swapped on the way shows another fingerprint."""
    digest = hashlib.sha256(signing_key + encryption_key).hexdigest()[:20].upper()
    return "-".join(digest[start : start + 4] for start in range(0, 20, 4))


def own_card(db: Database, now: dt.datetime | None = None) -> Card:
    """This site's card (its keys must exist: they are made at set-up, or by `ensure_keys`)."""
    keys = public_keys(db)
    if keys is None:
        raise NotFoundError(_("This site has no keys yet; an administrator must create them first."))
    with db.session() as session:
        site = session.scalars(select(Site)).one()
        unit = session.get(AdminUnit, site.home_unit_id)
        assert unit is not None
        return Card(
            site.id,
            site.role,
            unit.id,
            unit.code or "",
            official_name(unit),
            keys.signing,
            keys.encryption,
            (now or utcnow()).replace(microsecond=0),
        )


def card_bytes(card: Card, secrets: SiteSecrets) -> bytes:
    """The card as a file: its fields and the signature of its own signing key over them."""
    if bytes(secrets.signing.verify_key) != card.signing_key:
        raise ValidationError("keys", _("These keys are not this site's."))
    body = card.body()
    signature = secrets.signing.sign(canonical(body)).signature
    return json.dumps(
        {**body, "signature": base64.b64encode(signature).decode()}, ensure_ascii=False, indent=2
    ).encode("utf-8")


def write_card(path: Path, card: Card, secrets: SiteSecrets) -> Path:
    with replacing(path) as partial:
        partial.write_bytes(card_bytes(card, secrets))
    return path


def read_card(content: bytes) -> Card:
    """A card whose signature verifies; CardError says what is wrong otherwise."""
    if len(content) > MAX_CARD_BYTES:
        raise CardError(_("This file is too large to be a site card."))
    try:
        data = json.loads(content.decode("utf-8"))
        signature = base64.b64decode(data.pop("signature"), validate=True)
        if data.get("format") != CARD_FORMAT:
            raise CardError(_("This file is not a Sổ Vàng site card."))
        card = Card(
            uuid.UUID(data["site_id"]),
            data["role"],
            uuid.UUID(data["unit_id"]),
            nfc(data["unit_code"]),
            nfc(data["unit_name"]),
            base64.b64decode(data["signing_key"], validate=True),
            base64.b64decode(data["encryption_key"], validate=True),
            dt.datetime.fromisoformat(data["issued_at"]),
        )
    except CardError:
        raise
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        binascii.Error,
    ):
        raise CardError(_("This file is not a Sổ Vàng site card, or it is damaged.")) from None
    if card.role not in LEVEL or len(card.signing_key) != 32 or len(card.encryption_key) != 32:
        raise CardError(_("This file is not a Sổ Vàng site card, or it is damaged."))
    try:
        VerifyKey(card.signing_key).verify(canonical(card.body()), signature)
    except BadSignatureError:
        raise CardError(
            _("The card's signature does not match its content: it was altered. Ask for a new card.")
        ) from None
    return card


def enroll(db: Database, username: str | None, card: Card) -> Peer:
    """Register the card's site as a peer; enrolling the same card again changes nothing."""
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        site = session.scalars(select(Site)).one()
        if card.site_id == site.id:
            raise ValidationError("card", _("This is this site's own card; enrol the other office's card."))
        if LEVEL[card.role] == LEVEL[site.role]:
            raise ValidationError(
                "card",
                _("{unit} is at the same level as this site; bundles travel between levels only.").format(
                    unit=card.unit_name
                ),
            )
        peer = session.get(PeerSite, card.site_id)
        if peer is not None:
            if peer.revoked_at is not None:
                raise ValidationError(
                    "card",
                    _("{unit} was revoked on {date}: {reason}").format(
                        unit=peer.unit_name,
                        date=format_date(peer.revoked_at.date()),
                        reason=peer.revoked_reason,
                    ),
                )
            if (peer.signing_public, peer.encryption_public) != (card.signing_key, card.encryption_key):
                raise ValidationError(
                    "card",
                    _(
                        "{unit} is already enrolled with other keys. If its keys were replaced, "
                        "revoke the old enrolment first."
                    ).format(unit=peer.unit_name),
                )
            return _peer(peer)
        peer = PeerSite(
            id=card.site_id,
            role=card.role,
            unit_id=card.unit_id,
            unit_code=card.unit_code,
            unit_name=card.unit_name,
            signing_public=card.signing_key,
            encryption_public=card.encryption_key,
            enrolled_by=username,
        )
        session.add(peer)
        session.flush()
        audit.record(session, "sync.enroll", username, "peer_site", card.site_id, {"unit": card.unit_code})
        return _peer(peer)


def revoke(db: Database, username: str | None, site_id: uuid.UUID, reason: str) -> Peer:
    """The upper level revokes a lower site (a lost or stolen PC): its bundles are refused from now."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError("reason", _("Say why the site is revoked."))
    with db.transaction(username) as session:
        require(session, username, UserRole.ADMIN)
        site = session.scalars(select(Site)).one()
        peer = session.get(PeerSite, site_id)
        if peer is None:
            raise NotFoundError(_("No enrolled site has this id."))
        if LEVEL[peer.role] >= LEVEL[site.role]:
            raise ValidationError("site", _("Only the upper level can revoke a site."))
        if peer.revoked_at is None:
            peer.revoked_at, peer.revoked_reason = utcnow(), reason
            audit.record(session, "sync.revoke", username, "peer_site", site_id, {"reason": reason})
        return _peer(peer)


def _peer(peer: PeerSite, vouched_by: str = "") -> Peer:
    return Peer(
        peer.id,
        peer.role,
        peer.unit_code,
        peer.unit_name,
        peer.enrolled_at,
        peer.revoked_at,
        peer.revoked_reason,
        vouched_by,
    )


def peers(db: Database) -> list[Peer]:
    with db.session() as session:
        enrolled = session.scalars(select(PeerSite).order_by(PeerSite.unit_name)).all()
        names = {peer.id: peer.unit_name for peer in enrolled}
        return [_peer(peer, names.get(peer.vouched_by_site_id, "")) for peer in enrolled]
