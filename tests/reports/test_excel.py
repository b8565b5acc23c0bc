"""Excel out and in: a lossless round trip, messy commune files, and legacy TCVN3/VNI text."""

import datetime as dt
import sqlite3

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, update

from desktop.models import Person
from desktop.reports.excel_export import export_list
from desktop.reports.excel_import import commit, read_sheet
from desktop.reports.legacy_text import detect, to_unicode
from desktop.services.listing import PeopleFilter
from desktop.values import parse_birth

SAMPLES = {
    "tcvn3": ("NguyÔn V¨n §øc", "TrÇn ThÞ Hoµng Lan", "Lß V¨n Th¾ng", "B¶n NËm Ph¸y"),
    "vni": ("Nguyeãn Vaên Ñöùc", "Traàn Thò Hoaøng Lan", "Loø Vaên Thaéng", "Baûn Naäm Phaùy"),
}
UNICODE = ("Nguyễn Văn Đức", "Trần Thị Hoàng Lan", "Lò Văn Thắng", "Bản Nậm Pháy")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_text_is_detected_and_converted_exactly(encoding):
    texts = SAMPLES[encoding]
    assert detect(texts) == encoding
    assert tuple(to_unicode(text, encoding) for text in texts) == UNICODE
    assert detect(UNICODE) == "unicode"


def test_birth_dates_are_read_in_every_form_offices_type_them():
    assert parse_birth(dt.datetime(1980, 5, 4)) == (dt.date(1980, 5, 4), 1980)
    assert parse_birth(29345) == (dt.date(1980, 5, 4), 1980)
    assert parse_birth("04/05/1980") == (dt.date(1980, 5, 4), 1980)
    assert parse_birth("1980") == (None, 1980)
    assert parse_birth(1980) == (None, 1980)
    assert parse_birth("4/5/1980") == (dt.date(1980, 5, 4), 1980)
    assert parse_birth("1980-05-04") == parse_birth("1980-05-04 00:00:00") == (dt.date(1980, 5, 4), 1980)
    assert parse_birth("1980.0") == (None, 1980)  # a year as a CSV writes Excel's number
    with pytest.raises(ValueError, match="31/02/1980"):
        parse_birth("31/02/1980")


def _written(db, out, wanted):
    export_list(db, "people", out, wanted)
    return out


def test_exported_people_import_back_unchanged(demo_db, tmp_path):
    out = tmp_path / "people.xlsx"
    wanted = PeopleFilter(gender="female")
    assert "Dân tộc" not in [cell.value for cell in load_workbook(_written(demo_db, out, wanted)).active[1]]
    count = export_list(demo_db, "people", out, wanted, sensitive=True)  # asked for: ethnicity too
    sheet = load_workbook(out).active
    assert [cell.value for cell in sheet[1]][:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert sheet.max_row == count + 1 and sheet["C2"].data_type == "s"  # dd/mm/yyyy or yyyy, as text
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    fields = (
        "full_name",
        "gender",
        "birth_date",
        "birth_year",
        "ethnic_code",
        "id_number",
        "position",
        "workplace",
        "village_id",
        "hometown",
        "occupation",
        "notes",
    )
    with demo_db.session() as session:
        columns = [getattr(Person, name) for name in fields]
        before = sorted(session.execute(select(*columns).where(Person.gender == "female")).all(), key=str)
        session.execute(update(Person).values(deleted_at=dt.datetime(2026, 1, 1)))
        session.commit()
    preview = read_sheet(demo_db, "people", out)
    assert (preview.errors, preview.duplicates, len(preview.valid)) == ([], [], count)
    assert commit(demo_db, "admin", preview) == count
    if demo_db.is_sqlite:  # a shared server database is backed up by its server, not the app
        before_import = list((demo_db.path.parent / "backups").glob("*-before-import-*.sqlite"))
        assert len(before_import) == 1  # taken as the people stood before the import
        connection = sqlite3.connect(before_import[0])
        assert connection.execute("SELECT count(*) FROM person WHERE deleted_at IS NULL").fetchone() == (0,)
        connection.close()
    with demo_db.session() as session:
        after = sorted(session.execute(select(*columns).where(Person.deleted_at.is_(None))).all(), key=str)
    assert after == before


def _messy(path, rows: int) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "UBND XÃ BẢO LÂM"
    sheet.merge_cells("A2:F2")
    sheet["A2"] = "DANH SÁCH CÁN BỘ ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Thôn/bản"])
    births = [dt.date(1980, 1, 2), 29345, "15/08/1975", 1990, "1968"]
    for n in range(1, rows + 1):
        sheet.append([n, f"Nguyễn Văn Thử {n}", births[n % 5], "Nam" if n % 2 else "Nữ", "Kinh", None])
        if n % 1000 == 0:
            sheet.append([])
    sheet.append([rows + 1, "Lò Thị Sai", "32/13/1980", "Nữ", "Tày", None])
    sheet.append([rows + 2, "Hoàng Văn Lỗi", "1985", "Không rõ", "Kinh", None])
    sheet.append([rows + 3, "Bàn Văn Xa", "1985", "Nam", "Sao Hỏa", None])
    sheet.append([rows + 4, None, "1985", "Nam", "Kinh", None])
    sheet.append([rows + 5, "Nguyễn Văn Thử 1", births[1], "Nam", "Kinh", None])
    book.save(path)


def test_a_messy_file_of_ten_thousand_rows_gives_row_errors_and_imports_the_valid_rows(commune_db, tmp_path):
    path = tmp_path / "messy.xlsx"
    _messy(path, 10_000)
    preview = read_sheet(commune_db, "people", path)
    assert preview.header_row == 4 and preview.encoding == "unicode"
    assert set(preview.mapping) == {"full_name", "birth", "gender", "ethnicity", "village"}
    found = {(error.row, error.column) for error in preview.errors}
    last = 4 + 10_000 + 10  # header row, data rows, ten blank rows
    assert (last + 1, "Ngày, tháng, năm sinh") in found
    assert (last + 2, "Giới tính") in found
    assert (last + 3, "Dân tộc") in found
    assert (last + 4, "Họ và tên") in found
    assert any(e.row == last + 5 and "dòng 5" in e.reason for e in preview.errors)
    assert len(preview.errors) == 5 and len(preview.valid) == 10_000
    assert commit(commune_db, "admin", preview) == 10_000
    with commune_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 10_000
    again = read_sheet(commune_db, "people", path)
    assert len(again.duplicates) == 10_000 and again.to_save == []


def test_a_name_typed_as_a_formula_comes_in_and_goes_out_as_text(commune_db, tmp_path):
    """A cell typed `=HYPERLINK(…)` in an office's list never becomes a formula in a sheet the app
    writes: the import drops the leading "=", and the export writes every value as a text cell."""
    source = tmp_path / "list.xlsx"
    book = Workbook()
    book.active.append(["STT", "Họ và tên", "Năm sinh", "Giới tính"])
    book.active.append([1, '=HYPERLINK("http://x.example/a","Nông Văn Dền")', 1980, "Nam"])
    book.active.append([2, "@SUM(1+1)", 1981, "Nữ"])
    book.active["B2"].data_type = "s"  # typed as text ('=…): a formula would be read as its value
    book.save(source)
    preview = read_sheet(commune_db, "people", source)
    assert preview.errors == [] and commit(commune_db, "admin", preview) == 2
    with commune_db.session() as session:
        names = sorted(session.scalars(select(Person.full_name)))
    assert names == ['HYPERLINK("http://x.example/a","Nông Văn Dền")', "SUM(1+1)"]

    with commune_db.transaction("admin") as session:  # as an older version kept it
        session.execute(update(Person).where(Person.full_name == "SUM(1+1)").values(full_name="=1+1"))
    out = tmp_path / "out.xlsx"
    export_list(commune_db, "people", out)
    cells = [row[0] for row in load_workbook(out).active.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == ["=1+1", 'HYPERLINK("http://x.example/a","Nông Văn Dền")']
    assert {cell.data_type for cell in cells} == {"s"}
