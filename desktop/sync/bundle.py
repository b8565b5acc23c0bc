"""The bundle file: what travels on a USB stick (or over the network) between two sites.

A zip of stored (never compressed) entries:
- `manifest.json`, readable by anyone: bundle id, from, to, schema version, the sequence ranges
  per origin, counts, the sender's receipt of what it holds, and the SHA-256 of every other entry.
  It names units and counts, never a person.
- `manifest.sig`: the sender's Ed25519 signature over the manifest, so over every entry.
- `key.sealed`: a fresh symmetric key sealed to the recipient's X25519 key (libsodium sealed box).
- `changes.bin` and `blobs/<sha256>.bin`: the changes (JSON lines, compressed) and the attached
  files, each encrypted with that key (XSalsa20-Poly1305), so a lost stick reveals nobody.

Reading checks everything that can be checked without the database first — size, entry names and
kinds, signature, hashes, recipient; then the schema (believed only once signed); and only then
decrypts.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from nacl import secret, utils
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from desktop.changes import clock
from desktop.errors import SoVangError
from desktop.files import read_reason, replacing
from desktop.i18n import _
from desktop.services.attachments import MAX_ATTACHMENT_BYTES
from desktop.sync import zip_layout

FORMAT = "sovang-bundle/1"
SUFFIX = ".svb"
MANIFEST, SIGNATURE, SEALED_KEY, CHANGES = "manifest.json", "manifest.sig", "key.sealed", "changes.bin"
BLOB_NAME = re.compile(r"blobs/([0-9a-f]{64})\.bin")
MAX_CHANGES = 50_000
"""Changes in one bundle: read, about 4 KB each, so a modest PC takes any bundle in well under
500 MB. An export that holds more writes several bundles (`exchange.export_bundle`)."""
MAX_PAYLOAD = 96 * 1024**2
"""Bytes of change lines and attached files an export puts in one bundle."""
MAX_BUNDLE_BYTES = 128 * 1024**2
"""A bundle file: its payload, compressed, and the zip around it, with room to spare."""
MAX_MANIFEST_BYTES = 4 * 1024**2
MAX_CHANGES_BYTES = 64 * 1024**2
"""The changes once decompressed: above any MAX_CHANGES changes an export writes (about 1 KB
each), far below what hurts a PC."""
MAX_CHANGE_BYTES = 1024**2
"""One change, as a line: far above any record's values."""
MAX_ENTRIES = 20_000
_LIMITS = {SEALED_KEY: 1024, CHANGES: MAX_CHANGES_BYTES + 1024**2}
"""Each entry's size at most, encrypted (a file attached: `_entry`'s default, its own limit)."""
MAX_AUDIT_CHECKPOINTS = 100_000
_HASH_START = re.compile(r"[0-9a-f]{16}")


class BundleRejected(SoVangError):
    """The bundle cannot be trusted or used; nothing was written."""


class AlreadyImported(BundleRejected):
    """This very bundle was taken in before; taking it again would change nothing."""


@dataclass(frozen=True)
class Range:
    """The sender promises: every change of this origin numbered first..last that the recipient
    should have is in this bundle (`count` of them)."""

    origin: uuid.UUID
    epoch: int
    first: int
    last: int
    count: int

    def as_json(self) -> dict[str, Any]:
        return {
            "origin": str(self.origin),
            "epoch": self.epoch,
            "first": self.first,
            "last": self.last,
            "count": self.count,
        }


@dataclass(frozen=True)
class Held:
    """A receipt line: the sender holds the changes of this origin up to `seq` without a gap."""

    origin: uuid.UUID
    epoch: int
    seq: int


@dataclass(frozen=True)
class Revocation:
    """A site the sender (an upper level) has revoked: the levels below refuse it too."""

    site: uuid.UUID
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Registered:
    """A site the sender has enrolled, and vouches for with its signature. Sent down, a site above
    the recipient, so the recipient can exchange with it later (a commune whose district is
    dissolved sends straight to the province) without another trip with a card. Sent up, a site
    below the sender, whose changes the sender relays: the recipient checks their signatures."""

    site: uuid.UUID
    role: str
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    signing_key: bytes
    encryption_key: bytes

    def as_json(self) -> dict[str, str]:
        return {
            "site_id": str(self.site),
            "role": self.role,
            "unit_id": str(self.unit_id),
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "signing_key": base64.b64encode(self.signing_key).decode(),
            "encryption_key": base64.b64encode(self.encryption_key).decode(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registered:
        return cls(
            uuid.UUID(data["site_id"]),
            str(data["role"]),
            uuid.UUID(data["unit_id"]),
            str(data["unit_code"]),
            str(data["unit_name"]),
            base64.b64decode(data["signing_key"], validate=True),
            base64.b64decode(data["encryption_key"], validate=True),
        )


@dataclass
class Manifest:
    bundle_id: uuid.UUID
    from_site: uuid.UUID
    from_unit: str
    to_site: uuid.UUID
    to_unit: str
    created_at: dt.datetime
    schema: str
    clock: str
    ranges: list[Range]
    held: list[Held]
    revoked: list[Revocation] = field(default_factory=list)
    registry: list[Registered] = field(default_factory=list)
    entries: dict[str, str] = field(default_factory=dict)
    audit: dict[int, str] = field(default_factory=dict)
    """The sender's audit chain at its checkpoints (entry number → start of its hash): the upper
    level keeps them, so a chain rebuilt after an edit shows at the next import."""

    @property
    def change_count(self) -> int:
        return sum(item.count for item in self.ranges)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "bundle_id": str(self.bundle_id),
            "from": {"site_id": str(self.from_site), "unit": self.from_unit},
            "to": {"site_id": str(self.to_site), "unit": self.to_unit},
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "schema_version": self.schema,
            "clock": self.clock,
            "ranges": [item.as_json() for item in self.ranges],
            "counts": {"changes": self.change_count, "attachments": len(self.entries) - 2},
            "receipt": [
                {"origin": str(item.origin), "epoch": item.epoch, "held": item.seq} for item in self.held
            ],
            "revoked": [
                {
                    "site_id": str(item.site),
                    "at": item.at.isoformat(timespec="seconds"),
                    "reason": item.reason,
                }
                for item in self.revoked
            ],
            "registry": [item.as_json() for item in self.registry],
            "entries": dict(sorted(self.entries.items())),
            "audit_chain": {str(number): digest for number, digest in sorted(self.audit.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            uuid.UUID(data["bundle_id"]),
            uuid.UUID(data["from"]["site_id"]),
            str(data["from"]["unit"]),
            uuid.UUID(data["to"]["site_id"]),
            str(data["to"]["unit"]),
            dt.datetime.fromisoformat(data["created_at"]),
            str(data["schema_version"]),
            clock.stamp(*clock.parse(str(data["clock"]))),
            [
                Range(
                    uuid.UUID(r["origin"]), int(r["epoch"]), int(r["first"]), int(r["last"]), int(r["count"])
                )
                for r in data["ranges"]
            ],
            [Held(uuid.UUID(h["origin"]), int(h["epoch"]), int(h["held"])) for h in data["receipt"]],
            [
                Revocation(uuid.UUID(r["site_id"]), dt.datetime.fromisoformat(r["at"]), str(r["reason"]))
                for r in data.get("revoked", [])
            ],
            [Registered.from_json(r) for r in data.get("registry", [])],
            {str(name): str(digest) for name, digest in data["entries"].items()},
            _audit_chain(data.get("audit_chain", {})),
        )


def _audit_chain(data: dict[str, Any]) -> dict[int, str]:
    """ValueError unless every checkpoint is a positive number and the start of a SHA-256."""
    if len(data) > MAX_AUDIT_CHECKPOINTS:
        raise ValueError("audit_chain")
    chain = {int(number): str(digest) for number, digest in data.items()}
    if any(number < 1 or not _HASH_START.fullmatch(digest) for number, digest in chain.items()):
        raise ValueError("audit_chain")
    return chain


@dataclass
class Contents:
    """What a bundle carries once opened: its changes (as travelled) and attached files."""

    manifest: Manifest
    changes: list[dict[str, Any]]
    blobs: dict[str, bytes]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(
    path: Path,
    manifest: Manifest,
    changes: list[dict[str, Any]],
    blobs: dict[str, bytes],
    signing: SigningKey,
    recipient: PublicKey,
) -> Path:
    """Write the bundle under a temporary name, flush it to the disk, then give it its name
    (WriteFailed, nothing left behind, when the drive is full, read-only or gone)."""
    return write_lines(
        path, manifest, b"".join(line(change) for change in changes), blobs, signing, recipient
    )


def line(change: dict[str, Any]) -> bytes:
    """A change as the bundle carries it: one JSON line."""
    return orjson.dumps(change) + b"\n"


def write_lines(
    path: Path,
    manifest: Manifest,
    lines: bytes,
    blobs: dict[str, bytes],
    signing: SigningKey,
    recipient: PublicKey,
) -> Path:
    """`write`, of changes already laid out as lines (`line`): an export measures them as it goes."""
    key = utils.random(secret.SecretBox.KEY_SIZE)
    box = secret.SecretBox(key)
    entries = {
        SEALED_KEY: SealedBox(recipient).encrypt(key),
        CHANGES: bytes(box.encrypt(zlib.compress(lines, 6))),
    }
    for digest, content in sorted(blobs.items()):
        entries[f"blobs/{digest}.bin"] = bytes(box.encrypt(content))
    manifest.entries = {name: _sha(data) for name, data in entries.items()}
    manifest_bytes = json.dumps(manifest.as_json(), ensure_ascii=False, indent=1).encode("utf-8")
    with replacing(path) as partial, zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(zip_layout.entry(MANIFEST), manifest_bytes)
        archive.writestr(zip_layout.entry(SIGNATURE), signing.sign(manifest_bytes).signature)
        for name, data in entries.items():
            archive.writestr(zip_layout.entry(name), data)
    return path


def _damaged() -> BundleRejected:
    return BundleRejected(
        _("The bundle file is damaged or incomplete (copied only in part?). Copy it again.")
    )


@dataclass
class Sealed:
    """A bundle whose zip, manifest, signature and hashes have been checked, still encrypted."""

    manifest: Manifest
    entries: dict[str, bytes]


def read_manifest(path: Path) -> tuple[Manifest, bytes, bytes, zipfile.ZipFile]:
    """The manifest as written, its signature, and the open zip; nothing is trusted yet."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise BundleRejected(
            _("The bundle cannot be read: {reason}").format(reason=read_reason(error))
        ) from None
    if size > MAX_BUNDLE_BYTES:
        raise BundleRejected(_("The file is too large to be a bundle."))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError):
        raise _damaged() from None  # NotImplementedError: a damaged header asks for a zip feature
    names = [info.filename for info in archive.infolist()]
    if len(names) > MAX_ENTRIES or len(set(names)) != len(names):
        raise BundleRejected(_("The bundle holds unexpected files; it was not made by Sổ Vàng."))
    for info in archive.infolist():
        allowed = info.filename in (MANIFEST, SIGNATURE, SEALED_KEY, CHANGES) or BLOB_NAME.fullmatch(
            info.filename
        )
        if not allowed:
            raise BundleRejected(
                _("The bundle holds an unexpected file “{name}”; it was not made by Sổ Vàng.").format(
                    name=info.filename[:80]
                )
            )
        if info.compress_type != zipfile.ZIP_STORED or info.file_size > MAX_BUNDLE_BYTES:
            raise BundleRejected(
                _("The bundle's files are packed in a way Sổ Vàng never uses; it is refused.")
            )
    with path.open("rb") as handle:
        laid_out = zip_layout.check(handle, archive)
    if not laid_out:
        raise _damaged()
    if MANIFEST not in names or SIGNATURE not in names:
        raise BundleRejected(_("The bundle has no manifest or no signature; it cannot be trusted."))
    manifest_bytes = _entry(archive, MANIFEST, MAX_MANIFEST_BYTES)
    signature = _entry(archive, SIGNATURE, 64)
    try:
        data = json.loads(manifest_bytes.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise BundleRejected(_("This file is not a Sổ Vàng bundle."))
        manifest = Manifest.from_json(data)
    except BundleRejected:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        raise BundleRejected(_("The bundle's manifest cannot be read; it is damaged.")) from None
    return manifest, manifest_bytes, signature, archive


def _entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise BundleRejected(_("The bundle's “{name}” is larger than any bundle's can be.").format(name=name))
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        raise _damaged() from None
    if len(data) > limit:
        raise BundleRejected(_("The bundle's “{name}” is larger than any bundle's can be.").format(name=name))
    return data


def check_sealed(
    archive: zipfile.ZipFile, manifest: Manifest, manifest_bytes: bytes, signature: bytes, sender: VerifyKey
) -> Sealed:
    """Verify the signature, then that the entries are exactly those signed, byte for byte."""
    try:
        sender.verify(manifest_bytes, signature)
    except (BadSignatureError, ValueError):
        raise BundleRejected(
            _("The bundle's signature does not match: it was altered, or not made by the site it names.")
        ) from None
    present = {info.filename for info in archive.infolist()} - {MANIFEST, SIGNATURE}
    if present != set(manifest.entries) or SEALED_KEY not in present or CHANGES not in present:
        raise BundleRejected(_("The bundle's files are not those its manifest lists; it is incomplete."))
    entries = {}
    for name, digest in manifest.entries.items():
        data = _entry(archive, name, _LIMITS.get(name, MAX_ATTACHMENT_BYTES + secret.SecretBox.MACBYTES + 24))
        if _sha(data) != digest:
            raise BundleRejected(
                _("“{name}” in the bundle was altered or damaged on the way.").format(name=name)
            )
        entries[name] = data
    return Sealed(manifest, entries)


def open_sealed(sealed: Sealed, own_key: PrivateKey) -> Contents:
    """Decrypt what was checked, letting go of each encrypted entry as it is opened; the changes
    are parsed (`_changes`) but not yet judged."""
    entries = sealed.entries
    try:
        key = SealedBox(own_key).decrypt(entries.pop(SEALED_KEY))
        box = secret.SecretBox(key)
        packed = box.decrypt(entries.pop(CHANGES))
        blobs = {}
        for name in list(entries):
            match = BLOB_NAME.fullmatch(name)
            if match:
                content = box.decrypt(entries.pop(name))
                if _sha(content) != match.group(1):
                    raise BundleRejected(_("An attached file in the bundle does not match its name."))
                blobs[match.group(1)] = content
    except CryptoError:
        raise BundleRejected(
            _("This site's key does not open the bundle: it was made for another site.")
        ) from None
    return Contents(sealed.manifest, _changes(packed, sealed.manifest.change_count), blobs)


def _changes(packed: bytes, declared: int) -> list[dict[str, Any]]:
    """The changes, inflated a megabyte at a time and parsed line by line, stopped as soon as
    they exceed what the manifest declares or any bundle holds: a small file cannot unfold into
    gigabytes of lines, nor a line into a huge value."""
    if declared > MAX_CHANGES:
        raise BundleRejected(_("The bundle declares more changes than any bundle holds; it is refused."))
    inflater, pending, unfolded = zlib.decompressobj(), b"", 0
    changes: list[dict[str, Any]] = []
    try:
        while not inflater.eof:
            piece = inflater.decompress(packed, 1024**2)
            packed = inflater.unconsumed_tail
            if not piece and not packed:
                break
            unfolded += len(piece)
            if unfolded > MAX_CHANGES_BYTES:
                raise BundleRejected(
                    _("The bundle's changes unfold to more than any bundle holds; it is refused.")
                )
            *lines, pending = (pending + piece).split(b"\n")
            changes.extend(orjson.loads(line) for line in lines if line)
            if len(changes) > declared or len(pending) > MAX_CHANGE_BYTES:
                raise BundleRejected(
                    _("The bundle holds a different number of changes than its manifest says.")
                )
        if pending:
            changes.append(orjson.loads(pending))
    except (zlib.error, orjson.JSONDecodeError):
        raise BundleRejected(_("The bundle's changes cannot be read; it is damaged.")) from None
    if not inflater.eof or packed or inflater.unused_data:
        raise BundleRejected(_("The bundle's changes cannot be read; it is damaged."))
    if len(changes) != declared or not all(isinstance(change, dict) for change in changes):
        raise BundleRejected(_("The bundle holds a different number of changes than its manifest says."))
    return changes
