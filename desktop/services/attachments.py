"""Files kept in the database under their SHA-256: dossier scans, movement plans, model photos.

A file is stored once: the same scan attached twice takes its room once, and a backup or a sync
bundle carries it by that hash. Only the kinds of file an office scans or prints are accepted
(PDF, JPEG, PNG, TIFF), recognised by their content, not their name; the name is kept without its
folders and with the extension of that kind, and a file is opened from a copy named by its hash and
that extension: `ho-so.pdf.bat` that begins as a PDF is shown as `ho-so.pdf` and opens as a PDF.
"""

from __future__ import annotations

import hashlib
import tempfile
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


EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/tiff": (".tif", ".tiff"),
}
"""Per accepted kind, the extensions a name of it may end with (the first is given to one that
does not)."""


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


def stored_name(name: str, media_type: str) -> str:
    """The name a file is kept and shown under: no folder, no control character, and the extension
    of its real kind (`x.bat` that is a PDF becomes `x.pdf`)."""
    base = "".join(char for char in name.replace("\\", "/").rsplit("/", 1)[-1] if char.isprintable())
    base = base.strip().strip(".") or "tep"
    extensions = EXTENSIONS[media_type]
    if not base.lower().endswith(extensions) and "." in base:
        base = base.rsplit(".", 1)[0]  # the wrong extension goes: `ho-so.pdf.bat` is `ho-so.pdf`
    kept = next((ext for ext in extensions if base.lower().endswith(ext)), None)
    stem, extension = (base[: -len(kept)], base[-len(kept) :]) if kept else (base, extensions[0])
    return stem[: 300 - len(extension)] + extension


def temporary_copy(content: bytes) -> Path:
    """A private copy to open with the program the system uses for its kind, named by its hash and
    the extension of its real kind: whatever name it came with, it cannot run."""
    media_type = check_content(content, hashlib.sha256(content).hexdigest()[:12])
    folder = Path(tempfile.mkdtemp(prefix="sovang-"))
    path = folder / f"{hashlib.sha256(content).hexdigest()}{EXTENSIONS[media_type][0]}"
    path.write_bytes(content)
    return path


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
