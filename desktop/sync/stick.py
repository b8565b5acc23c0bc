"""The USB stick between offices: what it holds, and taking in what is addressed here.

Everything Sổ Vàng puts on a stick goes in one folder, `SoVang`, so the officer never hunts for
files. What a stick holds is shown from the readable headers only (from, to, date, counts): the
changes themselves stay encrypted, so a lost stick reveals no personal data. The same import path
serves `sovang sync import` and the Đồng bộ screen.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from desktop.db import Database
from desktop.files import make_folder, read_reason, write_failure
from desktop.i18n import _
from desktop.models import PeerSite, Site, SyncAck, SyncBundle
from desktop.progress import Cancelled, Progress, step
from desktop.services import duplicates
from desktop.services.auto_backup import BEFORE_IMPORT, automatic_backup
from desktop.services.site_keys import SiteSecrets
from desktop.sync import bundle, cards, exchange
from desktop.sync.bundle import AlreadyImported, BundleRejected
from desktop.sync.cards import CardError
from desktop.sync.exchange import ImportResult

FOLDER = "SoVang"
CARD_SUFFIX = ".svcard"
RECEIPT_SUFFIX = ".json"
BUNDLE, RECEIPT, CARD, DAMAGED = "bundle", "receipt", "card", "damaged"


def folder_on(root: Path) -> Path:
    """Sổ Vàng's folder on a stick (or in any folder standing for one)."""
    return root / FOLDER


@dataclass(frozen=True)
class StickItem:
    """One file found on the stick, as far as it can be read without opening anything sealed."""

    path: Path
    kind: str
    from_unit: str = ""
    to_unit: str = ""
    made_at: dt.datetime | None = None
    """UTC, as every time the sync keeps."""
    changes: int = 0
    for_here: bool = False
    taken: bool = False
    """A bundle already imported here, a card already enrolled (or this site's own)."""
    problem: str = ""


def stick_contents(db: Database, root: Path) -> list[StickItem]:
    """Bundles, receipts and cards in the stick's Sổ Vàng folder, newest first."""
    folder = folder_on(root)
    try:
        paths = sorted(path for path in folder.iterdir() if path.is_file())
    except OSError:  # no folder yet, or the stick was pulled out
        return []
    with db.session() as session:
        site_id = session.scalars(select(Site.id)).one()
        names = {row.id: row.unit_name for row in session.scalars(select(PeerSite))}
        taken_bundles = set(session.scalars(select(SyncBundle.id)))
        receipts = dict(
            session.execute(
                select(SyncAck.peer_site_id, func.max(SyncAck.receipt_hlc)).group_by(SyncAck.peer_site_id)
            ).all()
        )
    items = []
    for path in paths:
        if path.suffix == bundle.SUFFIX:
            items.append(_bundle_item(path, site_id, taken_bundles))
        elif path.suffix == RECEIPT_SUFFIX:
            items.append(_receipt_item(path, site_id, names, receipts))
        elif path.suffix == CARD_SUFFIX:
            items.append(_card_item(path, site_id, names))
    return sorted(items, key=lambda item: item.made_at or dt.datetime.min, reverse=True)


def _bundle_item(path: Path, site_id: uuid.UUID, taken: set[uuid.UUID]) -> StickItem:
    try:
        manifest, _bytes, _signature, archive = bundle.read_manifest(path)
    except BundleRejected as error:
        return StickItem(path, DAMAGED, problem=str(error))
    archive.close()
    return StickItem(
        path,
        BUNDLE,
        manifest.from_unit,
        manifest.to_unit,
        manifest.created_at,
        manifest.change_count,
        for_here=manifest.to_site == site_id,
        taken=manifest.bundle_id in taken,
    )


def _receipt_item(
    path: Path, site_id: uuid.UUID, names: dict[uuid.UUID, str], taken: dict[uuid.UUID, str]
) -> StickItem:
    """A receipt's header, unverified: the import checks its signature. One no later than the
    sender's newest receipt taken here has nothing more to say."""
    try:
        receipt = json.loads(path.read_bytes()[: 1024**2].decode("utf-8"))["receipt"]
        sender, recipient = uuid.UUID(receipt["from_site"]), uuid.UUID(receipt["to_site"])
        stamp = str(receipt["clock"])
        made_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return StickItem(path, DAMAGED, problem=_("This file is not a Sổ Vàng receipt, or it is damaged."))
    return StickItem(
        path,
        RECEIPT,
        names.get(sender, ""),
        names.get(recipient, ""),
        made_at,
        for_here=recipient == site_id,
        taken=sender in taken and stamp <= taken[sender],
    )


def _card_item(path: Path, site_id: uuid.UUID, names: dict[uuid.UUID, str]) -> StickItem:
    try:
        card = cards.read_card(path.read_bytes()[: cards.MAX_CARD_BYTES + 1])
    except (OSError, CardError) as error:
        return StickItem(
            path, DAMAGED, problem=str(error) if isinstance(error, CardError) else read_reason(error)
        )
    return StickItem(
        path,
        CARD,
        card.unit_name,
        made_at=card.issued_at,
        for_here=card.site_id != site_id,
        taken=card.site_id == site_id or card.site_id in names,
    )


def waiting_here(items: list[StickItem]) -> list[Path]:
    """The bundles and receipts on the stick addressed here and not taken in yet."""
    return [
        item.path for item in items if item.for_here and not item.taken and item.kind in (BUNDLE, RECEIPT)
    ]


def write_card(db: Database, secrets: SiteSecrets, root: Path) -> Path:
    """This site's card in the stick's folder, named after its unit so the other office finds it."""
    card = cards.own_card(db)
    name = f"the-{card.unit_code or card.role}-{card.site_id.hex[:8]}{CARD_SUFFIX}"
    make_folder(folder_on(root))
    return cards.write_card(folder_on(root) / name, card, secrets)


# -- taking files in ------------------------------------------------------------------------------


@dataclass
class FileOutcome:
    """What became of one file given to an import."""

    path: Path
    result: ImportResult | None = None
    receipt: Path | None = None
    """The receipt written for the sender of a bundle."""
    receipt_taken: bool = False
    refused: str = ""
    already: bool = False
    possible_duplicates: int = 0
    """Pairs of person records, one of them from this bundle, that may be one person."""

    @property
    def failed(self) -> bool:
        """Refused for a reason to act on: a bundle imported before is no failure (a stick keeps
        its bundles until they are removed), though it is reported."""
        return bool(self.refused) and not self.already

    def summary(self) -> str:
        name = self.path.name
        if self.receipt_taken:
            return _("{path}: receipt taken.").format(path=name)
        if self.already:
            return f"{name}: {self.refused}"
        if self.refused:
            return _("{path}: refused. {reason}").format(path=name, reason=self.refused)
        assert self.result is not None and self.receipt is not None
        counts = self.result.counts
        line = _(
            "{path}: {applied} applied, {conflicts} conflicts, {quarantined} quarantined, "
            "{held} already held; receipt {receipt}."
        ).format(
            path=name,
            applied=counts["applied"],
            conflicts=counts["conflicts"],
            quarantined=counts["quarantined"],
            held=counts["already_held"],
            receipt=self.receipt.name,
        )
        if self.result.proposals_received:
            line += " " + _("{count} proposals sent up are now in the proposals inbox.").format(
                count=self.result.proposals_received
            )
        if self.possible_duplicates:
            line += " " + _(
                "{count} pairs of records may be the same person in two communes: review them "
                "under “Same person in two communes”."
            ).format(count=self.possible_duplicates)
        if self.result.refused:
            line += " " + _(
                "{count} changes were refused: {unit} may not make them here; they wait under "
                "“Conflicts and quarantine”."
            ).format(count=self.result.refused, unit=self.result.manifest.from_unit)
        if self.result.receipt_refused:
            line += " " + _(
                "Warning: the receipt of {unit} claims changes of this office that it never wrote; "
                "it was not taken. Tell that office."
            ).format(unit=self.result.manifest.from_unit)
        if self.result.audit_rebuilt_from is not None:
            line += " " + _(
                "Warning: the activity log of {unit} was rebuilt or cut, at or before its entry "
                "{number}, since its last bundle; ask that office why."
            ).format(unit=self.result.manifest.from_unit, number=self.result.audit_rebuilt_from)
        return line


def import_files(
    db: Database,
    username: str | None,
    secrets: SiteSecrets,
    paths: list[Path],
    receipts_folder: Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    backup: bool = True,
) -> list[FileOutcome]:
    """Back up once, if a bundle passes its checks, then take in each bundle (each applied whole,
    several committed together: `exchange.Importer`) and receipt; a refused file is reported and
    the others go on. Each bundle's receipt is written beside it (or in `receipts_folder`) for the
    sender's next visit, once the bundle is committed. A cancel stops between files and keeps what
    was taken. The hub, taking a bundle per request, backs up daily instead (`backup=False`)."""
    if backup and any(_passes(db, path) for path in paths if path.suffix != RECEIPT_SUFFIX):
        automatic_backup(db, BEFORE_IMPORT)
    outcomes: list[FileOutcome] = []
    with exchange.Importer(db, username, secrets) as importer:
        try:
            for done, path in enumerate(paths):
                step(progress, cancel, done, len(paths))
                if importer.should_commit or path.suffix == RECEIPT_SUFFIX:  # a receipt commits alone
                    _commit(importer, outcomes, receipts_folder, secrets)
                outcomes.append(_take(importer, path))
        except Cancelled:
            _commit(importer, outcomes, receipts_folder, secrets)
            raise
        _commit(importer, outcomes, receipts_folder, secrets)
    step(progress, None, len(paths), len(paths))
    return outcomes


def _passes(db: Database, path: Path) -> bool:
    try:
        exchange.verify(db, path)
    except BundleRejected:
        return False
    return True


def _take(importer: exchange.Importer, path: Path) -> FileOutcome:
    outcome = FileOutcome(path)
    try:
        if path.suffix == RECEIPT_SUFFIX:
            exchange.import_receipt(importer.db, importer.username, path)
            outcome.receipt_taken = True
        else:
            outcome.result = importer.take(path)
    except BundleRejected as error:
        outcome.refused, outcome.already = str(error), isinstance(error, AlreadyImported)
    return outcome


def _commit(
    importer: exchange.Importer, outcomes: list[FileOutcome], folder: Path | None, secrets: SiteSecrets
) -> None:
    """Commit what was taken, then write the receipts of those bundles: a receipt written before
    the commit could acknowledge changes a failure then undid, which the sender would never send
    again."""
    importer.commit()
    for outcome in outcomes:
        if outcome.result is not None and outcome.receipt is None:
            target = folder or outcome.path.parent
            target.mkdir(parents=True, exist_ok=True)
            name = f"receipt-{outcome.result.manifest.bundle_id.hex[:8]}{RECEIPT_SUFFIX}"
            outcome.receipt = exchange.write_receipt(target / name, outcome.result.receipt, secrets)


def look_for_duplicates(db: Database, outcomes: list[FileOutcome]) -> None:
    """Count, for the officer reading the summary, the pairs that the people received may form
    with records from other communes. Left out of the hub's imports, where no one reads it."""
    with db.session() as session:
        for outcome in outcomes:
            if outcome.result is not None:
                outcome.possible_duplicates = duplicates.pairs_with(session, outcome.result.people)


def remove_taken(items: list[StickItem]) -> int:
    """Delete from the stick the bundles already imported here: the stick carries no more than it
    must (the sender resends whatever this site has not acknowledged)."""
    removed = 0
    for item in items:
        if item.kind == BUNDLE and item.for_here and item.taken:
            try:
                item.path.unlink(missing_ok=True)
            except OSError as error:  # write-protected, or pulled out
                raise write_failure(error, item.path) from None
            removed += 1
    return removed
