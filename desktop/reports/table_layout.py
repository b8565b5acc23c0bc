"""Where the records are in a table an office made: the header under the title rows (one row, or
two when a group heading such as "Năm sinh" spans "Nam" and "Nữ"), the row of column numbers
under it, the village heading rows that group the records ("I. Thôn Nà Phặc"), and the footer
(Tổng cộng, Người lập biểu, TM. UBND XÃ, CHỦ TỊCH, the signer's name) where the records end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from desktop.i18n import _
from desktop.text import nfc, search_key
from desktop.values import blank

HEADER_SCAN = 15
"""Title rows above the header: offices put the unit, the title and the date there."""
FOOTER_STARTS = (
    "tong cong",
    "tong so",
    "tong:",
    "cong:",
    "nguoi lap",
    "nguoi ky",
    "nguoi duyet",
    "tm.",
    "tm ",
    "t/m",
    "kt.",
    "kt ",
    "k/t",
    "chu tich",
    "pho chu tich",
    "truong thon",
    "truong ban",
    "can bo",
    "cong chuc",
    "thu truong",
    "xac nhan",
    "danh sach nay co",
    "(ky",
    "ky ten",
)
"""How the lines under a table begin; the records have ended when one does."""
PLACE_DATE = re.compile(r"ngay\s*\S*\s*thang\s*\S*\s*nam")
"""The "Nà Phặc, ngày … tháng … năm …" line above the signatures."""
NUMBERING = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$")
"""The cells of the row of column numbers under a header: 1 2 3 …, (1) (2) …, A B C."""
SECTION = re.compile(r"^(?:[ivxlc]+|[a-z]|\d{1,2})[.)/]\s*", re.IGNORECASE)
"""The "I.", "II.", "A.", "1." that number a group heading."""
VILLAGE_WORDS = (
    "thôn",
    "bản",
    "xóm",
    "tổ dân phố",
    "tdp",
    "ấp",
    "khu phố",
    "tổ",
    "làng",
    "buôn",
    "plei",
    "sóc",
)
"""How the name of a village begins, in the heading of its rows; compared with their accents, so
that the surnames Bàn, Tô and Lang are never taken for "Bản", "Tổ" and "Làng"."""
MARKS = {"x", "v", "+", "1", "co", "\u2713", "\u2714", "\u2715", "\u2717", "\u2718", "*"}
"""What offices write in a column to mark a row ("x" under "Nam", "✓" under a year)."""


@dataclass(frozen=True)
class Layout:
    header_row: int
    """The header's (first) row, 0-based."""
    headers: dict[int, str]
    """Column (1-based) → its header as the officer reads it ("Năm sinh — Nữ" under a group)."""
    keys: dict[int, str]
    """Column → the header's search key, a group's and its part's together ("nam sinh nu")."""
    body_start: int


def header_keys(texts: dict[int, str]) -> dict[int, str]:
    return {column: search_key(text).strip(" .:*") for column, text in texts.items()}


def find_layout(rows: list[tuple[Any, ...]], known: set[str]) -> Layout:
    """The header is the row among the first ones whose cells name the most `known` headers; a row
    under it is part of it when its cells sit under a group heading or under an empty (merged)
    cell; the row of column numbers after it is skipped."""
    best, best_hits = 0, 0
    for index, row in enumerate(rows[:HEADER_SCAN]):
        hits = sum(1 for key in header_keys(_texts(row)).values() if key in known)
        if hits > best_hits:
            best, best_hits = index, hits
    top = _texts(rows[best]) if rows else {}
    headers, keys = dict(top), header_keys(top)
    body = best + 1
    if body < len(rows) and (parts := _parts_row(top, rows[body])):
        group_text = ""
        width = max([*top, *parts])
        for column in range(1, width + 1):
            if column in top:
                group_text = top[column]
            elif column not in parts:
                group_text = ""
            if column in parts and group_text:
                headers[column] = f"{group_text} — {parts[column]}"
                keys[column] = f"{search_key(group_text)} {search_key(parts[column])}".strip(" .:*")
            elif column in parts:
                headers[column], keys[column] = parts[column], search_key(parts[column]).strip(" .:*")
        body += 1
    if body < len(rows) and _is_numbering(rows[body]):
        body += 1
    return Layout(best, headers, keys, body)


def _texts(row: tuple[Any, ...]) -> dict[int, str]:
    return {column: str(value).strip() for column, value in enumerate(row, 1) if not blank(value)}


def _parts_row(top: dict[int, str], row: tuple[Any, ...]) -> dict[int, str]:
    """The second row of a two-row header, or {} when `row` is the first record: every cell of it
    is a text standing under an empty header cell (the merged group above it) or under a group it
    subdivides, and there are at least two."""
    cells = _texts(row)
    if len(cells) < 2 or not all(isinstance(row[column - 1], str) for column in cells):
        return {}
    under_group = 0
    for column in cells:
        if column in top and column + 1 not in top and column + 1 in cells or column not in top:
            under_group += 1
        else:
            return {}
    return cells if under_group else {}


def _is_numbering(row: tuple[Any, ...]) -> bool:
    cells = [search_key(str(value)) for value in row if not blank(value)]
    return len(cells) >= 3 and all(NUMBERING.match(cell) for cell in cells)


def is_footer(row: tuple[Any, ...]) -> bool:
    first = next((search_key(str(value)) for value in row if not blank(value)), "")
    return first.startswith(FOOTER_STARTS) or bool(PLACE_DATE.search(first))


def heading(row: tuple[Any, ...], data_columns: set[int]) -> str | None:
    """The text of a group heading row ("I. Thôn Nà Phặc", "II. TẬP THỂ"), or None for a record:
    one text, in a column no field is read from or numbered like a section."""
    cells = {column: str(value).strip() for column, value in enumerate(row, 1) if not blank(value)}
    if len(set(cells.values())) != 1:
        return None
    column, text = next(iter(cells.items()))
    bare = SECTION.sub("", text).strip()
    if column in data_columns and bare == text and village_of(text) is None:
        return None
    return bare


def village_of(heading_text: str) -> str | None:
    """The village a heading names ("Thôn Nà Phặc", "Bản Hua Pầu"), or None ("II. TẬP THỂ")."""
    words = nfc(heading_text).lower().split()
    for start in VILLAGE_WORDS:
        size = len(start.split())
        if words[:size] == start.split() and len(words) > size:
            return nfc(heading_text)
    return None


def records(rows: list[tuple[Any, ...]], layout: Layout, data_columns: set[int]) -> Iterator[Record]:
    """The rows that are records, each with its sheet row number and the village its group
    heading named; blank rows, headings, repeated headers and everything from the footer on left out."""
    header = rows[layout.header_row] if rows else ()
    village: str | None = None
    for index in range(layout.body_start, len(rows)):
        row = rows[index]
        if all(blank(value) for value in row) or row == header:
            continue
        if is_footer(row):
            return
        text = heading(row, data_columns)
        if text is not None:
            village = village_of(text)
            continue
        yield Record(index + 1, row, village)


@dataclass(frozen=True)
class Record:
    number: int
    """The row number the officer sees in the file."""
    cells: tuple[Any, ...]
    village: str | None


def is_mark(value: Any) -> bool:
    return search_key(str(value)).strip() in MARKS


def gendered(values: dict[str, Any]) -> str | None:
    """Fold the "Nam" and "Nữ" columns into the gender and the birth: a mark says the gender; a
    year or date under one of them is the birth of a man or a woman. Returns a problem, if any."""
    male, female = values.pop("male", None), values.pop("female", None)
    filled = [(gender, value) for gender, value in (("Nam", male), ("Nữ", female)) if not blank(value)]
    if len(filled) > 1:
        return _("both Nam and Nữ are filled in")
    if filled:
        gender, value = filled[0]
        if blank(values.get("gender")):
            values["gender"] = gender
        if not is_mark(value) and blank(values.get("birth")):
            values["birth"] = value
    return None
