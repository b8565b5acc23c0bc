"""The cells of a list as an office saved it, whatever the program: Excel (.xlsx and the old
.xls), LibreOffice (.ods), CSV as Excel writes it in each locale, or the table of a Word (.docx)
document such as the list attached to an award decision.

The kind of file is told by its content, not its name. Every reader gives the same thing: the rows
of one table as tuples of values (None for an empty cell), legacy TCVN3/VNI text converted, and
for a Word document the text around the table (the decision's number and date are written there).
A file that is too big, unpacks to far more (a zip bomb) or holds more rows than a list has is
refused with a message that says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import NotFoundError, ValidationError
from desktop.files import read_reason
from desktop.i18n import _, format_number
from desktop.reports.legacy_text import detect, to_unicode

MAX_FILE_BYTES = 50 * 1024**2
MAX_UNPACKED_BYTES = 500 * 1024**2
MAX_ROWS = 100_000
OLE_START = bytes.fromhex("d0cf11e0a1b11ae1")
"""The start of an Excel 97-2003 (.xls) file, an OLE compound document."""
FORMULA_STARTS = ("=", "@")
CSV_DELIMITERS = ",;\t"
PATTERNS = "*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.docx"
"""What the window's file picker offers."""


@dataclass
class ListTable:
    rows: list[tuple[Any, ...]]
    encoding: str = "unicode"
    """The text encoding the file was typed in: "unicode", "tcvn3" or "vni"."""
    text: list[str] = field(default_factory=list)
    """A Word document's own text outside the table: its number, date and title."""
    sheets: list[str] = field(default_factory=list)


def read_table(path: Path, sheet: str | None = None) -> ListTable:
    """The rows of the list in `path`: its first sheet or the one named `sheet`."""
    data = _read_bytes(path)
    if data.startswith(OLE_START):
        table = _workbook(path, data, sheet)
    elif data.startswith(b"PK"):
        names = _zip_names(path, data)
        if "word/document.xml" in names:
            table = _word_table(path, data)
        elif "xl/workbook.xml" in names or "content.xml" in names:
            table = _workbook(path, data, sheet)
        else:
            raise _unreadable(path)
    else:
        table = _csv_table(path, data)
    return _converted(table)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                "file",
                _("{name} is {size} MB; a list to import may be at most {limit} MB.").format(
                    name=path.name,
                    size=format_number(round(size / 1024**2, 1)),
                    limit=MAX_FILE_BYTES // 1024**2,
                ),
            )
        return path.read_bytes()
    except OSError as error:
        raise NotFoundError(
            _("The file {name} cannot be read: {reason}").format(name=path.name, reason=read_reason(error))
        ) from error


def _zip_names(path: Path, data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise _unreadable(path) from error
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ValidationError(
            "file",
            _("{name} unpacks to more than {limit} MB; it is not a list Sổ Vàng can import.").format(
                name=path.name, limit=MAX_UNPACKED_BYTES // 1024**2
            ),
        )
    return {entry.filename for entry in entries}


def _unreadable(path: Path) -> NotFoundError:
    return NotFoundError(
        _(
            "Cannot read {name} as a list: Sổ Vàng reads Excel (.xlsx, .xls), LibreOffice (.ods), "
            "CSV and the tables of Word (.docx) files."
        ).format(name=path.name)
    )


def _limited(path: Path, rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    kept: list[tuple[Any, ...]] = []
    for row in rows:
        kept.append(row)
        if len(kept) > MAX_ROWS:
            raise ValidationError(
                "file",
                _("{name} has more than {limit} rows; split it into several files.").format(
                    name=path.name, limit=format_number(MAX_ROWS)
                ),
            )
    return kept


def _workbook(path: Path, data: bytes, sheet: str | None) -> ListTable:
    """An .xlsx, .xls or .ods workbook, read by calamine (the one reader of all three)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if sheet is not None and sheet not in names:
            raise ValidationError(
                "sheet",
                _("{name} has no sheet “{sheet}”; its sheets are: {sheets}.").format(
                    name=path.name, sheet=sheet, sheets=", ".join(names)
                ),
            )
        chosen = book.get_sheet_by_name(sheet) if sheet is not None else book.get_sheet_by_index(0)
        rows = _limited(path, (tuple(_cell(v) for v in row) for row in chosen.iter_rows()))
    except ValidationError:
        raise
    except Exception as error:  # calamine raises its own kinds for a damaged or protected file
        raise _unreadable(path) from error
    return ListTable(rows, sheets=names)


def _cell(value: Any) -> Any:
    """A workbook's value as the importer reads it: "" is empty; a whole float an integer."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.time | dt.timedelta):
        return None
    return value


def _csv_table(path: Path, data: bytes) -> ListTable:
    """A CSV as Excel writes it: UTF-8 (with its mark) or the Vietnamese Windows code page, and
    commas or semicolons (Excel uses the locale's list separator)."""
    if b"\0" in data[:4096]:
        raise _unreadable(path)
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _unreadable(path)
    sample = text[:8192]
    counts = {mark: sample.count(mark) for mark in CSV_DELIMITERS}
    delimiter = max(counts, key=lambda mark: counts[mark])
    if not counts[delimiter]:
        raise _unreadable(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return ListTable(_limited(path, (tuple(v if v.strip() else None for v in row) for row in reader)))


def _word_table(path: Path, data: bytes) -> ListTable:
    """The biggest table of a Word document, merged cells read once; the rest of its text (the
    paragraphs and the small layout tables of the heading) kept for the decision's number and
    date."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged document
        raise _unreadable(path) from error
    tables = list(document.tables)
    if not tables:
        raise ValidationError("file", _("{name} has no table to import.").format(name=path.name))
    main = max(tables, key=lambda table: len(table.rows))
    text = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    for table in tables:
        if table is not main:
            text += [cell.text for row in table.rows for cell in _unique_cells(row.cells)]
    return ListTable(_limited(path, _word_rows(main)), text=text)


def _unique_cells(cells: Iterable[Any]) -> Iterator[Any]:
    previous = None
    for cell in cells:
        if cell._tc is not previous:
            yield cell
        previous = cell._tc


def _word_rows(table: Any) -> Iterator[tuple[Any, ...]]:
    """Each row's texts; a cell merged across columns or down rows counts in its first place only."""
    above: list[Any] = []
    for row in table.rows:
        cells = list(row.cells)
        values: list[str | None] = []
        for index, cell in enumerate(cells):
            merged_left = index > 0 and cells[index - 1]._tc is cell._tc
            merged_up = index < len(above) and above[index] is cell._tc
            values.append(None if merged_left or merged_up or not cell.text.strip() else cell.text)
        above = [cell._tc for cell in cells]
        yield tuple(values)


def _converted(table: ListTable) -> ListTable:
    """Legacy-font text turned into Unicode, one encoding for the whole file; no text left able
    to run as a formula in a sheet made from it."""
    texts = [v for row in table.rows for v in row if isinstance(v, str)] + table.text
    table.encoding = detect(texts)
    table.rows = [
        tuple(_inert(to_unicode(v, table.encoding)) if isinstance(v, str) else v for v in row)
        for row in table.rows
    ]
    table.text = [to_unicode(line, table.encoding) for line in table.text]
    return table


def _inert(text: str) -> str:
    """A text as a value, never a formula: the "=" or "@" it starts with dropped, so a name typed
    as `=HYPERLINK(…)` is kept as the letters after it and no sheet made from it runs it."""
    return text.lstrip("=@") if text[:1] in FORMULA_STARTS else text
