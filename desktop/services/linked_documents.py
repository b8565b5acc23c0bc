"""Files kept with a movement (its plan, review reports) or with a model (photos, articles)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import Attachment, ExemplaryModel, LinkedDocument, Movement, utcnow
from desktop.services import attachments, audit
from desktop.text import nfc

MAX_TITLE_LENGTH = 300


@dataclass(frozen=True)
class LinkedFile:
    id: uuid.UUID
    title: str
    file_name: str
    size: int
    media_type: str


def _owner_column(movement_id: uuid.UUID | None, model_id: uuid.UUID | None) -> dict[str, uuid.UUID]:
    if (movement_id is None) == (model_id is None):
        raise ValueError("a file belongs to one movement or one model")
    return {"movement_id": movement_id} if movement_id else {"model_id": model_id}  # type: ignore[dict-item]


def attach(
    db: Database,
    username: str | None,
    path: Path,
    title: str | None = None,
    movement_id: uuid.UUID | None = None,
    model_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Keep the file at `path` with the movement or the model; its title defaults to the file name."""
    owner = _owner_column(movement_id, model_id)
    content = attachments.read_file(path)
    media_type = attachments.check_content(content, path.name)
    title = nfc(title or "").strip() or path.stem
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError("title", _("The title is too long."))
    with db.transaction(username) as session:
        record: Movement | ExemplaryModel | None = (
            session.get(Movement, movement_id) if movement_id else session.get(ExemplaryModel, model_id)
        )
        if record is None or record.deleted_at is not None:
            raise NotFoundError(_("The record the file belongs to does not exist or was deleted."))
        digest = attachments.store(session, content, media_type)
        document = LinkedDocument(
            title=title,
            file_name=attachments.stored_name(path.name, media_type),
            attachment_sha256=digest,
            **owner,
        )
        session.add(document)
        session.flush()
        audit.record(
            session,
            "document.attach",
            username,
            "linked_document",
            document.id,
            {"sha256": digest, **{key: str(value) for key, value in owner.items()}},
        )
        return document.id


def files_of(
    db: Database, movement_id: uuid.UUID | None = None, model_id: uuid.UUID | None = None
) -> list[LinkedFile]:
    ((column, owner_id),) = _owner_column(movement_id, model_id).items()
    with db.session() as session:
        rows = session.execute(
            select(LinkedDocument, Attachment.size, Attachment.media_type)
            .join(Attachment, Attachment.sha256 == LinkedDocument.attachment_sha256)
            .where(getattr(LinkedDocument, column) == owner_id, LinkedDocument.deleted_at.is_(None))
            .order_by(LinkedDocument.created_at)
        ).all()
        return [
            LinkedFile(doc.id, doc.title, doc.file_name, size, media_type) for doc, size, media_type in rows
        ]


def content_of(db: Database, document_id: uuid.UUID) -> bytes:
    """The stored file, to open or save elsewhere."""
    with db.session() as session:
        content = session.scalar(
            select(Attachment.content)
            .join(LinkedDocument, LinkedDocument.attachment_sha256 == Attachment.sha256)
            .where(LinkedDocument.id == document_id, LinkedDocument.deleted_at.is_(None))
        )
    if content is None:
        raise NotFoundError(_("The file does not exist or was removed."))
    return content


def remove(db: Database, username: str | None, document_id: uuid.UUID) -> None:
    with db.transaction(username) as session:
        document = session.get(LinkedDocument, document_id)
        if document is None or document.deleted_at is not None:
            raise NotFoundError(_("The file does not exist or was removed."))
        document.deleted_at = utcnow()
        audit.record(session, "document.remove", username, "linked_document", document_id)
