"""Files kept in the database under their SHA-256: dossier scans, movement plans, model photos.

A file is stored once: the same scan attached twice takes its room once, and a backup or a sync
bundle carries it by that hash. Only the kinds of file an office scans or prints are accepted
(PDF, JPEG, PNG, TIFF), recognised by their content, not their name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.files import read_reason
from desktop.i18n import _, format_number
from desktop.models import Attachment

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def media_type_of(content: bytes) -> str | None:
    for magic, media_type in MEDIA_TYPES:
        if content.startswith(magic):
            return media_type
    return None


def check_size(size: int, name: str) -> None:
    if size == 0:
        raise ValidationError("file", _("The file {name} is empty.").format(name=name))
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            "file",
            _(
                "The file {name} is {size} MB; a dossier file may be at most {limit} MB. "
                "Scan it at a lower resolution or split it."
            ).format(
                name=name,
                size=format_number(round(size / 1024 / 1024, 1)),
                limit=MAX_ATTACHMENT_BYTES // 1024 // 1024,
            ),
        )


def check_content(content: bytes, name: str) -> str:
    """The media type of an acceptable file; refuses an empty, huge or unknown one."""
    check_size(len(content), name)
    media_type = media_type_of(content)
    if media_type is None:
        raise ValidationError(
            "file",
            _("The file {name} is not a PDF, JPEG, PNG or TIFF; only these can be attached.").format(
                name=name
            ),
        )
    return media_type


def read_file(path: Path) -> bytes:
    """The bytes of the file at `path`; the size is checked first, so a huge file is refused at once."""
    try:
        check_size(path.stat().st_size, path.name)
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            "file",
            _("The file {name} cannot be read: {reason}").format(name=path.name, reason=read_reason(error)),
        ) from error


def store(session: Session, content: bytes, media_type: str) -> str:
    """Keep `content` (once) in the caller's transaction; its SHA-256 names it."""
    digest = hashlib.sha256(content).hexdigest()
    if session.get(Attachment, digest) is None:
        session.add(Attachment(sha256=digest, size=len(content), media_type=media_type, content=content))
        session.flush()  # now: no relationship tells the unit of work that documents need it first
    return digest
