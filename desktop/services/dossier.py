"""The dossier of a proposal (Law Art. 84): which documents each award needs, and the files
attached (kept by `attachments`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.codes import DossierKind, ProposalKind, ProposalStatus
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.labels import DOSSIER_KIND, label
from desktop.models import Attachment, DossierDocument, ProposalItem, utcnow
from desktop.rules.catalog import shipped_catalog
from desktop.services import attachments, audit
from desktop.services.proposals import live_proposal
from desktop.text import nfc

INITIATIVE_TITLES = frozenset({"CSTDCS", "CSTD_TINH", "CSTD_TQ"})
"""Titles whose dossier includes the recognition of an initiative (Law Art. 84)."""
WHOLE_PROPOSAL = (DossierKind.TO_TRINH.value, DossierKind.BIEN_BAN.value)
DOCUMENT_STATUSES = {ProposalStatus.DRAFT.value, ProposalStatus.COUNCIL_REVIEWED.value}
"""The minutes are attached after the council met, so documents may still be added then."""


@dataclass(frozen=True)
class ChecklistLine:
    kind: str
    item_id: uuid.UUID | None
    """None for a document of the whole proposal (tờ trình, biên bản)."""
    present: bool

    @property
    def name(self) -> str:
        return label(DOSSIER_KIND, self.kind)


@dataclass(frozen=True)
class DocumentView:
    id: uuid.UUID
    kind: str
    title: str
    file_name: str | None
    item_id: uuid.UUID | None
    size: int | None
    media_type: str | None


def attach_file(
    db: Database,
    username: str,
    proposal_id: uuid.UUID,
    kind: str,
    path: Path,
    item_id: uuid.UUID | None = None,
    title: str | None = None,
) -> uuid.UUID:
    """Attach the file at `path` as a document of the proposal (or of one of its items).

    The size is checked before the file is read, so a huge file is refused at once."""
    content = attachments.read_file(path)
    return attach_content(db, username, proposal_id, kind, content, path.name, item_id, title)


def attach_content(
    db: Database,
    username: str,
    proposal_id: uuid.UUID,
    kind: str,
    content: bytes,
    file_name: str,
    item_id: uuid.UUID | None = None,
    title: str | None = None,
) -> uuid.UUID:
    if kind not in DOSSIER_KIND:
        raise ValidationError("kind", _("Unknown kind of document: {code}.").format(code=kind))
    media_type = attachments.check_content(content, file_name)
    with db.transaction(username) as session:
        proposal = live_proposal(session, proposal_id)
        if proposal.status not in DOCUMENT_STATUSES:
            raise ValidationError("status", _("Documents can no longer be added to this proposal."))
        if item_id is not None:
            item = session.get(ProposalItem, item_id)
            if item is None or item.proposal_id != proposal.id or item.deleted_at is not None:
                raise ValidationError("item_id", _("The item is not part of this proposal."))
        digest = attachments.store(session, content, media_type)
        document = DossierDocument(
            proposal_id=proposal.id,
            item_id=item_id,
            kind=kind,
            title=nfc(title or "").strip() or label(DOSSIER_KIND, kind),
            file_name=attachments.stored_name(file_name, media_type),
            attachment_sha256=digest,
        )
        session.add(document)
        session.flush()
        audit.record(
            session,
            "proposal.document_add",
            username,
            "dossier_document",
            document.id,
            {"proposal": str(proposal.id), "kind": kind, "sha256": digest, "size": len(content)},
        )
        return document.id


def remove_document(db: Database, username: str, document_id: uuid.UUID) -> None:
    with db.transaction(username) as session:
        document = session.get(DossierDocument, document_id)
        if document is None or document.deleted_at is not None:
            raise NotFoundError(_("No document has this id."))
        if live_proposal(session, document.proposal_id).status not in DOCUMENT_STATUSES:
            raise ValidationError("status", _("Documents can no longer be removed from this proposal."))
        document.deleted_at = utcnow()
        audit.record(session, "proposal.document_remove", username, "dossier_document", document_id)


def documents(db: Database, proposal_id: uuid.UUID) -> list[DocumentView]:
    with db.session() as session:
        rows = session.execute(
            select(DossierDocument, Attachment.size, Attachment.media_type)
            .outerjoin(Attachment, Attachment.sha256 == DossierDocument.attachment_sha256)
            .where(DossierDocument.proposal_id == proposal_id, DossierDocument.deleted_at.is_(None))
            .order_by(DossierDocument.created_at)
        ).all()
        return [
            DocumentView(doc.id, doc.kind, doc.title, doc.file_name, doc.item_id, size, media_type)
            for doc, size, media_type in rows
        ]


def document_content(db: Database, document_id: uuid.UUID) -> bytes:
    """The stored file, to open or print."""
    with db.session() as session:
        content = session.scalar(
            select(Attachment.content)
            .join(DossierDocument, DossierDocument.attachment_sha256 == Attachment.sha256)
            .where(DossierDocument.id == document_id)
        )
        if content is None:
            raise NotFoundError(_("No document has this id."))
        return content


def _needed_for_item(award_code: str, simplified: bool) -> tuple[str, ...]:
    if simplified:
        return (DossierKind.TOM_TAT_THANH_TICH.value,)
    if award_code == "GDVH":
        return ()  # households: the village meeting's minutes and list cover them (ND 86/2023)
    needed = [DossierKind.BAO_CAO_THANH_TICH.value]
    if award_code in INITIATIVE_TITLES:
        needed.append(DossierKind.SANG_KIEN.value)
    return tuple(needed)


def checklist(db: Database, proposal_id: uuid.UUID) -> list[ChecklistLine]:
    """Every document the dossier needs, and whether it is attached."""
    known = shipped_catalog().known_codes()  # the same in every catalog
    with db.session() as session:
        proposal = live_proposal(session, proposal_id)
        simplified = proposal.kind == ProposalKind.SIMPLIFIED.value
        present = {
            (doc.kind, doc.item_id)
            for doc in session.scalars(
                select(DossierDocument).where(
                    DossierDocument.proposal_id == proposal_id, DossierDocument.deleted_at.is_(None)
                )
            )
        }
        whole = (DossierKind.TO_TRINH.value,) if simplified else WHOLE_PROPOSAL
        lines = [ChecklistLine(kind, None, (kind, None) in present) for kind in whole]
        for item in proposal.items:
            if item.deleted_at is not None or item.award_code not in known:
                continue
            lines.extend(
                ChecklistLine(kind, item.id, (kind, item.id) in present)
                for kind in _needed_for_item(item.award_code, simplified)
            )
        return lines
