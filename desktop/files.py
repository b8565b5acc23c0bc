"""Writing a file the user asked for without ever leaving half of it under its name, and saying
plainly why a read or a write failed: a missing file, a file another program holds open, a full
disk, a write-protected stick, a stick pulled out."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.errors import SoVangError
from desktop.i18n import _

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ESTALE}
_WINDOWS_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WINDOWS_READ_ONLY = {19}  # ERROR_WRITE_PROTECT
_WINDOWS_GONE = {21, 55, 1167}  # ERROR_NOT_READY, ERROR_DEV_NOT_EXIST, ERROR_DEVICE_NOT_CONNECTED
_WINDOWS_HELD_OPEN = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_SQLITE_FULL, _SQLITE_READ_ONLY, _SQLITE_GONE = (
    {13},
    {3, 8},
    {10, 14},
)  # FULL; PERM, READONLY; IOERR, CANTOPEN


class WriteFailed(SoVangError):
    """A file could not be written; whatever was there before is as it was."""


def write_failure(error: OSError | sqlite3.Error, path: Path) -> WriteFailed:
    """The message a user can act on, for a failed write of `path`."""
    if isinstance(error, sqlite3.Error):
        code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
        full, read_only, gone = code in _SQLITE_FULL, code in _SQLITE_READ_ONLY, code in _SQLITE_GONE
        reason = str(error)
    else:
        number, windows = error.errno, getattr(error, "winerror", None)
        full = number in _FULL or windows in _WINDOWS_FULL
        read_only = number in _READ_ONLY or windows in _WINDOWS_READ_ONLY
        gone = number in _GONE or windows in _WINDOWS_GONE
        reason = error.strerror or str(error)
    if gone:
        return WriteFailed(
            _(
                "The drive of {path} was removed or failed while writing. Plug it in again and "
                "repeat; the files already there are as they were."
            ).format(path=path)
        )
    if full:
        return WriteFailed(
            _(
                "There is not enough free space to write {path}. Free some space or choose another "
                "drive; the files already there are as they were."
            ).format(path=path)
        )
    if read_only:
        return WriteFailed(
            _(
                "Cannot write into {folder}: the drive is read-only or writing there is not allowed "
                "(is the stick's write-protect switch on?). The files already there are as they were."
            ).format(folder=path.parent)
        )
    return WriteFailed(_("Cannot write {path}: {reason}").format(path=path, reason=reason))


def read_reason(error: OSError) -> str:
    """Why a file could not be read, in the user's language; the system's own words (English on
    most PCs) only for a failure none of these name."""
    number, windows = error.errno, getattr(error, "winerror", None)
    if windows in _WINDOWS_HELD_OPEN:  # Excel keeps the workbook it shows locked
        return _("another program has it open; close it there and try again")
    if number == errno.ENOENT:
        return _("there is no such file")
    if number == errno.EISDIR:
        return _("it is a folder, not a file")
    if number in (errno.EACCES, errno.EPERM):
        return _("this Windows account is not allowed to open it")
    if number in _GONE or windows in _WINDOWS_GONE:
        return _("the drive was removed or failed while reading")
    return error.strerror or str(error)


def make_folder(folder: Path) -> Path:
    """`folder`, made if missing; WriteFailed with the reason when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_failure(error, folder / ".") from error
    return folder


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary name beside `path` to write to; it replaces `path` only when the block succeeds
    and its bytes are on the disk (a stick pulled out just after still holds them), so a failure
    or a cancel leaves the earlier file (if any) as it was. A failed write raises WriteFailed."""
    partial = path.with_name(path.name + ".part")
    try:
        yield partial
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        partial.replace(path)
    except OSError as error:
        raise write_failure(error, path) from error
    finally:
        with suppress(OSError):  # the drive is gone or read-only: nothing to clean, or nothing we may
            partial.unlink(missing_ok=True)
