"""Hostile or broken input: text with invisible characters, names that cannot print, workbooks that
are not what they say. Each gets a clear message or a clean value, never a crash, and nothing is
saved half."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.errors import NotFoundError, ValidationError
from desktop.models import Person
from desktop.reports import list_files
from desktop.reports.excel_import import commit, read_sheet
from desktop.services.people import PersonFields, create_person
from desktop.services.search import search


def _count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Person))


def _names(db) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(select(Person.full_name)))


# -- text fields --------------------------------------------------------------------------------


def test_invisible_characters_are_removed_so_a_name_prints_and_matches_as_typed(commune_db):
    spoofed = "Lò\u200b Văn\u00ad Pọm\x00\x1b\u202e\u2066\ufeff\t\n"
    create_person(commune_db, "admin", PersonFields(full_name=spoofed))
    assert _names(commune_db) == ["Lò Văn Pọm"]
    assert [hit.title for hit in search(commune_db, "lo van pom")] == ["Lò Văn Pọm"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u200b\u202e\x00  ", "Chưa nhập"),  # nothing visible is left
        ("Lò Văn Pọm 😀", "không in được"),
        ("Vương 王 Thị", "không in được"),
        ("Nguyễn " * 5_000, "quá dài"),
    ],
)
def test_a_name_that_is_empty_unprintable_or_too_long_is_refused_and_nothing_saved(commune_db, name, message):
    before = _count(commune_db)
    with pytest.raises(ValidationError, match=message) as refused:
        create_person(commune_db, "admin", PersonFields(full_name=name))
    assert refused.value.field == "full_name"
    assert _count(commune_db) == before


def test_the_unprintable_characters_are_named_in_the_message(commune_db):
    with pytest.raises(ValidationError) as refused:
        create_person(commune_db, "admin", PersonFields(full_name="Lò 😀 Văn 中 Pọm 😀"))
    assert refused.value.message.endswith("😀 中")


# -- Excel workbooks ----------------------------------------------------------------------------


def _people_sheet(path, names: list[str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Giới tính"])
    for number, name in enumerate(names, 1):
        sheet.append([number, name, 1980, "Nữ"])
    book.save(path)


def test_a_workbook_is_known_by_its_content_whatever_its_name(commune_db, tmp_path):
    path = tmp_path / "danh-sach.txt"
    _people_sheet(path, ["Lò Thị Mai"])
    assert len(read_sheet(commune_db, "people", path).valid) == 1


def test_strange_cells_give_row_errors_and_only_clean_rows_are_saved(commune_db, tmp_path):
    path = tmp_path / "la.xlsx"
    names = ["Lò Thị\u202e Mai", "Sùng A 😀", "A" * 5_000, "Giàng Thị Dua\u200b", "\u200b"]
    _people_sheet(path, names)
    preview = read_sheet(commune_db, "people", path)
    problems = {error.row: error.reason for error in preview.errors}
    assert "không in được" in problems[3] and "quá dài" in problems[4]
    assert "Chưa nhập" in problems[6]
    assert commit(commune_db, "admin", preview) == 2
    assert _names(commune_db) == ["Giàng Thị Dua", "Lò Thị Mai"]


def test_a_damaged_old_xls_file_is_refused_with_its_name_and_the_formats_read(commune_db, tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(list_files.OLE_START + b"\0" * 4096)
    with pytest.raises(NotFoundError, match=r"cu\.xls.*\(\.xlsx, \.xls\), LibreOffice \(\.ods\), CSV"):
        read_sheet(commune_db, "people", path)


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7 not a workbook", b"", b"PK\x03\x04 a broken zip", b"\x00" * 1000],
    ids=["pdf", "empty", "broken-zip", "zeros"],
)
def test_a_file_that_is_no_workbook_is_refused_with_its_name(commune_db, tmp_path, content):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(content)
    with pytest.raises(NotFoundError, match="danh-sach.xlsx"):
        read_sheet(commune_db, "people", path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(commune_db, tmp_path):
    path = tmp_path / "bom.xlsx"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry,
    ):
        for _chunk in range(600):
            entry.write(b"\0" * 1024**2)
    assert path.stat().st_size < 5 * 1024**2
    with pytest.raises(ValidationError, match="hơn 500 MB"):
        read_sheet(commune_db, "people", path)


def test_a_huge_file_or_too_many_rows_is_refused_with_the_limit(commune_db, tmp_path, monkeypatch):
    path = tmp_path / "dai.xlsx"
    _people_sheet(path, [f"Lò Thị Mai {n}" for n in range(60)])
    monkeypatch.setattr(list_files, "MAX_ROWS", 50)
    with pytest.raises(ValidationError, match="hơn 50 dòng"):
        read_sheet(commune_db, "people", path)
    monkeypatch.setattr(list_files, "MAX_FILE_BYTES", 1024)
    with pytest.raises(ValidationError, match="tối đa 0 MB") as refused:
        read_sheet(commune_db, "people", path)
    assert "dai.xlsx" in refused.value.message
