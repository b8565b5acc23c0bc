"""Lists as commune offices keep them, written in every format they save: a title above the table,
a two-row header ("Năm sinh" over "Nam" and "Nữ"), the row of column numbers, rows grouped under
their village's heading, CCCD numbers Excel stored as numbers, and the signature block under it.

Each writer takes the same table (a list of rows of cells; None is empty) and makes a real file
of its kind with the library an office's program would have produced it with: openpyxl (.xlsx),
xlwt (.xls), odfpy (.ods), the csv module as Excel writes it, python-docx (.docx).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

from tests.reports.legacy import to_tcvn3

Row = list[Any]

TITLE = [["UBND XÃ NÀ PHẶC"], ["DANH SÁCH CÔNG DÂN TIÊU BIỂU NĂM 2024"], []]
HEADER = [
    ["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Số CCCD", "Chức vụ", "Ghi chú"],
    [None, None, "Nam", "Nữ", None, None, None, None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
]
FOOTER = [
    [],
    [None, "Tổng cộng: 30 người"],
    [None, None, None, None, None, "Nà Phặc, ngày 10 tháng 01 năm 2025"],
    [None, "NGƯỜI LẬP BIỂU", None, None, None, "TM. UBND XÃ"],
    [None, None, None, None, None, "CHỦ TỊCH"],
    [],
    [None, "Hà Văn Kiên", None, None, None, "Đinh Thị Huệ"],
]
VILLAGES = ("Thôn Nà Phặc", "Bản Hua Pầu", "Bản Khuổi Lầy")
ETHNIC = ("Mông", "H'Mông", "Tày", "Dao", "Nùng", "Hmông", "Khơ-me", "Mèo")
"""How the office wrote each person's group: spellings and other names, never the catalog's."""
SURNAMES = ("Vàng", "Giàng", "Lò", "Hoàng", "Nông", "Bàn", "Tô", "Lý", "Sùng", "Ma")
GIVEN = ("Seo Sử", "A Páo", "Văn Thắng", "Thị Mai", "Văn Pín", "Thị Dín", "Văn Hùng", "Thị Lan")


def villagers(count: int = 30) -> list[tuple[str, list[Row]]]:
    """The people of the list, grouped by village: (heading, rows). A CCCD is a number (its
    leading zero gone) for some and text for others; women's birth years stand under "Nữ"."""
    groups: list[tuple[str, list[Row]]] = [(village, []) for village in VILLAGES]
    for index in range(count):
        surname, given = SURNAMES[index % len(SURNAMES)], GIVEN[index % len(GIVEN)]
        year = 1960 + index % 50
        woman = " Thị " in f" {given} "
        id_number: Any = f"0{index % 90 + 10:02d}{year % 100:02d}{index:07d}"
        if index % 2:
            id_number = int(id_number)
        rows = groups[index % len(VILLAGES)][1]
        rows.append(
            [
                None,
                f"{surname} {given}",
                None if woman else year,
                year if woman else None,
                ETHNIC[index % len(ETHNIC)],
                id_number,
                "Trưởng thôn" if index % 7 == 0 else None,
                "Hộ nghèo vươn lên" if index % 5 == 0 else None,
            ]
        )
    return groups


def table(count: int = 30) -> tuple[list[Row], list[Row]]:
    """The whole sheet, and each group heading row as written: ["I. Thôn Nà Phặc", …]."""
    rows: list[Row] = [*TITLE, *HEADER]
    numerals = ("I", "II", "III", "IV")
    number = 0
    headings = []
    for index, (village, people) in enumerate(villagers(count)):
        heading = [f"{numerals[index]}. {village}"] + [None] * 7
        headings.append(heading)
        rows.append(heading)
        for person in people:
            number += 1
            rows.append([number, *person[1:]])
    rows += FOOTER
    return rows, headings


def write_xlsx_plain(path: Path, rows: list[Row]) -> None:
    """A sheet of these rows, nothing merged."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def write_xlsx(path: Path, rows: list[Row]) -> None:
    """The people's list as Excel users lay it out: its header and group headings merged."""
    from openpyxl import load_workbook

    write_xlsx_plain(path, rows)
    book = load_workbook(path)
    sheet = book.active
    first = len(TITLE) + 1
    sheet.merge_cells(start_row=first, start_column=3, end_row=first, end_column=4)
    for column in (1, 2, 5, 6, 7, 8):
        sheet.merge_cells(start_row=first, start_column=column, end_row=first + 1, end_column=column)
    for index, row in enumerate(rows, 1):
        if isinstance(row[:1] and row[0], str) and row[0][:3] in ("I. ", "II.", "III"):
            sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=8)
    book.save(path)


def write_xls(path: Path, rows: list[Row], tcvn3: bool = False) -> None:
    """Excel 97-2003, as the old commune PCs save it; `tcvn3` types the text in the .VnTime fonts."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sach")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str) and tcvn3:
                value = to_tcvn3(value)
            sheet.write(r, c, value)
    book.save(str(path))


def write_ods(path: Path, rows: list[Row]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Danh sách")
    for row in rows:
        line = TableRow()
        for value in row or [None]:
            if value is None:
                line.addElement(TableCell())
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                line.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                line.addElement(cell)
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)
    document.save(str(path))


def write_csv(path: Path, rows: list[Row], delimiter: str = ";", encoding: str = "utf-8-sig") -> None:
    """As Excel saves "CSV UTF-8" (with its mark) in a Vietnamese locale, list separator ";"; or
    "CSV (Comma delimited)" in the Windows code page 1258, where a tone is a separate mark."""
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else _csv_text(value) for value in row])
    text = handle.getvalue()
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))


TONES = "\u0300\u0301\u0303\u0309\u0323"
SHAPES = "\u0302\u0306\u031b"


def _cp1258(text: str) -> bytes:
    """Code page 1258 holds ă â ê ô ơ ư đ whole and the five tones as marks after the letter."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in SHAPES and out:
            tones = []
            while out[-1] in TONES:
                tones.insert(0, out.pop())
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
            out += tones
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")


def _csv_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_docx(
    path: Path,
    rows: list[Row],
    heading: list[tuple[str, str]] | None = None,
    text: list[str] = (),
    two_row_header: bool = True,
) -> None:
    """A Word document: an optional two-column heading table (issuer | motto, number | date), its
    paragraphs, then the list as a table with merged group headings and, for the people's list,
    its header's cells merged over two rows."""
    import docx

    document = docx.Document()
    if heading:
        top = document.add_table(rows=len(heading), cols=2)
        for index, (left, right) in enumerate(heading):
            top.cell(index, 0).text = left
            top.cell(index, 1).text = right
    for line in text:
        document.add_paragraph(line)
    body = [row for row in rows if row not in TITLE and row not in FOOTER]
    width = max(len(row) for row in body)
    grid = document.add_table(rows=len(body), cols=width)
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            if value is not None:
                grid.cell(r, c).text = _csv_text(value)
    if two_row_header:
        grid.cell(0, 2).merge(grid.cell(0, 3))
        grid.cell(0, 2).text = "Năm sinh"
        for column in (0, 1, 4, 5, 6, 7):
            text_above = grid.cell(0, column).text
            grid.cell(0, column).merge(grid.cell(1, column))
            grid.cell(0, column).text = text_above
    for r, row in enumerate(body):
        if isinstance(row[0], str) and row[0][:3] in ("I. ", "II.", "III"):
            grid.cell(r, 0).merge(grid.cell(r, width - 1))
            grid.cell(r, 0).text = row[0]
    for line in FOOTER:
        document.add_paragraph(" ".join(str(value) for value in line if value))
    document.save(str(path))


WRITERS = {
    "xlsx": write_xlsx,
    "xls": write_xls,
    "ods": write_ods,
    "csv": write_csv,
    "docx": write_docx,
}
