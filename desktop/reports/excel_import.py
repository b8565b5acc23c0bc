"""People from a commune's own spreadsheet: find the header row under the title rows, guess which
column is which from the usual Vietnamese spellings, convert TCVN3/VNI text, check every row,
flag people already recorded, and save only the valid new rows, when the officer confirms.

`read_people` is the dry run (it writes nothing); `commit_people` saves what it found valid in
one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from desktop.codes import Gender, UnitLevel
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, EthnicGroup, Person
from desktop.progress import Progress, step
from desktop.reports.legacy_text import detect, to_unicode
from desktop.services import audit
from desktop.services.people import PersonFields, validate
from desktop.services.statistics import OCCUPATION_TEXT
from desktop.text import nfc, search_key

HEADERS = {
    "full_name": ("ho va ten", "ho ten", "ho va ten nguoi", "ten", "ho, ten", "ho & ten"),
    "gender": ("gioi tinh", "gioi", "nam/nu", "nam nu"),
    "birth": ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "ngay, thang, nam sinh"),
    "ethnicity": ("dan toc",),
    "id_number": ("cccd", "so cccd", "cmnd", "so cmnd", "so dinh danh", "can cuoc", "so cccd/cmnd"),
    "position": ("chuc vu", "chuc danh"),
    "workplace": ("don vi", "don vi cong tac", "noi cong tac", "co quan"),
    "village": ("thon", "ban", "thon, ban", "thon, to dan pho", "to dan pho", "thon/ban", "dia chi", "noi o"),
    "hometown": ("que quan",),
    "occupation": ("nghe nghiep", "nghe"),
}
"""Header spellings seen in commune spreadsheets, as search keys (no accents, lower case)."""
HEADER_SCAN = 15
DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


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
    encoding: str
    header_row: int
    mapping: dict[str, int]
    """Field → column number (1-based) in the sheet."""
    headers: dict[int, str]
    valid: list[tuple[int, PersonFields]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def to_save(self) -> list[tuple[int, PersonFields]]:
        doubled = {duplicate.row for duplicate in self.duplicates}
        return [(row, fields) for row, fields in self.valid if row not in doubled]


def guess_mapping(headers: dict[int, str]) -> dict[str, int]:
    """Which column holds which field, from the header texts (first match wins)."""
    mapping: dict[str, int] = {}
    for column, text in headers.items():
        key = search_key(text).strip(" .:*")
        for name, spellings in HEADERS.items():
            if name not in mapping and key in spellings:
                mapping[name] = column
                break
    return mapping


def _header_row(rows: list[tuple[Any, ...]]) -> int:
    """The row (0-based) among the first ones whose cells match the most known headers."""
    best, best_hits = 0, 0
    for index, row in enumerate(rows[:HEADER_SCAN]):
        texts = {n: str(v) for n, v in enumerate(row, 1) if isinstance(v, str)}
        hits = len(guess_mapping(texts))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def parse_birth(value: Any) -> tuple[dt.date | None, int | None]:
    """A birth date as Excel holds it: a date, a serial number, "dd/mm/yyyy" text, or a year."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), value.year
    if isinstance(value, dt.date):
        return value, value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if 1900 <= number <= 2100:
            return None, number
        if 1 <= number < 80000:
            day = EXCEL_EPOCH + dt.timedelta(days=number)
            return day, day.year
        raise ValueError(_("not a date: {value}").format(value=value))
    text = str(value).strip()
    if text.isdigit() and len(text) == 4:
        return None, int(text)
    match = DATE_TEXT.match(text)
    if not match:
        raise ValueError(_("not a date (dd/mm/yyyy or a year): {value}").format(value=text))
    day, month, year = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError as error:
        raise ValueError(_("no such day: {value}").format(value=text)) from error
    return date, date.year


@dataclass(frozen=True)
class _Lookups:
    ethnic: dict[str, str]
    villages: dict[str, uuid.UUID]
    occupations: dict[str, str]


def _lookups(db: Database) -> _Lookups:
    with db.session() as session:
        ethnic = {
            search_key(name): code
            for code, name in session.execute(select(EthnicGroup.code, EthnicGroup.name))
        }
        villages = {
            search_key(name): unit_id
            for unit_id, name in session.execute(
                select(AdminUnit.id, AdminUnit.name).where(
                    AdminUnit.level == UnitLevel.VILLAGE.value, AdminUnit.deleted_at.is_(None)
                )
            )
        }
    occupations = {search_key(text): code for code, text in OCCUPATION_TEXT.items()}
    return _Lookups(ethnic, villages, occupations)


GENDERS = {
    "nam": Gender.MALE.value,
    "nu": Gender.FEMALE.value,
    "male": Gender.MALE.value,
    "female": Gender.FEMALE.value,
}


def _row_fields(values: dict[str, Any], lookups: _Lookups) -> tuple[PersonFields, list[tuple[str, str]]]:
    """The fields of one row, and the (field, reason) of each value that could not be read."""
    problems: list[tuple[str, str]] = []
    fields = PersonFields(full_name=nfc(str(values.get("full_name") or "")))
    text = {name: nfc(str(value)) for name, value in values.items() if value not in (None, "")}
    if "gender" in text:
        fields.gender = GENDERS.get(search_key(text["gender"]))
        if fields.gender is None:
            problems.append(("gender", _("write Nam or Nữ, not “{value}”").format(value=text["gender"])))
    try:
        fields.birth_date, fields.birth_year = parse_birth(values.get("birth"))
    except ValueError as error:
        problems.append(("birth", str(error)))
    if "ethnicity" in text:
        fields.ethnic_code = lookups.ethnic.get(search_key(text["ethnicity"]))
        if fields.ethnic_code is None:
            problems.append(
                ("ethnicity", _("unknown ethnic group “{value}”").format(value=text["ethnicity"]))
            )
    if "village" in text:
        fields.village_id = lookups.villages.get(search_key(text["village"]))
        if fields.village_id is None:
            problems.append(("village", _("no village “{value}” is recorded").format(value=text["village"])))
    if "occupation" in text:
        occupation = lookups.occupations.get(search_key(text["occupation"]))
        if occupation is None:
            problems.append(
                ("occupation", _("unknown occupation “{value}”").format(value=text["occupation"]))
            )
        else:
            fields.occupation = occupation
    if "id_number" in text:
        fields.id_number = text["id_number"].replace(" ", "").removesuffix(".0")
    for name in ("position", "workplace", "hometown"):
        setattr(fields, name, text.get(name))
    return fields, problems


def read_people(
    db: Database,
    path: Path,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPreview:
    """Read and check every row; nothing is saved. `mapping` overrides the guessed columns."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise NotFoundError(_("Cannot read {name} as an Excel workbook.").format(name=path.name)) from error
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    encoding = detect(str(v) for row in rows for v in row if isinstance(v, str))
    rows = [tuple(to_unicode(v, encoding) if isinstance(v, str) else v for v in row) for row in rows]
    header_index = _header_row(rows)
    headers = {n: str(v) for n, v in enumerate(rows[header_index] if rows else (), 1) if v is not None}
    columns = mapping or guess_mapping(headers)
    if "full_name" not in columns:
        raise ValidationError("mapping", _("No column holds the full name (Họ và tên)."))
    preview = ImportPreview(encoding, header_index + 1, columns, headers)
    lookups = _lookups(db)
    seen: dict[tuple[str, int | None], int] = {}
    body = rows[header_index + 1 :]
    with db.session() as session:
        for offset, row in enumerate(body):
            if offset % 500 == 0:
                step(progress, cancel, offset, len(body))
            number = header_index + 2 + offset
            values = {
                name: row[column - 1] if column - 1 < len(row) else None for name, column in columns.items()
            }
            if all(value in (None, "") for value in values.values()):
                continue
            fields, problems = _row_fields(values, lookups)
            for name, reason in problems:
                preview.errors.append(RowError(number, headers.get(columns[name], name), reason))
            if problems:
                continue
            try:
                clean = validate(session, fields)
            except ValidationError as error:
                column = columns.get(error.field) or columns.get("birth") or columns["full_name"]
                preview.errors.append(RowError(number, headers.get(column, error.field), error.message))
                continue
            preview.valid.append((number, clean))
            key = (search_key(clean.full_name), clean.birth_year)
            if key in seen:
                preview.errors.append(
                    RowError(
                        number,
                        headers[columns["full_name"]],
                        _("the same person as row {row}").format(row=seen[key]),
                    )
                )
                preview.valid.pop()
                continue
            seen[key] = number
    recorded = _recorded(db, {key for key in seen if key[1] is not None})
    preview.duplicates = [
        Duplicate(number, fields.full_name, recorded[key])
        for number, fields in preview.valid
        if (key := (search_key(fields.full_name), fields.birth_year)) in recorded
    ]
    step(progress, cancel, len(body), len(body))
    return preview


def _recorded(db: Database, keys: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], uuid.UUID]:
    """Which of these (name key, birth year) pairs are live people already, read in a few queries."""
    names = sorted({name for name, _year in keys})
    found: dict[tuple[str, int | None], uuid.UUID] = {}
    with db.session() as session:
        for start in range(0, len(names), 500):
            rows = session.execute(
                select(Person.name_key, Person.birth_year, Person.id).where(
                    Person.name_key.in_(names[start : start + 500]), Person.deleted_at.is_(None)
                )
            )
            for name, year, person_id in rows:
                if (name, year) in keys:
                    found.setdefault((name, year), person_id)
    return found


def commit_people(db: Database, username: str | None, preview: ImportPreview) -> int:
    """Save the valid rows that are not already recorded, all or nothing; returns how many."""
    rows = preview.to_save
    with db.transaction(username) as session:
        for _row, fields in rows:
            session.add(Person(name_key=search_key(fields.full_name), **vars(fields)))
        audit.record(session, "person.import", username, "person", None, {"rows": len(rows)})
    return len(rows)
