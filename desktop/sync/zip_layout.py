"""The one zip layout bundles are written in, and the check that a file is laid out exactly so.

The bundle's hashes cover what its entries hold, not the zip's own headers, and a zip reader
passes over much of those (a local header's sizes, the attributes, the end record's counts). A
bundle is refused when a bit is flipped anywhere, so a reader rebuilds every header as the writer
makes it and compares: with the contents hashed, no byte of the file goes unchecked.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

_LOCAL = struct.Struct("<4s5H3I2H")
_CENTRAL = struct.Struct("<4s6H3I5H2I")
_END = struct.Struct("<4s4H2IH")
_VERSION = 20
_UNIX = 3
_ATTRIBUTES = 0o100600 << 16
_WHEN = (1980, 1, 1, 0, 0, 0)
"""Fixed: the manifest says when the bundle was made; headers need not, nor the PC's time zone."""


def entry(name: str) -> zipfile.ZipInfo:
    """The header of one stored entry, the same on every PC."""
    info = zipfile.ZipInfo(name, date_time=_WHEN)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = _UNIX
    info.external_attr = _ATTRIBUTES
    return info


def check(handle: BinaryIO, archive: zipfile.ZipFile) -> bool:
    """Whether the file is exactly entries as `entry` makes them, one after another from the
    first byte, then their directory, then its end record, and nothing else."""
    infos = sorted(archive.infolist(), key=lambda info: info.header_offset)
    offset = 0
    directory = []
    for info in infos:
        name = info.filename.encode("ascii", errors="replace")
        if info.header_offset != offset or info.compress_size != info.file_size:
            return False
        fields = (
            _VERSION,
            0,
            zipfile.ZIP_STORED,
            _dos_time(info),
            _dos_date(info),
            info.CRC,
            info.file_size,
            info.file_size,
            len(name),
        )
        handle.seek(offset)
        if handle.read(_LOCAL.size + len(name)) != _LOCAL.pack(b"PK\x03\x04", *fields, 0) + name:
            return False
        directory.append(
            _CENTRAL.pack(b"PK\x01\x02", _UNIX << 8 | _VERSION, *fields, 0, 0, 0, 0, _ATTRIBUTES, offset)
            + name
        )
        offset += _LOCAL.size + len(name) + info.file_size
    listed = b"".join(directory)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos), len(listed), offset, 0)
    handle.seek(offset)
    return handle.read() == listed + end


def _dos_time(info: zipfile.ZipInfo) -> int:
    hour, minute, second = info.date_time[3:]
    return hour << 11 | minute << 5 | second // 2


def _dos_date(info: zipfile.ZipInfo) -> int:
    year, month, day = info.date_time[:3]
    return (year - 1980) << 9 | month << 5 | day
