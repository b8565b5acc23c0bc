"""The audit trail: append-only entries chained by SHA-256, so a changed or removed row shows.

Each entry's hash covers the one before it, so an edited, removed or reordered entry breaks the
chain from there on. Removing the last entries leaves a chain that still holds, so the newest
entry's number and hash are also kept apart (`HEAD_KEY`), written in the same transaction.

The chain has no secret: someone with the file could remove the newest entries with the head, or
rebuild the whole chain after an edit. So whenever the site's signing key is open (at set-up and
at every exchange), the newest entry is signed with it (`SIGNED_HEAD_KEY`): the entries up to
that one can no longer be changed, cut or rebuilt without the administrator's password.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.changes.capture import edits_of
from desktop.changes.codec import BACKGROUND_COLUMNS
from desktop.i18n import N_
from desktop.models import AuditEntry, Person, Setting, Site, SiteKeys, utcnow

GENESIS = "0" * 64
WITHHELD = "***"
"""Stands in the trail for the value of a sensitive field."""
SENSITIVE = {"person": Person.SENSITIVE_FIELDS}
_UNSHOWN = BACKGROUND_COLUMNS | {"name_key"}
"""Fields an edit's before/after leaves out: the stamps, and the search key made from the name."""
HEAD_KEY = "audit.head"
SIGNED_HEAD_KEY = "audit.signed_head"
PENDING = "pending"


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    body = json.dumps(
        {
            "at": entry.at.isoformat(),
            "site": str(entry.site_id) if entry.site_id else None,
            "user": entry.username,
            "action": entry.action,
            "type": entry.record_type,
            "id": entry.record_id,
            "details": entry.details,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def record(
    session: Session,
    action: str,
    username: str | None,
    record_type: str | None = None,
    record_id: uuid.UUID | str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction, so it commits or vanishes with the change.

    An entry naming a record this session updated also keeps the changed fields before and after
    (the background stamps left out, and a sensitive field's values withheld: the trail cannot be
    edited, so what it holds could never be erased)."""
    if isinstance(record_id, uuid.UUID):
        was, now = edits_of(session, record_id)
        changed = [name for name in now if name not in _UNSHOWN and was.get(name) != now[name]]
        if changed:
            hidden = SENSITIVE.get(record_type or "", frozenset())
            details = {
                **(details or {}),
                "before": {name: WITHHELD if name in hidden else was.get(name) for name in changed},
                "after": {name: WITHHELD if name in hidden else now[name] for name in changed},
            }
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    site_id = session.scalars(select(Site.id).limit(1)).first()
    entry = AuditEntry(
        id=last.id + 1 if last else 1,  # gapless on PostgreSQL too, whose sequences skip on rollback
        at=utcnow(),
        site_id=site_id,
        username=username,
        action=action,
        record_type=record_type,
        record_id=str(record_id) if record_id else None,
        details=json.dumps(details or {}, sort_keys=True, ensure_ascii=False, default=str),
        prev_hash=prev_hash,
    )
    entry.hash = _digest(prev_hash, entry)
    session.add(entry)
    session.flush()
    head = session.get(Setting, HEAD_KEY)
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=f"{entry.id}:{entry.hash}"))
    else:
        head.value = f"{entry.id}:{entry.hash}"
    return entry


CHECKPOINT_EVERY = 256


def checkpoints(session: Session) -> dict[int, str]:
    """The chain at every 256th entry and at its newest, each by the start of its hash: what a
    bundle carries up so the upper level can tell, later, that a chain was rebuilt."""
    newest = select(func.max(AuditEntry.id)).scalar_subquery()
    rows = session.execute(
        select(AuditEntry.id, AuditEntry.hash).where(
            (AuditEntry.id % CHECKPOINT_EVERY == 0) | (AuditEntry.id == newest)
        )
    )
    return {number: digest[:16] for number, digest in rows}


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(session: Session) -> list[ChainBreak]:
    """Every place where the chain does not hold: an edited, removed or reordered entry, or the
    newest entries gone."""
    breaks, prev_hash, expected_id, last_id = [], GENESIS, None, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if expected_id is not None and entry.id != expected_id:
            breaks.append(ChainBreak(entry.id, N_("entries before this one were removed")))
        if entry.prev_hash != prev_hash:
            breaks.append(ChainBreak(entry.id, N_("it does not follow the entry before it")))
        if entry.hash != _digest(entry.prev_hash, entry):
            breaks.append(ChainBreak(entry.id, N_("its content was changed")))
        prev_hash, expected_id, last_id = entry.hash, entry.id + 1, entry.id
    head = session.get(Setting, HEAD_KEY)
    if (head is None and last_id) or (head is not None and head.value != f"{last_id}:{prev_hash}"):
        breaks.append(ChainBreak(last_id, N_("the newest entries were removed, or the last one changed")))
    return breaks + _signed_head_breaks(session, last_id)


def _statement(site_id: uuid.UUID, entry_id: int, digest: str) -> bytes:
    return f"sovang-audit-head/1:{site_id}:{entry_id}:{digest}".encode()


def sign_head(session: Session, key: SigningKey) -> None:
    """Sign the newest entry with the site's key, open now: the entries up to it are then fixed."""
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    site_id = session.scalars(select(Site.id)).first()
    if last is None or site_id is None:
        return
    signature = base64.b64encode(key.sign(_statement(site_id, last.id, last.hash)).signature).decode()
    value = f"{last.id}:{last.hash}:{signature}"
    signed = session.get(Setting, SIGNED_HEAD_KEY)
    if signed is None:
        session.add(Setting(key=SIGNED_HEAD_KEY, value=value))
    else:
        signed.value = value


def _signed_head_breaks(session: Session, last_id: int) -> list[ChainBreak]:
    """Where the chain departs from the entry last signed with the site's key; a site with keys
    always has one (signed at set-up), so a missing one was removed."""
    keys = session.scalars(select(SiteKeys)).first()
    site_id = session.scalars(select(Site.id)).first()
    if keys is None or site_id is None:
        return []
    signed = session.get(Setting, SIGNED_HEAD_KEY)
    if signed is None:
        return [ChainBreak(last_id, N_("no entry is signed with this site's key: the signature was removed"))]
    if signed.value == PENDING:
        return []  # a file from before signing, not yet exchanged since (migration 0015)
    try:
        number, digest, signature = signed.value.split(":")
        entry_id = int(number)
        VerifyKey(keys.signing_public).verify(
            _statement(site_id, entry_id, digest), base64.b64decode(signature, validate=True)
        )
    except (ValueError, BadSignatureError):
        return [ChainBreak(last_id, N_("the signed entry does not carry this site's signature"))]
    found = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == entry_id))
    if found != digest:
        return [
            ChainBreak(
                entry_id, N_("entries up to the one signed with this site's key were changed or removed")
            )
        ]
    return []
