"""Every list the app shows, with its current filter, as an .xlsx sheet: Vietnamese headers, sized
columns, real dates shown dd/mm/yyyy. Rows are read a page at a time, like the screen does."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.db import Database
from desktop.progress import Progress, step
from desktop.services import listing, people
from desktop.services.documents import COLLECTIVE_KIND_TEXT, GENDER_TEXT, REGISTRATION_STATE_TEXT
from desktop.services.people import PersonFields
from desktop.services.statistics import OCCUPATION_TEXT
from desktop.text import nfc

DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: Callable[[Any], Any]
    sensitive: bool = False
    """Sensitive personal data (ethnicity): written only when the user asks for it."""


@dataclass(frozen=True)
class PersonLine:
    """A person as the export writes them: the list's row and the fields the screen leaves out."""

    row: listing.PersonRow
    fields: PersonFields


def _person_lines(db: Database, keys: Sequence) -> list[PersonLine]:
    rows = listing.person_rows(db, keys)
    found = people.details(db, [row.id for row in rows])
    return [PersonLine(row, found[row.id]) for row in rows]


def _birth(line: PersonLine) -> str:
    """One kind of value for the whole column, text: dd/mm/yyyy, or the year alone."""
    fields = line.fields
    if fields.birth_date:
        return fields.birth_date.strftime("%d/%m/%Y")
    return str(fields.birth_year) if fields.birth_year else ""


PEOPLE = (
    Column("Họ và tên", 28, lambda p: p.row.full_name),
    Column("Giới tính", 10, lambda p: GENDER_TEXT.get(p.row.gender or "", "")),
    Column("Ngày sinh", 13, _birth),
    Column("Dân tộc", 12, lambda p: p.row.ethnicity or "", sensitive=True),
    Column("Số CCCD", 15, lambda p: p.fields.id_number or "", sensitive=True),
    Column("Chức vụ", 20, lambda p: p.fields.position or ""),
    Column("Đơn vị công tác", 24, lambda p: p.fields.workplace or ""),
    Column("Thôn, tổ dân phố", 22, lambda p: p.row.village or ""),
    Column("Quê quán", 22, lambda p: p.fields.hometown or ""),
    Column("Nghề nghiệp", 26, lambda p: OCCUPATION_TEXT.get(p.row.occupation, "")),
    Column("Ghi chú", 30, lambda p: p.fields.notes or ""),
)
COLLECTIVES = (
    Column("Tên tập thể", 36, lambda r: r.name),
    Column("Loại", 18, lambda r: COLLECTIVE_KIND_TEXT.get(r.kind, "")),
    Column("Địa bàn", 22, lambda r: r.place),
    Column("Số thành viên", 12, lambda r: r.members),
    Column("Số lần khen thưởng", 14, lambda r: r.awards),
)
AWARDS = (
    Column("Cá nhân, tập thể", 30, lambda r: r.subject_name),
    Column("Năm sinh", 9, lambda r: r.birth_year),
    Column("Danh hiệu, hình thức", 34, lambda r: r.award_name),
    Column("Năm", 8, lambda r: r.year),
    Column("Số quyết định", 16, lambda r: r.decision_number),
    Column("Ngày ký", 13, lambda r: r.signed_on),
    Column("Cấp quyết định", 24, lambda r: r.issuer),
    Column("Thôn, tổ dân phố", 22, lambda r: r.village),
    Column("Đã thu hồi", 10, lambda r: "Có" if r.revoked else ""),
)
REGISTRATIONS = (
    Column("Cá nhân, tập thể, hộ gia đình", 32, lambda r: r.subject_name),
    Column("Thôn, tổ dân phố", 22, lambda r: r.place),
    Column("Danh hiệu đăng ký", 30, lambda r: r.award_name),
    Column("Phong trào", 36, lambda r: r.movement),
    Column("Ngày đăng ký", 13, lambda r: r.registered_on),
    Column("Trạng thái", 14, lambda r: REGISTRATION_STATE_TEXT.get(r.state, r.state)),
    Column("Ghi chú", 30, lambda r: r.note),
)
"""The registration list as the screen shows it (`services.registrations.RegistrationRow`)."""
LISTS: dict[str, tuple[str, tuple[Column, ...], Callable, Callable, type]] = {
    "people": ("Danh sách cá nhân", PEOPLE, listing.person_keys, _person_lines, listing.PeopleFilter),
    "collectives": (
        "Danh sách tập thể",
        COLLECTIVES,
        listing.collective_keys,
        listing.collective_rows,
        listing.CollectiveFilter,
    ),
    "awards": ("Lịch sử khen thưởng", AWARDS, listing.award_keys, listing.award_rows, listing.AwardFilter),
}
"""What `sovang excel export KIND` writes: sheet title, columns, and the listing it pages through."""


def write_sheet(target: Path, title: str, columns: Sequence[Column], rows: Iterator[Any]) -> int:
    """A one-sheet workbook; returns the number of data rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"  # the header on every printed page

    def cell(value: Any, bold: bool = False) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=nfc(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            written.data_type = "s"  # a text, whatever it starts with: "=…" is never a formula
        if bold:
            written.font = Font(bold=True)
            written.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if isinstance(value, dt.date):
            written.number_format = DATE_FORMAT
        return written

    sheet.append([cell(column.header, bold=True) for column in columns])
    count = 0
    for row in rows:
        sheet.append([cell(column.value(row)) for column in columns])
        count += 1
    made = io.BytesIO()
    book.save(made)  # in memory first: openpyxl leaves a half-written file open when a disk fails
    target.write_bytes(made.getvalue())
    return count


def export_list(
    db: Database,
    kind: str,
    target: Path,
    wanted: Any = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    sensitive: bool = False,
) -> int:
    """Write the list `kind` as the screen shows it under the filter `wanted` (None: everything);
    its sensitive columns only when `sensitive` (a file on a stick travels unencrypted)."""
    title, columns, keys_of, rows_of, filter_type = LISTS[kind]
    columns = tuple(column for column in columns if sensitive or not column.sensitive)
    keys = keys_of(db, wanted or filter_type())

    def rows() -> Iterator[Any]:
        for start in range(0, len(keys), listing.PAGE_SIZE):
            step(progress, cancel, start, len(keys))
            yield from rows_of(db, keys[start : start + listing.PAGE_SIZE])
        step(progress, cancel, len(keys), len(keys))

    return write_sheet(target, title, columns, rows())


def sensitive_headers(kind: str) -> list[str]:
    """The columns of the list `kind` that hold sensitive personal data."""
    return [column.header for column in LISTS[kind][1] if column.sensitive]
