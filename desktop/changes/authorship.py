"""Each change signed by the site that wrote it, and checked by every site it is relayed to.

A bundle's signature proves who sent it, not who wrote each change inside: a district relays its
communes' changes, a commune hands a restored province its own decisions back. Without a proof per
change, a sender could pass a change off as another site's, or reuse the number of a real one so
that the real one is taken as already held. The origin signs each of its changes when it exports
them (the signing key is unlocked then), and relays keep the proof as it came.

The signature covers a digest of the values that may be left behind, not the value: a site sending
down leaves empty the references the recipient cannot follow, and an erasure forgets personal
values from the log at every site. Either keeps the digest of what it emptied (`withheld`), so the
proof still checks.
A personal value's digest is keyed by a salt only its origin can make, and the salt is forgotten
with the value: a digest of a birth date alone could be reversed by trying every date.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from desktop.changes.change import ERASABLE, Change, canonical
from desktop.changes.codec import withholdable

PARTS = ("fields", "previous")
"""The parts of a change that hold values; a slot names one value as `part.field`."""


def _slot(part: str, name: str) -> str:
    return f"{part}.{name}"


def _digest(slot: str, value: Any, salt: str | None) -> str:
    key = bytes.fromhex(salt) if salt else b""
    return hashlib.blake2b(_ENCODER.encode([slot, value]).encode(), key=key, digest_size=16).hexdigest()


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""Made once (`json.dumps` with options builds one per call): a change has several digests."""


@cache
def _digestible(table: str, part: str) -> frozenset[str]:
    """The values of a change that a sender may withhold, so signed by their digest: personal
    values an erasure forgets, and references a site below may not be able to follow."""
    erasable = ERASABLE.get(table, frozenset())
    return erasable | frozenset(withholdable(table)) if part == "fields" else erasable


def _signed_form(change: Change) -> bytes:
    proof = change.proof
    salts, withheld = proof.get("salts", {}), proof.get("withheld", {})
    values, digests = {}, {}
    for part in PARTS:
        digestible = _digestible(change.table, part)
        for name, value in getattr(change, part).items():
            slot = _slot(part, name)
            if slot in withheld:
                digests[slot] = withheld[slot]
            elif name in digestible:
                digests[slot] = _digest(slot, value, salts.get(slot))
            else:
                values[slot] = value
    return canonical(
        {
            "origin": str(change.origin),
            "epoch": change.epoch,
            "seq": change.seq,
            "unit": str(change.unit),
            "hlc": change.hlc,
            "table": change.table,
            "record": str(change.record),
            "values": values,
            "digests": digests,
            "bases": change.bases,
            "author": change.author,
        }
    )


def sign(change: Change, key: SigningKey) -> None:
    """Sign one of this site's own changes, as its origin. The salts are derived from the key and
    the change, so signing the same change again gives the same proof."""
    salts = {}
    for part in PARTS:
        values = getattr(change, part)
        for name in ERASABLE.get(change.table, ()):
            if values.get(name) is not None:  # an empty value tells nothing: it needs no salt
                slot = _slot(part, name)
                salts[slot] = hashlib.blake2b(
                    f"{change.key}/{slot}".encode(), key=bytes(key), person=b"sovang-salt", digest_size=16
                ).hexdigest()
    change.proof = {"salts": salts} if salts else {}
    change.proof["signature"] = base64.b64encode(key.sign(_signed_form(change)).signature).decode()


def is_signed_by(change: Change, key: VerifyKey) -> bool:
    """Whether the change is as its origin (holder of `key`) wrote it, but for values withheld
    where a sender may withhold them."""
    proof = change.proof
    try:
        signature = base64.b64decode(proof["signature"], validate=True)
        salts, withheld = dict(proof.get("salts", {})), dict(proof.get("withheld", {}))
        if not all(isinstance(text, str) for text in [*salts.values(), *withheld.values()]):
            return False
        bytes.fromhex("".join(salts.values()))
    except (KeyError, TypeError, ValueError):
        return False
    if not all(_may_withhold(change, slot) for slot in withheld):
        return False
    try:
        key.verify(_signed_form(change), signature)
    except (BadSignatureError, ValueError):
        return False
    return True


def _may_withhold(change: Change, slot: str) -> bool:
    """A value may be withheld only where it is left empty, and only where it is signed by its
    digest."""
    part, _dot, name = slot.partition(".")
    values = getattr(change, part) if part in PARTS else {}
    return name in values and values[name] is None and name in _digestible(change.table, part)


def withhold(change: Change, kept: dict[str, Any]) -> None:
    """Send the fields as `kept`, some references left empty: the proof keeps their digests."""
    emptied = [name for name, value in change.fields.items() if value is not None and kept.get(name) is None]
    _keep_digests(change.proof, "fields", change.fields, emptied)
    change.fields = kept


def forget(proof: dict[str, Any], part: str, values: dict[str, Any], names: Iterable[str]) -> None:
    """The values of `names` in `part` are being forgotten (an erasure): keep their digests in the
    proof, and forget their salts with them."""
    _keep_digests(proof, part, values, [name for name in names if values.get(name) is not None])


def _keep_digests(proof: dict[str, Any], part: str, values: dict[str, Any], names: list[str]) -> None:
    if not names or "signature" not in proof:
        return
    salts, withheld = proof.setdefault("salts", {}), proof.setdefault("withheld", {})
    for name in names:
        slot = _slot(part, name)
        if slot not in withheld:
            withheld[slot] = _digest(slot, values[name], salts.pop(slot, None))
    if not salts:
        del proof["salts"]
