"""Export a bundle for a peer, import bundles and receipts: the `sovang sync export|import` work.

The sender keeps no "sent" state: it sends every change the peer has not acknowledged in a
receipt, so a lost stick costs nothing but a second trip, and nothing is deleted on sending.
Every bundle carries the sender's own receipt (what it holds); an import also writes a receipt
file for the sender. An import checks the whole bundle before it writes anything, then applies it
in one transaction.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.public import PublicKey
from nacl.signing import VerifyKey
from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

import desktop.services.proposal_workflow  # noqa: F401  registers what an arriving proposal sets off
import desktop.services.releases  # noqa: F401  registers what an arriving award catalog sets off
from desktop import collector
from desktop.changes import arrivals, authorship, clock, written
from desktop.changes.change import Change, canonical, to_text
from desktop.codes import LEVEL, UserRole
from desktop.db import Database, migrate
from desktop.errors import NotFoundError, SoVangError
from desktop.files import make_folder, replacing
from desktop.i18n import _, format_date, format_number
from desktop.models import (
    AdminUnit,
    Attachment,
    PeerSite,
    Site,
    SyncAck,
    SyncBundle,
    SyncChange,
    SyncQuarantine,
    SyncRoute,
    SyncStream,
    utcnow,
)
from desktop.services import audit
from desktop.services.accounts import require
from desktop.services.attachments import media_type_of
from desktop.services.site import official_name
from desktop.services.site_keys import SiteSecrets
from desktop.services.unit_tree import UnitTree
from desktop.sync import anchors, bundle, ownership
from desktop.sync.bundle import AlreadyImported, BundleRejected, Held, Manifest, Range, Registered, Revocation
from desktop.sync.merge import (
    APPLIED,
    CONFLICT,
    HELD,
    QUARANTINED,
    WAITING,
    Merger,
    Verdict,
    awaited_by,
    waiting_count,
)
from desktop.sync.scope import Recipient, Router

log = logging.getLogger(__name__)
RECEIPT_FORMAT = "sovang-receipt/1"
OUTCOMES = (APPLIED, CONFLICT, QUARANTINED, HELD)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Manifest
    following: tuple[ExportResult, ...] = ()
    """Further bundles, when what the peer should have did not fit in one (`bundle.MAX_CHANGES`):
    each continues where the one before ends; import them in order."""

    @property
    def paths(self) -> list[Path]:
        return [self.path, *(result.path for result in self.following)]

    @property
    def change_count(self) -> int:
        """The changes of every bundle written."""
        return self.manifest.change_count + sum(result.manifest.change_count for result in self.following)


@dataclass
class ImportResult:
    manifest: Manifest
    counts: dict[str, int]
    released: int
    """Changes quarantined earlier that this bundle let apply."""
    receipt: dict[str, Any] = field(default_factory=dict)
    audit_rebuilt_from: int | None = None
    """The sender's audit chain differs from what it showed before at this checkpoint (the edit
    lies at or before it), or lost entries after it."""
    proposals_received: int = 0
    """Proposals sent up to this office that the bundle brought into its inbox."""
    people: tuple[uuid.UUID, ...] = ()
    """Person records the bundle added or changed: where a reviewer may look for duplicates."""
    refused: int = 0
    """Changes the sender may not make here (`ownership`): quarantined, never applied."""
    receipt_refused: bool = False
    """The sender's receipt claimed changes of this site it never wrote, and was not taken."""


# -- what this site holds ------------------------------------------------------------------------


def held_streams(connection: Connection) -> list[Held]:
    """Per origin, how far this site holds its changes without a gap (its receipt)."""
    site = connection.execute(select(Site.id, Site.epoch, Site.next_seq)).one()
    streams = [Held(site.id, site.epoch, site.next_seq - 1)]
    for row in connection.execute(
        select(SyncStream).order_by(SyncStream.origin_site_id, SyncStream.origin_epoch)
    ):
        streams.append(Held(row.origin_site_id, row.origin_epoch, row.held))
    return streams


def _relayable(connection: Connection, stream: Held) -> int:
    """How far this site can pass a stream on: not past a change still in quarantine, which a
    peer would otherwise never be sent once its receipt covers that number."""
    first_waiting = connection.execute(
        select(func.min(SyncQuarantine.seq)).where(
            SyncQuarantine.origin_site_id == stream.origin, SyncQuarantine.origin_epoch == stream.epoch
        )
    ).scalar()
    return stream.seq if first_waiting is None else min(stream.seq, first_waiting - 1)


def _writers(connection: Connection, stream: Held, after: int, upto: int) -> set[uuid.UUID]:
    """The units whose sites wrote the changes of `stream` in (after, upto]."""
    return set(
        connection.execute(
            select(SyncChange.origin_unit_id)
            .distinct()
            .where(
                SyncChange.origin_site_id == stream.origin,
                SyncChange.origin_epoch == stream.epoch,
                SyncChange.seq > after,
                SyncChange.seq <= upto,
            )
        ).scalars()
    )


def _peer(session: Session, reference: uuid.UUID) -> PeerSite:
    peer = session.get(PeerSite, reference)
    if peer is None:
        raise NotFoundError(_("No enrolled site has this id: enrol its card first (sovang sync enroll)."))
    if peer.revoked_at is not None:
        raise SoVangError(
            _("{unit} was revoked on {date}; nothing is exchanged with it.").format(
                unit=peer.unit_name, date=format_date(peer.revoked_at.date())
            )
        )
    return peer


# -- export --------------------------------------------------------------------------------------


def export_bundle(
    db: Database,
    username: str | None,
    secrets: SiteSecrets,
    peer_id: uuid.UUID,
    out_dir: Path,
    now: dt.datetime | None = None,
) -> ExportResult:
    """Every change the peer should have and has not acknowledged, in one bundle or, when they do
    not fit, in several that follow each other (`ExportResult.following`); written for an officer
    or above (checked before anything is written)."""
    with db.session(username) as session:
        require(session, username, UserRole.OFFICER)
        connection = session.connection()
        site = session.scalars(select(Site)).one()
        peer = _peer(session, peer_id)
        acks = {
            (row.origin_site_id, row.origin_epoch): row.held
            for row in session.scalars(select(SyncAck).where(SyncAck.peer_site_id == peer.id))
        }
        recipient_upper = LEVEL[peer.role] > LEVEL[site.role]
        router = Router(connection, site.home_unit_id, Recipient(peer.unit_id, recipient_upper))
        held = held_streams(connection)
        revoked, registry = _registry_for(session, site, peer, recipient_upper)
        reader = _StreamReader(session, site, peer, router, secrets, acks)
        created = (now or utcnow()).replace(microsecond=0)
        written: list[ExportResult] = []
        while not written or not reader.done:
            lines, ranges, blobs = reader.next_bundle(held)
            manifest = Manifest(
                bundle_id=uuid.uuid4(),
                from_site=site.id,
                from_unit=_unit_label(session, site.home_unit_id),
                to_site=peer.id,
                to_unit=peer.unit_name,
                created_at=created,
                schema=migrate.head_revision(),
                clock=clock.stamp(site.clock_ms, site.clock_count),
                ranges=ranges,
                held=held,
                revoked=revoked,
                registry=registry,
                audit=audit.checkpoints(session) if recipient_upper else {},
            )
            make_folder(out_dir)
            order = f"{len(written) + 1:03d}"  # the bundles of one export sort in the order they follow
            name = f"sovang-{created:%Y%m%d-%H%M%S}-{order}-{manifest.bundle_id.hex[:8]}{bundle.SUFFIX}"
            path = bundle.write_lines(
                out_dir / name,
                manifest,
                b"".join(lines),
                blobs,
                secrets.signing,
                PublicKey(peer.encryption_public),
            )
            _verify_written(path, secrets)
            written.append(ExportResult(path, manifest))
    with db.transaction(username) as session:
        audit.record(
            session,
            "sync.export",
            username,
            "peer_site",
            peer_id,
            {
                "bundles": [str(result.manifest.bundle_id) for result in written],
                "changes": sum(result.manifest.change_count for result in written),
            },
        )
        audit.sign_head(session, secrets.signing)  # the key is open: fix the trail up to here
    first, *following = written
    return ExportResult(first.path, first.manifest, tuple(following))


class _StreamReader:
    """Reads, stream by stream, the changes a peer should have, a bundle's worth at a time: each
    bundle's ranges begin where the one before ended."""

    def __init__(
        self,
        session: Session,
        site: Site,
        peer: PeerSite,
        router: Router,
        secrets: SiteSecrets,
        acks: dict[tuple[uuid.UUID, int], int],
    ) -> None:
        self.session, self.site, self.peer, self.router, self.secrets = session, site, peer, router, secrets
        self.position = dict(acks)
        """Per stream, the last number read (or acknowledged)."""
        self.done = False

    def next_bundle(self, held: list[Held]) -> tuple[list[bytes], list[Range], dict[str, bytes]]:
        """The next bundle's changes (as lines), ranges and files; `done` once every stream is read
        to its end."""
        connection = self.session.connection()
        changes: list[bytes] = []
        ranges: dict[tuple[uuid.UUID, int], Range] = {}
        blobs: dict[str, bytes] = {}
        payload = 0
        for stream in held:
            key = (stream.origin, stream.epoch)
            upto = _relayable(connection, stream)
            start = self.position.get(key, 0)
            if upto <= start:
                continue
            if not self.router.recipient.upper and self.router.concerns_none(
                _writers(connection, stream, start, upto)
            ):
                ranges[key] = Range(stream.origin, stream.epoch, start + 1, upto, 0)
                self.position[key] = upto
                continue
            its_own = stream.origin == self.peer.id  # a restored peer gets back what it wrote and lost
            while start < upto:
                rows = self._page(stream, start, upto)
                picked, last, full = 0, start, False
                for row in rows:
                    if its_own or self.router.holds(row.table_name, row.record_id):
                        travelled, files = self._travelling(row, blobs)
                        size = len(travelled) + sum(len(content) for content in files.values())
                        full = len(changes) >= bundle.MAX_CHANGES or payload + size > bundle.MAX_PAYLOAD
                        if full and changes:
                            break
                        full = False
                        changes.append(travelled)
                        blobs.update(files)
                        payload, picked = payload + size, picked + 1
                    last = row.seq
                if not full and len(rows) < bundle.MAX_CHANGES:
                    last = upto  # read to the end: the rest of the range holds nothing for the peer
                if last > start:
                    earlier = ranges.get(key)
                    first, count = (earlier.first, earlier.count) if earlier else (start + 1, 0)
                    ranges[key] = Range(stream.origin, stream.epoch, first, last, count + picked)
                    self.position[key] = start = last
                if full:
                    return changes, list(ranges.values()), blobs  # the rest goes in the next bundle
        self.done = True
        return changes, list(ranges.values()), blobs

    def _page(self, stream: Held, start: int, upto: int) -> list[SyncChange]:
        """The stream's next changes after `start`, a bundle's worth at most, their owners known."""
        rows = self.session.scalars(
            select(SyncChange)
            .where(
                SyncChange.origin_site_id == stream.origin,
                SyncChange.origin_epoch == stream.epoch,
                SyncChange.seq > start,
                SyncChange.seq <= upto,
            )
            .order_by(SyncChange.seq)
            .limit(bundle.MAX_CHANGES)
        ).all()
        by_table: dict[str, list[uuid.UUID]] = {}
        for row in rows:
            by_table.setdefault(row.table_name, []).append(row.record_id)
        for table, ids in by_table.items():
            self.router.preload(table, ids)
        return list(rows)

    def _travelling(self, row: SyncChange, carried: dict[str, bytes]) -> tuple[bytes, dict[str, bytes]]:
        """The change as the peer gets it (signed if this site wrote it, references it cannot follow
        withheld), and the attached file it names that the bundle does not carry yet."""
        change = Change.from_log(row)
        if change.origin == self.site.id:
            authorship.sign(change, self.secrets.signing)
        authorship.withhold(change, self.router.project(change.table, change.fields))
        digest = change.fields.get("attachment_sha256")
        files = {}
        if digest is not None and digest not in carried:
            content = self.session.scalar(select(Attachment.content).where(Attachment.sha256 == digest))
            if content is not None:
                files[digest] = content
        return bundle.line(change.as_json()), files


def _registry_for(
    session: Session, site: Site, peer: PeerSite, upper: bool
) -> tuple[list[Revocation], list[Registered]]:
    """What a peer learns of this site's registry. A lower site: every revocation, and the sites
    above it enrolled here. An upper site: the sites below this one, whose changes this site relays
    and whose keys it vouches for, so the upper site can check who wrote each."""
    revoked, registry = [], []
    for row in session.scalars(select(PeerSite).order_by(PeerSite.id)):
        if row.revoked_at is not None:
            if not upper:
                revoked.append(Revocation(row.id, row.revoked_at, row.revoked_reason or ""))
        elif row.unit_id is not None and (
            LEVEL[row.role] < LEVEL[site.role] if upper else LEVEL[row.role] > LEVEL[peer.role]
        ):
            registry.append(
                Registered(
                    row.id,
                    row.role,
                    row.unit_id,
                    row.unit_code,
                    row.unit_name,
                    row.signing_public,
                    row.encryption_public,
                )
            )
    return revoked, registry


def _unit_label(session: Session, unit_id: uuid.UUID) -> str:
    unit = session.get(AdminUnit, unit_id)
    return official_name(unit) if unit else ""


def _verify_written(path: Path, secrets: SiteSecrets) -> None:
    """Read the bundle back from the disk (a stick can lie about a write) and check it whole."""
    manifest, manifest_bytes, signature, archive = bundle.read_manifest(path)
    with archive:
        bundle.check_sealed(archive, manifest, manifest_bytes, signature, secrets.signing.verify_key)


# -- import --------------------------------------------------------------------------------------


GROUP_CHANGES = 50_000
"""Changes taken in, over several bundles, before a commit on SQLite. A commit writes back every
index page its rows touched, and with random record ids that is nearly every page of the index:
committing each bundle of a stick on its own cost more with every bundle taken (a province's 100
communes: about a fifth of the import). Bounded, so a failure undoes at most this much."""


def import_bundle(db: Database, username: str | None, secrets: SiteSecrets, path: Path) -> ImportResult:
    """Verify everything, then apply in one transaction; BundleRejected (nothing written) otherwise."""
    with Importer(db, username, secrets) as importer:
        result = importer.take(path)
        importer.commit()
    return result


class Importer:
    """Takes in bundles one after another, each verified whole before it writes, and committed
    when the caller calls `commit`. On SQLite the caller lets several share a transaction
    (`should_commit`); on a shared server each commits alone, since other PCs wait for the
    writer's turn. A bundle is held here, and may be acknowledged, only once committed: leaving
    the block without a commit rolls back what was taken since the last one."""

    def __init__(self, db: Database, username: str | None, secrets: SiteSecrets) -> None:
        self.db = db
        self.username = username
        self.secrets = secrets
        self._open = ExitStack()
        self._session: Session | None = None
        self._changes = 0

    def __enter__(self) -> Importer:
        return self

    def __exit__(self, kind: Any, error: BaseException | None, trace: Any) -> None:
        """Roll back what was taken since the last commit; the caller's exception, if any, goes
        on (or the read-only refusal the transaction makes of it)."""
        undo = error if error is not None else _Undone()
        self._session = None
        self._open.__exit__(type(undo), undo, undo.__traceback__)

    @property
    def should_commit(self) -> bool:
        """Whether to commit before taking the next bundle."""
        return self._session is not None and (not self.db.is_sqlite or self._changes >= GROUP_CHANGES)

    def take(self, path: Path) -> ImportResult:
        with collector.paused():
            if self._session is None:
                self._session = self._open.enter_context(self.db.transaction(self.username))
            result = _import(self._session, self.username, self.secrets, path)
        self._changes += result.manifest.change_count
        return result

    def commit(self) -> None:
        self._open.close()
        self._session = None
        self._changes = 0


class _Undone(Exception):
    """Thrown into an open transaction to roll it back when an Importer ends uncommitted."""


def verify(db: Database, path: Path) -> None:
    """Check a bundle's addressing, sender, signature, schema and novelty without writing: before
    the backup an import makes, so a refused bundle leaves nothing behind, not even that backup's
    audit entry. BundleRejected otherwise."""
    with db.session() as session:
        _verified(session, path)


def _verified(session: Session, path: Path) -> tuple[Manifest, PeerSite, bundle.Sealed]:
    """The manifest, the sender and the sealed entries of a bundle checked as `verify` says; what
    the manifest says is believed only once its signature is checked."""
    manifest, manifest_bytes, signature, archive = bundle.read_manifest(path)
    with archive:
        peer = _sender(session, manifest)
        sealed = bundle.check_sealed(
            archive, manifest, manifest_bytes, signature, VerifyKey(peer.signing_public)
        )
    if _revision(manifest.schema) > _revision(migrate.head_revision()):
        raise BundleRejected(
            _("This bundle was made by a newer version of Sổ Vàng; update Sổ Vàng on this PC first.")
        )
    _refuse_repeat(session, manifest)
    return manifest, peer, sealed


def _import(session: Session, username: str | None, secrets: SiteSecrets, path: Path) -> ImportResult:
    manifest, peer, sealed = _verified(session, path)
    contents = bundle.open_sealed(sealed, secrets.encryption)
    changes = _checked_changes(contents.changes, manifest)
    site = session.scalars(select(Site)).one()
    origins = _origins(session, site, secrets, peer, manifest.registry)
    _check_authorship(changes, peer, origins, from_below=LEVEL[peer.role] < LEVEL[site.role])
    result = _apply(session, peer.id, manifest, changes, contents.blobs, username, origins)
    audit.sign_head(session, secrets.signing)  # the key is open: fix the trail up to here
    log.info("bundle %s imported: %s", manifest.bundle_id, result.counts)
    return result


def _sender(session: Session, manifest: Manifest) -> PeerSite:
    """The enrolled, unrevoked site the bundle comes from, if it is addressed here; BundleRejected
    otherwise."""
    site = session.scalars(select(Site)).one()
    if manifest.to_site != site.id:
        raise BundleRejected(
            _("This bundle is addressed to {unit}, not to this site.").format(unit=manifest.to_unit)
        )
    peer = session.get(PeerSite, manifest.from_site)
    if peer is None:
        raise BundleRejected(
            _("The bundle comes from {unit}, which is not enrolled here: enrol its card first.").format(
                unit=manifest.from_unit
            )
        )
    if peer.revoked_at is not None:
        raise BundleRejected(
            _("The bundle comes from {unit}, revoked on {date}: {reason}").format(
                unit=peer.unit_name, date=format_date(peer.revoked_at.date()), reason=peer.revoked_reason
            )
        )
    return peer


def _refuse_repeat(session: Session, manifest: Manifest) -> None:
    earlier = session.get(SyncBundle, manifest.bundle_id)
    if earlier is not None:
        raise AlreadyImported(
            _("This bundle was already imported on {date}; importing it again changes nothing.").format(
                date=format_date(earlier.imported_at.date())
            )
        )


def _revision(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise BundleRejected(_("The bundle's manifest cannot be read; it is damaged.")) from None


def _checked_changes(raw: list[dict[str, Any]], manifest: Manifest) -> list[Change]:
    """Each change well formed and inside a range the manifest declares, in the declared numbers."""
    declared = {(item.origin, item.epoch): item for item in manifest.ranges}
    counted: dict[tuple[uuid.UUID, int], int] = {}
    changes = []
    for data in raw:
        try:
            change = Change.from_json(data)
        except (KeyError, ValueError, TypeError, AttributeError):
            raise BundleRejected(_("The bundle's changes cannot be read; it is damaged.")) from None
        stream = declared.get((change.origin, change.epoch))
        if stream is None or not stream.first <= change.seq <= stream.last:
            raise BundleRejected(_("The bundle holds changes its manifest does not declare."))
        counted[(change.origin, change.epoch)] = counted.get((change.origin, change.epoch), 0) + 1
        changes.append(change)
    if any(counted.get(key, 0) != item.count for key, item in declared.items()):
        raise BundleRejected(_("The bundle holds a different number of changes than its manifest says."))
    return changes


@dataclass(frozen=True)
class _Origin:
    """A site whose changes this site can check: its key, and the unit it writes for."""

    key: VerifyKey
    unit: uuid.UUID | None
    level: int
    name: str


def _origins(
    session: Session, site: Site, secrets: SiteSecrets, sender: PeerSite, registry: list[Registered]
) -> dict[uuid.UUID, _Origin]:
    """This site, every site enrolled here (revoked ones too: what they wrote before still counts),
    and the sites the bundle's sender vouches for."""
    origins = {
        site.id: _Origin(
            secrets.signing.verify_key,
            site.home_unit_id,
            LEVEL[site.role],
            _unit_label(session, site.home_unit_id),
        )
    }
    for peer in session.scalars(select(PeerSite)):
        origins[peer.id] = _Origin(
            VerifyKey(peer.signing_public), peer.unit_id, LEVEL[peer.role], peer.unit_name
        )
    for item in registry:
        if item.site not in origins and _may_vouch(site, sender, item, origins):
            origins[item.site] = _Origin(
                VerifyKey(item.signing_key), item.unit_id, LEVEL[item.role], item.unit_name
            )
    return origins


def _may_vouch(site: Site, sender: PeerSite, item: Registered, origins: dict[uuid.UUID, _Origin]) -> bool:
    """Whether this site takes the sender's word for a site's card: an upper site's for the sites
    above this one, a lower site's for the sites below it, whose changes it relays. A lower site
    vouches for no unit of this site or of a site as high as itself: it would write for them."""
    if (
        item.site == site.id
        or item.role not in LEVEL
        or len(item.signing_key) != 32
        or len(item.encryption_key) != 32
    ):
        return False
    if LEVEL[sender.role] > LEVEL[site.role]:
        return LEVEL[item.role] > LEVEL[site.role]
    taken = {origin.unit for origin in origins.values() if origin.level >= LEVEL[sender.role]}
    return LEVEL[item.role] < LEVEL[sender.role] and item.unit_id not in taken


def _check_authorship(
    changes: list[Change], sender: PeerSite, origins: dict[uuid.UUID, _Origin], from_below: bool
) -> None:
    """Every relayed change is as the site that wrote it signed it (the bundle's signature already
    proves the sender's own). A lower site relays only sites it vouches for; an upper site may
    relay a site unknown here, on its word. BundleRejected otherwise, before anything is written."""
    for change in changes:
        if change.origin == sender.id:
            continue
        origin = origins.get(change.origin)
        if origin is None:
            if from_below:
                raise BundleRejected(
                    _(
                        "The bundle passes on changes of a site that {unit} does not vouch for; "
                        "nothing was taken in."
                    ).format(unit=sender.unit_name)
                )
            continue
        if not authorship.is_signed_by(change, origin.key):
            raise BundleRejected(
                _(
                    "A change in the bundle is not as {origin} wrote it: the bundle was altered or "
                    "forged; nothing was taken in."
                ).format(origin=origin.name)
            )


def _apply(
    session: Session,
    peer_id: uuid.UUID,
    manifest: Manifest,
    changes: list[Change],
    blobs: dict[str, bytes],
    username: str | None,
    origins: dict[uuid.UUID, _Origin],
) -> ImportResult:
    connection = session.connection()
    site = session.scalars(select(Site)).one()
    peer = session.get(PeerSite, peer_id)
    assert peer is not None
    for digest, content in blobs.items():  # a kind not accepted is not kept: what names it waits
        media_type = media_type_of(content)
        if media_type is not None and session.get(Attachment, digest) is None:
            session.add(Attachment(sha256=digest, size=len(content), media_type=media_type, content=content))
    session.flush()
    rebuilt_from = None
    impostors = _claimed_wrongly(changes, origins)
    _take_registry(session, site, peer, manifest.registry, origins, username)
    if LEVEL[peer.role] < LEVEL[site.role]:
        _learn_routes(
            session, site, peer, [change for change in changes if change.key not in impostors], origins
        )
        rebuilt_from = anchors.check_and_keep(session, peer.id, manifest.audit)
        if rebuilt_from is not None:
            details = {"bundle": str(manifest.bundle_id), "from_entry": rebuilt_from}
            audit.record(session, "sync.audit_rebuilt", username, "peer_site", peer.id, details)
    else:
        _take_revocations(session, peer, manifest.revoked, username)
    merger = Merger(connection, UnitTree(connection), manifest.bundle_id)
    held = merger.held_keys(changes)
    fresh = [change for change in changes if change.key not in held]
    waiting = awaited_by(connection, fresh, blobs)  # quarantined earlier, released by what arrives now
    verdicts = {
        change.key: Verdict(QUARANTINED, ownership.NOT_OWNER, f"unit:{change.unit}")
        for change in fresh
        if change.key in impostors
    }
    verdicts.update(merger.apply([change for change in fresh if change.key not in impostors] + waiting))
    counts = dict.fromkeys(OUTCOMES, 0)
    counts[HELD] = len(changes) - len(fresh)
    for change in fresh:
        counts[verdicts[change.key].outcome] += 1
    released = [change.key for change in waiting if verdicts[change.key].outcome != QUARANTINED]
    merger.release(released)
    merger.quarantine(
        [
            (change, verdicts[change.key])
            for change in fresh + waiting
            if verdicts[change.key].outcome == QUARANTINED
        ]
    )
    _refuse_overflowing_wait(connection, fresh, verdicts, origins)
    from_above = LEVEL[peer.role] > LEVEL[site.role]
    for item in manifest.ranges if from_above else _carried_ranges(manifest.ranges, changes, peer.id):
        _advance(session, site, item)
    receipt_refused = _overclaimed(session, site, manifest.held)
    if receipt_refused:
        audit.record(
            session,
            "sync.receipt_refused",
            username,
            "peer_site",
            peer.id,
            {"bundle": str(manifest.bundle_id)},
        )
    else:
        _take_receipt(session, peer.id, manifest.held, manifest.clock)
    refused = Counter(
        verdicts[change.key].reason
        for change in fresh
        if verdicts[change.key].outcome == QUARANTINED and verdicts[change.key].reason in ownership.REFUSALS
    )
    if refused:
        audit.record(
            session,
            "sync.refused",
            username,
            "peer_site",
            peer.id,
            {"bundle": str(manifest.bundle_id), **refused},
        )
    latest = max([manifest.clock, *(change.hlc for change in changes)])
    site.clock_ms, site.clock_count = clock.observe(site.clock_ms, site.clock_count, latest)
    applied = [change for change in fresh + waiting if verdicts[change.key].outcome == APPLIED]
    by_table: dict[str, list[uuid.UUID]] = {}
    for change in applied:
        by_table.setdefault(change.table, []).append(change.record)
    for table, records in by_table.items():  # written with bulk statements: the screens are told here
        written.note(session, table, records)
    outcomes = arrivals.react(session, username, ((change.table, change.record) for change in applied))
    people = tuple(dict.fromkeys(change.record for change in applied if change.table == "person"))
    session.add(
        SyncBundle(
            id=manifest.bundle_id,
            from_site_id=peer.id,
            created_at=manifest.created_at,
            imported_by=username,
            counts=to_text(counts),
        )
    )
    audit.record(
        session, "sync.import", username, "peer_site", peer.id, {"bundle": str(manifest.bundle_id), **counts}
    )
    session.flush()
    receipt = {
        "format": RECEIPT_FORMAT,
        "from_site": str(site.id),
        "to_site": str(peer.id),
        "bundle_id": str(manifest.bundle_id),
        "clock": clock.stamp(site.clock_ms, site.clock_count),
        "held": [
            {"origin": str(h.origin), "epoch": h.epoch, "held": h.seq} for h in held_streams(connection)
        ],
        "counts": counts,
    }
    return ImportResult(
        manifest,
        counts,
        len(released),
        receipt,
        rebuilt_from,
        outcomes.get("proposals_received", 0),
        people,
        refused.total(),
        receipt_refused,
    )


MAX_WAITING = 50_000
"""Changes of one origin that may wait here for records that never came: far above any honest
gap (a bundle lost on the way), well below what would fill a PC's disk."""


def _refuse_overflowing_wait(
    connection: Connection,
    fresh: list[Change],
    verdicts: dict[str, Verdict],
    origins: dict[uuid.UUID, _Origin],
) -> None:
    """BundleRejected (nothing kept) when the bundle leaves an origin with more than MAX_WAITING
    changes waiting here."""
    adding = {change.origin for change in fresh if verdicts[change.key].reason == WAITING}
    for origin in sorted(adding):
        if waiting_count(connection, origin) > MAX_WAITING:
            name = origins[origin].name if origin in origins else str(origin)
            raise BundleRejected(
                _(
                    "More than {count} changes of {unit} wait here for records that never arrived; "
                    "this bundle was not taken. Look at them under “Conflicts and quarantine” and ask "
                    "that office what it did not send."
                ).format(count=format_number(MAX_WAITING), unit=name)
            )


def _carried_ranges(ranges: list[Range], changes: list[Change], sender: uuid.UUID) -> list[Range]:
    """The ranges a sender from below (or beside) is taken at its word for. Its own stream as it
    says (it can silence nobody but itself); a stream it relays only as far as the bundle carries
    it without a gap: otherwise a commune could declare another commune's stream held up to any
    number, and this site would never ask that commune for its changes again."""
    carried: dict[tuple[uuid.UUID, int], set[int]] = {}
    for change in changes:
        carried.setdefault((change.origin, change.epoch), set()).add(change.seq)
    taken = []
    for item in ranges:
        if item.origin == sender:
            taken.append(item)
            continue
        seqs = carried.get((item.origin, item.epoch), set())
        last = item.first - 1
        while last + 1 in seqs and last < item.last:
            last += 1
        if last >= item.first:
            taken.append(replace(item, last=last))
    return taken


def _overclaimed(session: Session, site: Site, held: list[Held]) -> bool:
    """Whether a receipt claims more of this site's own streams than it ever wrote: made by faulty
    or hostile software, it would stop this site from sending that peer anything again."""
    written = dict(
        session.execute(
            select(SyncChange.origin_epoch, func.max(SyncChange.seq))
            .where(SyncChange.origin_site_id == site.id)
            .group_by(SyncChange.origin_epoch)
        ).all()
    )
    written[site.epoch] = site.next_seq - 1
    return any(item.origin == site.id and item.seq > written.get(item.epoch, 0) for item in held)


def _claimed_wrongly(changes: list[Change], origins: dict[uuid.UUID, _Origin]) -> set[str]:
    """Keys of the changes whose writing unit is not their origin's. A change names the unit it
    was written for, and ownership is judged by it: a site known here writes for its own unit only.
    Such a change is quarantined, never applied, and teaches no route."""
    wrong = set()
    for change in changes:
        origin = origins.get(change.origin)
        if origin is not None and origin.unit is not None and change.unit != origin.unit:
            wrong.add(change.key)
    return wrong


def _learn_routes(
    session: Session, site: Site, peer: PeerSite, changes: list[Change], origins: dict[uuid.UUID, _Origin]
) -> None:
    """Units whose changes a lower peer relays are reached through it, but for the units of this
    site and the sites above it (a commune hands a restored province its own changes back)."""
    above = {origin.unit for origin in origins.values() if origin.level >= LEVEL[site.role]}
    units = {change.unit for change in changes} - {peer.unit_id} - above
    for unit in units:
        route = session.get(SyncRoute, unit)
        if route is None:
            session.add(SyncRoute(unit_id=unit, via_site_id=peer.id))
        else:
            route.via_site_id = peer.id


def _take_revocations(
    session: Session, upper: PeerSite, revoked: list[Revocation], username: str | None
) -> None:
    """A site the upper level revoked is refused here too, from this import on."""
    for item in revoked:
        peer = session.get(PeerSite, item.site)
        if peer is None or peer.revoked_at is not None or LEVEL[peer.role] >= LEVEL[upper.role]:
            continue
        peer.revoked_at = item.at
        peer.revoked_reason = _("Revoked by {unit}: {reason}").format(
            unit=upper.unit_name, reason=item.reason
        )
        audit.record(session, "sync.revoke", username, "peer_site", peer.id, {"by": str(upper.id)})


def _take_registry(
    session: Session,
    site: Site,
    sender: PeerSite,
    registry: list[Registered],
    origins: dict[uuid.UUID, _Origin],
    username: str | None,
) -> None:
    """Enrol the sites the sender vouches for (`_may_vouch`) that this site does not know (a known
    site keeps its enrolment: keys are replaced by revoking, never silently)."""
    for item in registry:
        if session.get(PeerSite, item.site) is not None or not _may_vouch(site, sender, item, origins):
            continue
        session.add(
            PeerSite(
                id=item.site,
                role=item.role,
                unit_id=item.unit_id,
                unit_code=item.unit_code[:16],
                unit_name=item.unit_name[:200],
                signing_public=item.signing_key,
                encryption_public=item.encryption_key,
                enrolled_by=username,
                vouched_by_site_id=sender.id,
            )
        )
        session.flush()
        audit.record(
            session,
            "sync.enroll",
            username,
            "peer_site",
            item.site,
            {"unit": item.unit_code, "via": str(sender.id)},
        )


def _advance(session: Session, site: Site, item: Range) -> None:
    """Hold a stream further when the range follows on from what is held (this site's own
    current stream is held by writing it)."""
    if (item.origin, item.epoch) == (site.id, site.epoch):
        return
    stream = session.get(SyncStream, (item.origin, item.epoch))
    if stream is None:
        stream = SyncStream(origin_site_id=item.origin, origin_epoch=item.epoch, held=0)
        session.add(stream)
    if item.first <= stream.held + 1:
        stream.held = max(stream.held, item.last)


def _take_receipt(session: Session, peer_id: uuid.UUID, held: list[Held], stamp: str) -> None:
    """A peer's receipt replaces what we knew it holds, unless a later receipt came first. Two
    receipts of one moment of its clock (an import moves what it holds, not its clock) count
    together: it holds the more of each."""
    rows = session.scalars(select(SyncAck).where(SyncAck.peer_site_id == peer_id)).all()
    latest = max((row.receipt_hlc for row in rows), default=None)
    if latest is not None and latest > stamp:
        return
    if latest == stamp:
        most = {(row.origin_site_id, row.origin_epoch): row.held for row in rows}
        for item in held:
            most[(item.origin, item.epoch)] = max(item.seq, most.get((item.origin, item.epoch), 0))
        held = [Held(origin, epoch, seq) for (origin, epoch), seq in most.items()]
    for row in rows:
        session.delete(row)
    session.flush()
    if held:
        session.execute(
            insert(SyncAck),
            [
                {
                    "peer_site_id": peer_id,
                    "origin_site_id": item.origin,
                    "origin_epoch": item.epoch,
                    "held": item.seq,
                    "receipt_hlc": stamp,
                }
                for item in held
            ],
        )


# -- receipt files -------------------------------------------------------------------------------


def write_receipt(path: Path, receipt: dict[str, Any], secrets: SiteSecrets) -> Path:
    """The small signed file an import leaves for the sender, in case no bundle goes back soon."""
    signature = secrets.signing.sign(canonical(receipt)).signature
    signed = {"receipt": receipt, "signature": base64.b64encode(signature).decode()}
    with replacing(path) as partial:
        partial.write_text(json.dumps(signed, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def import_receipt(db: Database, username: str | None, path: Path) -> dict[str, Any]:
    """Take a receipt file: the peer holds what it lists, so those changes need not be sent again."""
    try:
        data = json.loads(path.read_bytes()[: 1024**2].decode("utf-8"))
        receipt = data["receipt"]
        signature = base64.b64decode(data["signature"], validate=True)
        if receipt.get("format") != RECEIPT_FORMAT:
            raise ValueError
        body = canonical(receipt)
        held = [Held(uuid.UUID(h["origin"]), int(h["epoch"]), int(h["held"])) for h in receipt["held"]]
        sender, recipient = uuid.UUID(receipt["from_site"]), uuid.UUID(receipt["to_site"])
        clock.parse(receipt["clock"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError):
        raise BundleRejected(_("This file is not a Sổ Vàng receipt, or it is damaged.")) from None
    with db.transaction(username) as session:
        site = session.scalars(select(Site)).one()
        if recipient != site.id:
            raise BundleRejected(_("This receipt is addressed to another site."))
        peer = _peer(session, sender)
        try:
            VerifyKey(peer.signing_public).verify(body, signature)
        except BadSignatureError:
            raise BundleRejected(_("The receipt's signature does not match: it was altered.")) from None
        if _overclaimed(session, site, held):
            raise BundleRejected(
                _(
                    "The receipt of {unit} claims changes of this office that it never wrote: it was "
                    "made by faulty software and was not taken; tell that office."
                ).format(unit=peer.unit_name)
            )
        _take_receipt(session, peer.id, held, receipt["clock"])
    return receipt
