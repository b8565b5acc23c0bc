"""Which removable drives (USB sticks, memory cards) are plugged in, so the officer picks a stick
by its name instead of browsing for a folder.

Windows names removable drives by type (DRIVE_REMOVABLE); a USB hard disk reports itself as fixed,
so it is found only through "Another folder…". Linux desktops mount sticks under /media/USER or
/run/media/USER.
"""

from __future__ import annotations

import shutil
import string
import sys
from dataclasses import dataclass
from pathlib import Path

LINUX_MOUNT_ROOTS = ("/media/", "/run/media/")
DRIVE_REMOVABLE = 2
"""GetDriveTypeW's answer for a stick or a card reader."""


@dataclass(frozen=True)
class Drive:
    root: Path
    label: str
    free_bytes: int


def removable_drives() -> list[Drive]:
    """The removable drives mounted now, in drive-letter or mount-point order."""
    roots = _windows_roots() if sys.platform == "win32" else linux_roots(_read_mounts())
    drives = []
    for root, label in roots:
        try:
            free = shutil.disk_usage(root).free
        except OSError:  # pulled out between the listing and now, or a card reader with no card
            continue
        drives.append(Drive(root, label, free))
    return drives


def _read_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def linux_roots(mounts: str) -> list[tuple[Path, str]]:
    """Mount points under the desktop's media folders, from the text of /proc/mounts."""
    found = []
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        point = _unescape(parts[1])
        if point.startswith(LINUX_MOUNT_ROOTS):
            found.append((Path(point), Path(point).name))
    return sorted(found)


def _unescape(field: str) -> str:
    """/proc/mounts writes a space in a path as \\040 (octal escapes)."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1 : index + 4].isdigit():
            out.append(chr(int(field[index + 1 : index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def _windows_roots() -> list[tuple[Path, str]]:  # pragma: no cover - runs on Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # windll exists on Windows only
    kernel32.SetErrorMode(1)  # no "insert a disk" box for an empty card reader
    mask = kernel32.GetLogicalDrives()
    found = []
    for bit, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << bit):
            continue
        root = f"{letter}:\\"
        if kernel32.GetDriveTypeW(root) != DRIVE_REMOVABLE:
            continue
        name = ctypes.create_unicode_buffer(261)
        if not kernel32.GetVolumeInformationW(root, name, 261, None, None, None, None, 0):
            continue  # a reader with no card in it
        found.append((Path(root), f"{name.value} ({letter}:)" if name.value else f"{letter}:"))
    return found
