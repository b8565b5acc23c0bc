"""A commune's own spreadsheet into the database: find the header row under the title rows, guess
which column is which from the usual Vietnamese spellings, convert TCVN3/VNI text, check every
row, flag records already there, and save only the valid new rows, when the officer confirms.

`read_sheet` is the dry run (it writes nothing) and works for every list `import_rows` knows:
people, collectives, award history. `commit` saves what it found valid in one transaction, so a
failure leaves the database as it was.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import Person
from desktop.progress import Progress, step
from desktop.reports.excel_export import Column, write_sheet
from desktop.reports.import_rows import NAME_BATCH, PERSON_FIELD_COLUMNS, Options, RowReader, reader_for
from desktop.reports.list_files import read_table
from desktop.reports.table_layout import find_layout, gendered, records
from desktop.services.imported_lists import Batch, save_rows
from desktop.services.people import PersonFields, fillable
from desktop.text import search_key
from desktop.values import blank

PROGRESS_EVERY = 500
ERROR_HEADER = "Lỗi"
"""The column of the rejected rows' file that says what to fix (the file is in Vietnamese)."""


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


@dataclass(frozen=True)
class Update:
    """A person already recorded whose empty fields this row would fill."""

    row: int
    name: str
    existing_id: uuid.UUID
    fields: PersonFields
    filled: tuple[str, ...]


@dataclass
class ImportPreview:
    kind: str
    encoding: str
    header_row: int
    mapping: dict[str, int]
    """Field → column number (1-based) in the sheet."""
    headers: dict[int, str]
    reader: RowReader
    options: Options = field(default_factory=Options)
    missing: list[str] = field(default_factory=list)
    """Required fields no column holds: the rows were not read; the officer maps the columns."""
    valid: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)
    """What a Word document's own text says for every row: its decision's number and date …"""
    rejected: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    """The cells of the rows that cannot be taken, for the file the officer corrects."""

    def missing_message(self) -> str:
        titles = ", ".join(field_title(self.reader, name) for name in self.missing)
        return _("No column holds: {fields}.").format(fields=titles)

    @property
    def to_save(self) -> list[tuple[int, Any]]:
        doubled = {duplicate.row for duplicate in self.duplicates}
        return [(row, record) for row, record in self.valid if row not in doubled]

    @property
    def villages_to_create(self) -> list[str]:
        """Villages the list names that are not recorded (created on import with `add_villages`)."""
        return sorted(self.reader.villages.unknown.values(), key=search_key)

    @property
    def unknown_awards(self) -> list[str]:
        return sorted(getattr(self.reader, "unknown_awards", {}).values(), key=search_key)

    @property
    def people_not_recorded(self) -> list[str]:
        """People an award list names who are not recorded (created on import with `add_people`)."""
        return sorted(getattr(self.reader, "unknown_people", {}).values(), key=search_key)

    @property
    def people_to_create(self) -> list[str]:
        return [fields.full_name for _id, fields in getattr(self.reader, "new_people", {}).values()]

    def batch(self, fill_blanks: bool = False) -> Batch:
        new_people = getattr(self.reader, "new_people", {})
        return Batch(
            self.kind,
            [record for _row, record in self.to_save],
            dict(self.reader.villages.new),
            {person_id: fields for person_id, fields in new_people.values()},
            {update.existing_id: update.fields for update in self.updates} if fill_blanks else {},
        )


def guess_mapping(reader: RowReader, keys: dict[int, str]) -> dict[str, int]:
    """Which column holds which field, from the header keys (the first column wins). A header
    listed under two fields ("Số, ngày quyết định") gives both from one column."""
    mapping: dict[str, int] = {}
    for column, key in keys.items():
        for name, spellings in reader.headers.items():
            if name not in mapping and key in spellings:
                mapping[name] = column
    return mapping


def read_sheet(
    db: Database,
    kind: str,
    path: Path,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    options: Options | None = None,
    sheet: str | None = None,
) -> ImportPreview:
    """Read and check every row as a `kind` list; nothing is saved. `mapping` overrides the
    guessed columns; `options` says which villages and people may be created with the rows."""
    options = options or Options()
    reader = reader_for(db, kind, options)
    table = read_table(path, sheet)
    known = {spelling for spellings in reader.headers.values() for spelling in spellings}
    layout = find_layout(table.rows, known)
    columns = mapping or guess_mapping(reader, layout.keys)
    preview = ImportPreview(
        kind, table.encoding, layout.header_row + 1, columns, layout.headers, reader, options
    )
    preview.document = reader.defaults(table.text)
    preview.missing = [
        name for name in reader.required if name not in columns and name not in preview.document
    ]
    if preview.missing:
        return preview

    def column_of(name: str) -> str:
        return layout.headers.get(columns.get(name, 0), field_title(reader, name))

    def refuse(number: int, cells: tuple[Any, ...], name: str, reason: str) -> None:
        preview.errors.append(RowError(number, column_of(name), reason))
        preview.rejected[number] = cells

    seen: dict[Hashable, int] = {}
    cells_of: dict[int, tuple[Any, ...]] = {}
    body = list(records(table.rows, layout, set(columns.values())))
    village_field = next((name for name in ("village", "place") if name in reader.headers), None)
    with db.session() as session:
        for offset, record_row in enumerate(body):
            if offset % PROGRESS_EVERY == 0:
                step(progress, cancel, offset, len(body))
            number, row = record_row.number, record_row.cells
            values = {
                name: row[column - 1] if column - 1 < len(row) else None for name, column in columns.items()
            }
            if all(blank(value) for value in values.values()):
                continue
            for name, value in preview.document.items():
                if blank(values.get(name)):
                    values[name] = value
            if village_field and record_row.village and blank(values.get(village_field)):
                values[village_field] = record_row.village
            problem = gendered(values)
            if problem:
                refuse(number, row, "gender", problem)
                continue
            record, problems = reader.read(session, values)
            for name, reason in problems:
                refuse(number, row, name, reason)
            if record is None:
                continue
            key = reader.key(record)
            if key in seen:
                refuse(number, row, reader.required[0], _("the same as row {row}").format(row=seen[key]))
                continue
            seen[key] = number
            cells_of[number] = row
            preview.valid.append((number, record))
        recorded = reader.recorded(session, set(seen))
        kept: list[tuple[int, Any]] = []
        for number, record in preview.valid:
            found = recorded.get(reader.key(record))
            if isinstance(found, str):
                refuse(number, cells_of[number], reader.required[0], found)
                continue
            kept.append((number, record))
            if found is not None:
                preview.duplicates.append(Duplicate(number, reader.describe(record), found))
        preview.valid = kept
        preview.updates = _updates(session, preview)
    preview.errors.sort(key=lambda error: error.row)
    step(progress, cancel, len(body), len(body))
    return preview


def _updates(session: Session, preview: ImportPreview) -> list[Update]:
    """People already recorded whose empty fields their row would fill: offered, never forced."""
    if preview.kind != "people" or not preview.duplicates:
        return []
    fields_of = dict(preview.valid)
    ids = [duplicate.existing_id for duplicate in preview.duplicates]
    recorded: dict[uuid.UUID, Person] = {}
    for start in range(0, len(ids), NAME_BATCH):  # one query a batch, not one a row
        recorded.update(
            (person.id, person)
            for person in session.scalars(
                select(Person).where(Person.id.in_(ids[start : start + NAME_BATCH]))
            )
        )
    found = []
    for duplicate in preview.duplicates:
        person = recorded.get(duplicate.existing_id)
        filled = fillable(person, fields_of[duplicate.row]) if person is not None else {}
        if filled:
            titles = tuple(FIELD_TITLES[PERSON_FIELD_COLUMNS.get(name, name)] for name in filled)
            found.append(
                Update(duplicate.row, duplicate.name, duplicate.existing_id, fields_of[duplicate.row], titles)
            )
    return found


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
    "male": "Nam",
    "female": "Nữ",
    "revoked": "Đã thu hồi",
}
"""The Vietnamese column names offices use (the sheet's own headers are shown when there are any)."""


def commit(db: Database, username: str, preview: ImportPreview, fill_blanks: bool = False) -> int:
    """Save the valid rows that are not already recorded, with the villages and people they
    create, all or nothing, after a backup of what was there before (`services.imported_lists`);
    `fill_blanks` also fills the empty fields of the people already recorded. Returns how many rows."""
    if preview.missing:
        raise ValidationError("mapping", preview.missing_message())
    return save_rows(db, username, preview.batch(fill_blanks))


def write_rejects(preview: ImportPreview, target: Path) -> int:
    """The rows that cannot be taken, as they were, with a "Lỗi" column saying what to fix: the
    officer corrects this file and imports it again. Returns how many rows."""
    width = max([*preview.headers, *(len(cells) for cells in preview.rejected.values()), 0])
    reasons: dict[int, list[str]] = {}
    for error in preview.errors:
        reasons.setdefault(error.row, []).append(f"{error.column}: {error.reason}")
    columns = [Column(preview.headers.get(index + 1, ""), 18, _cell_at(index)) for index in range(width)]
    columns.append(Column(ERROR_HEADER, 60, lambda row: "; ".join(reasons[row[0]])))
    rows = sorted(preview.rejected.items())
    return write_sheet(target, "Các dòng lỗi", columns, iter(rows))


def _cell_at(index: int) -> Callable[[tuple[int, tuple[Any, ...]]], Any]:
    """The value of column `index` of a rejected (row number, cells)."""
    return lambda row: row[1][index] if index < len(row[1]) else None
