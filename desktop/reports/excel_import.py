"""A commune's own spreadsheet into the database: find the header row under the title rows, guess
which column is which from the usual Vietnamese spellings, convert TCVN3/VNI text, check every
row, flag records already there, and save only the valid new rows, when the officer confirms.

`read_sheet` is the dry run (it writes nothing) and works for every list `import_rows` knows:
people, collectives, award history. `commit` saves what it found valid in one transaction, so a
failure leaves the database as it was.
"""

from __future__ import annotations

import os
import threading
import uuid
import zipfile
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.files import read_reason
from desktop.i18n import _, format_number
from desktop.progress import Progress, step
from desktop.reports.import_rows import RowReader, reader_for
from desktop.reports.legacy_text import detect, to_unicode
from desktop.services.imported_lists import save_rows
from desktop.text import search_key

HEADER_SCAN = 15
"""Title rows above the header: offices put the unit, the title and the date there."""
PROGRESS_EVERY = 500
MAX_FILE_BYTES = 50 * 1024**2
MAX_UNPACKED_BYTES = 500 * 1024**2
MAX_ROWS = 100_000
OLD_EXCEL = bytes.fromhex("d0cf11e0a1b11ae1")
"""The start of an Excel 97-2003 (.xls) file, an OLE compound document."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    row: int
    name: str
    existing_id: uuid.UUID


@dataclass
class ImportPreview:
    kind: str
    encoding: str
    header_row: int
    mapping: dict[str, int]
    """Field → column number (1-based) in the sheet."""
    headers: dict[int, str]
    reader: RowReader
    missing: list[str] = field(default_factory=list)
    """Required fields no column holds: the rows were not read; the officer maps the columns."""
    valid: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def missing_message(self) -> str:
        titles = ", ".join(field_title(self.reader, name) for name in self.missing)
        return _("No column holds: {fields}.").format(fields=titles)

    @property
    def to_save(self) -> list[tuple[int, Any]]:
        doubled = {duplicate.row for duplicate in self.duplicates}
        return [(row, record) for row, record in self.valid if row not in doubled]


def guess_mapping(reader: RowReader, headers: dict[int, str]) -> dict[str, int]:
    """Which column holds which field, from the header texts (first match wins)."""
    mapping: dict[str, int] = {}
    for column, text in headers.items():
        key = search_key(text).strip(" .:*")
        for name, spellings in reader.headers.items():
            if name not in mapping and key in spellings:
                mapping[name] = column
                break
    return mapping


def _header_row(reader: RowReader, rows: list[tuple[Any, ...]]) -> int:
    """The row (0-based) among the first ones whose cells match the most known headers."""
    best, best_hits = 0, 0
    for index, row in enumerate(rows[:HEADER_SCAN]):
        texts = {n: str(v) for n, v in enumerate(row, 1) if isinstance(v, str)}
        hits = len(guess_mapping(reader, texts))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def _sheet_rows(path: Path) -> tuple[str, list[tuple[Any, ...]]]:
    """Every row of the first sheet, legacy-encoded text converted; and the encoding found.

    The file is recognised by its content, not its name (a workbook saved as .txt opens), and
    refused with a clear message when it is an old .xls, not a workbook, or too big: a file of
    many megabytes, one that unpacks to far more (a zip bomb), or more rows than a list has."""
    with _opened_workbook(path) as handle:
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
            try:
                rows = []
                for row in book.worksheets[0].iter_rows(values_only=True):
                    rows.append(row)
                    if len(rows) > MAX_ROWS:
                        raise ValidationError(
                            "file",
                            _("{name} has more than {limit} rows; split it into several files.").format(
                                name=path.name, limit=format_number(MAX_ROWS)
                            ),
                        )
            finally:
                book.close()
        except ValidationError:
            raise
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise _not_a_workbook(path) from error
    encoding = detect(str(v) for row in rows for v in row if isinstance(v, str))
    return encoding, [
        tuple(_inert(to_unicode(v, encoding)) if isinstance(v, str) else v for v in row) for row in rows
    ]


def _inert(text: str) -> str:
    """A text as a value, never a formula: the "=" or "@" it starts with dropped, so a name typed
    as `=HYPERLINK(…)` is kept as the letters after it and no sheet made from it runs it."""
    return text.lstrip("=@") if text[:1] in FORMULA_STARTS else text


FORMULA_STARTS = ("=", "@")


def _not_a_workbook(path: Path) -> NotFoundError:
    return NotFoundError(_("Cannot read {name} as an Excel workbook.").format(name=path.name))


def _opened_workbook(path: Path) -> BinaryIO:
    """The file, open, once its size, kind and unpacked size are known to be acceptable."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - returned to the caller's `with`
    except OSError as error:
        raise NotFoundError(
            _("The file {name} cannot be read: {reason}").format(name=path.name, reason=read_reason(error))
        ) from error
    try:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                "file",
                _("{name} is {size} MB; a list to import may be at most {limit} MB.").format(
                    name=path.name,
                    size=format_number(round(size / 1024**2, 1)),
                    limit=MAX_FILE_BYTES // 1024**2,
                ),
            )
        start = handle.read(8)
        handle.seek(0)
        if start == OLD_EXCEL:
            raise ValidationError(
                "file",
                _(
                    "{name} is in the old Excel 97-2003 format (.xls). Open it in Excel and save it "
                    "as an Excel Workbook (.xlsx), then import that."
                ).format(name=path.name),
            )
        if not zipfile.is_zipfile(handle):
            raise _not_a_workbook(path)
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        handle.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ValidationError(
                "file",
                _("{name} unpacks to more than {limit} MB; it is not a list Sổ Vàng can import.").format(
                    name=path.name, limit=MAX_UNPACKED_BYTES // 1024**2
                ),
            )
    except zipfile.BadZipFile as error:
        handle.close()
        raise _not_a_workbook(path) from error
    except BaseException:
        handle.close()
        raise
    return handle


def read_sheet(
    db: Database,
    kind: str,
    path: Path,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPreview:
    """Read and check every row as a `kind` list; nothing is saved. `mapping` overrides the
    guessed columns."""
    reader = reader_for(db, kind)
    encoding, rows = _sheet_rows(path)
    header_index = _header_row(reader, rows)
    headers = {n: str(v) for n, v in enumerate(rows[header_index] if rows else (), 1) if v is not None}
    columns = mapping or guess_mapping(reader, headers)
    preview = ImportPreview(kind, encoding, header_index + 1, columns, headers, reader)
    preview.missing = [name for name in reader.required if name not in columns]
    if preview.missing:
        return preview

    def column_of(name: str) -> str:
        return headers.get(columns.get(name, 0), field_title(reader, name))

    seen: dict[Hashable, int] = {}
    body = rows[header_index + 1 :]
    with db.session() as session:
        for offset, row in enumerate(body):
            if offset % PROGRESS_EVERY == 0:
                step(progress, cancel, offset, len(body))
            number = header_index + 2 + offset
            values = {
                name: row[column - 1] if column - 1 < len(row) else None for name, column in columns.items()
            }
            if all(value is None or str(value).strip() == "" for value in values.values()):
                continue
            record, problems = reader.read(session, values)
            preview.errors.extend(RowError(number, column_of(name), reason) for name, reason in problems)
            if record is None:
                continue
            key = reader.key(record)
            if key in seen:
                first = reader.required[0]
                reason = _("the same as row {row}").format(row=seen[key])
                preview.errors.append(RowError(number, column_of(first), reason))
                continue
            seen[key] = number
            preview.valid.append((number, record))
        recorded = reader.recorded(session, set(seen))
    preview.duplicates = [
        Duplicate(number, reader.describe(record), recorded[key])
        for number, record in preview.valid
        if (key := reader.key(record)) in recorded
    ]
    step(progress, cancel, len(body), len(body))
    return preview


def field_title(reader: RowReader, name: str) -> str:
    """A field as the officer knows it: its usual header, capitalised ("Họ và tên" is "ho va ten")."""
    return FIELD_TITLES.get(name, reader.headers[name][0])


FIELD_TITLES = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth": "Ngày sinh",
    "ethnicity": "Dân tộc",
    "id_number": "Số CCCD",
    "position": "Chức vụ",
    "workplace": "Đơn vị công tác",
    "village": "Thôn, tổ dân phố",
    "hometown": "Quê quán",
    "occupation": "Nghề nghiệp",
    "name": "Tên tập thể",
    "kind": "Loại",
    "place": "Địa bàn",
    "notes": "Ghi chú",
    "subject": "Cá nhân, tập thể",
    "award": "Danh hiệu, hình thức",
    "year": "Năm",
    "decision": "Số quyết định",
    "signed_on": "Ngày ký",
    "issuer": "Cấp quyết định",
    "achievement": "Thành tích",
    "golden_book": "Số sổ vàng",
}
"""The Vietnamese column names offices use (the sheet's own headers are shown when there are any)."""


def commit(db: Database, username: str, preview: ImportPreview) -> int:
    """Save the valid rows that are not already recorded, all or nothing, after a backup of what
    was there before (`services.imported_lists`); returns how many."""
    if preview.missing:
        raise ValidationError("mapping", preview.missing_message())
    return save_rows(db, username, preview.kind, [record for _row, record in preview.to_save])
