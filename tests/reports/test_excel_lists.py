"""Collectives and the award history from a commune's spreadsheets: guessed columns, per-row
errors, records already there flagged, and the valid rows saved under their decisions."""

import datetime as dt

from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.models import AdminUnit, Award, Collective, Decision
from desktop.reports.excel_export import export_list
from desktop.reports.excel_import import commit, read_sheet
from desktop.reports.import_rows import guess_collective_kind
from desktop.services.imported_lists import IMPORTED_SUMMARY
from desktop.services.people import PersonFields, create_person
from desktop.services.site import site_info
from desktop.services.units import add_village
from desktop.text import search_key
from tests.rules.records import Records


def _sheet(path, header: list[str], rows: list[list]) -> None:
    """A workbook as offices make them: the unit and a title above the header."""
    book = Workbook()
    sheet = book.active
    sheet.append(["UBND XÃ BẢO LÂM"])
    sheet.append(["DANH SÁCH THEO DÕI KHEN THƯỞNG"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_collective_kinds_are_read_from_words_offices_use():
    assert guess_collective_kind("Thôn Nà Lừa") == "village"
    assert guess_collective_kind("HTX Nông nghiệp Bảo Lâm") == "cooperative"
    assert guess_collective_kind("Hộ gia đình") == "household"
    assert guess_collective_kind("Hội, đoàn thể") == "association"
    assert guess_collective_kind("Trường Tiểu học Lý Bôn") == "school"
    assert guess_collective_kind("Tổ chức không rõ") is None


def test_collectives_are_imported_with_their_kinds_and_places(commune_db, tmp_path):
    add_village(commune_db, "admin", "Nà Lừa")
    Records(commune_db).collective("Trường Mầm non Bảo Lâm", [])
    path = tmp_path / "tap-the.xlsx"
    _sheet(
        path,
        ["STT", "Tên tập thể", "Loại", "Thôn, bản", "Ghi chú"],
        [
            [1, "Thôn Nà Lừa", None, "Nà Lừa", "Thôn văn hóa nhiều năm"],
            [2, "Hộ ông Lò Văn Pín", "Hộ gia đình", "Nà Lừa", None],
            [3, "HTX Nông nghiệp Bảo Lâm", "HTX", None, None],
            [4, "Trường Mầm non Bảo Lâm", "Trường học", None, None],
            [5, "Chi hội Phụ nữ", "Loại lạ", None, None],
            [6, "Đội văn nghệ", None, "Thôn Không Có", None],
            [7, "Thôn Nà Lừa", None, None, None],
        ],
    )
    preview = read_sheet(commune_db, "collectives", path)
    assert preview.header_row == 4
    assert set(preview.mapping) == {"name", "kind", "place", "notes"}
    assert [(e.row, e.column) for e in preview.errors] == [
        (9, "Loại"),
        (10, "Thôn, bản"),
        (11, "Tên tập thể"),
    ]
    assert "dòng 5" in preview.errors[2].reason
    assert [(d.row, d.name) for d in preview.duplicates] == [(8, "Trường Mầm non Bảo Lâm")]
    assert commit(commune_db, "admin", preview) == 3
    with commune_db.session() as session:
        saved = dict(session.execute(select(Collective.name, Collective.kind)).all())
        assert session.scalar(select(func.count()).select_from(Collective)) == 4
    assert saved["Thôn Nà Lừa"] == "village"
    assert saved["Hộ ông Lò Văn Pín"] == "household"
    assert saved["HTX Nông nghiệp Bảo Lâm"] == "cooperative"


def test_exported_collectives_are_all_found_again(demo_db, tmp_path):
    out = tmp_path / "collectives.xlsx"
    count = export_list(demo_db, "collectives", out)
    preview = read_sheet(demo_db, "collectives", out)
    assert preview.errors == []
    assert len(preview.duplicates) == count and preview.to_save == []


def _person(db, name: str, year: int | None = None):
    return create_person(db, "admin", PersonFields(full_name=name, birth_year=year)).id


def _former_district(db, name: str) -> None:
    """The district above the commune before the two-tier reform of 1/7/2025."""
    with db.transaction("admin") as session:
        commune = session.get(AdminUnit, site_info(db).unit_id)
        session.add(
            AdminUnit(
                name=name,
                name_key=search_key(name),
                level="district",
                kind="huyen",
                parent_id=commune.parent_id,
                valid_to=dt.date(2025, 6, 30),
            )
        )


def test_award_history_lands_under_its_decisions(commune_db, tmp_path):
    _former_district(commune_db, "Huyện Bảo Lâm")
    duc = _person(commune_db, "Nguyễn Văn Đức", 1980)
    _person(commune_db, "Lò Thị Mai", 1975)
    _person(commune_db, "Lò Thị Mai", 1990)
    Records(commune_db).collective("Thôn Nà Lừa", [])
    path = tmp_path / "lich-su.xlsx"
    _sheet(
        path,
        ["STT", "Họ và tên", "Năm sinh", "Danh hiệu", "Năm", "Số quyết định", "Ngày ký", "Cấp quyết định"],
        [
            [1, "Nguyễn Văn Đức", None, "LĐTT", 2021, "15/QĐ-UBND", "10/01/2022", "UBND xã Bảo Lâm"],
            [2, "nguyen van duc", 1980, "Lao động tiên tiến", 2022, "12/QĐ-UBND", dt.date(2023, 1, 9), None],
            [
                3,
                "Lò Thị Mai",
                1975,
                "Giấy khen của Chủ tịch UBND cấp xã",
                "Năm 2022",
                "12/QĐ-UBND",
                "09/01/2023",
                None,
            ],
            [
                4,
                "Thôn Nà Lừa",
                None,
                "Thôn, tổ dân phố văn hóa",
                2020,
                "30/QĐ-UBND",
                "20/12/2020",
                "UBND huyện Bảo Lâm",
            ],
            [5, "Lò Thị Mai", None, "LĐTT", 2021, "15/QĐ-UBND", "10/01/2022", None],
            [6, "Người Lạ", None, "LĐTT", 2021, "15/QĐ-UBND", "10/01/2022", None],
            [7, "Nguyễn Văn Đức", None, "Huy chương vàng", 2021, "15/QĐ-UBND", "10/01/2022", None],
            [8, "Nguyễn Văn Đức", None, "LĐTT", 2021, "15/QĐ-UBND", "11/01/2022", None],
            [9, "Nguyễn Văn Đức", None, "LĐTT", "x", "16/QĐ-UBND", "2022", None],
            [
                10,
                "Nguyễn Văn Đức",
                None,
                "Giấy khen của Chủ tịch UBND cấp xã",
                2019,
                "7/QĐ-UBND",
                "01/02/2019",
                "UBND tỉnh Cao Bằng",
            ],
        ],
    )
    preview = read_sheet(commune_db, "awards", path)
    assert set(preview.mapping) >= {"subject", "birth", "award", "year", "decision", "signed_on", "issuer"}
    errors = {(e.row, e.column): e.reason for e in preview.errors}
    assert "Lò Thị Mai" in errors[(9, "Họ và tên")] and "năm sinh" in errors[(9, "Họ và tên")]
    assert "Người Lạ" in errors[(10, "Họ và tên")]
    assert "Huy chương vàng" in errors[(11, "Danh hiệu")]
    assert "10/01/2022" in errors[(12, "Ngày ký")]  # decision 15 was signed on another day
    assert (13, "Năm") in errors and (13, "Ngày ký") in errors
    assert (14, "Cấp quyết định") in errors  # a province does not give the commune's Giấy khen
    assert len(preview.errors) == 7 and len(preview.valid) == 4
    assert commit(commune_db, "admin", preview) == 4

    with commune_db.session() as session:
        decisions = {
            (number, signed_on): (issuer, summary)
            for number, signed_on, issuer, summary in session.execute(
                select(Decision.number, Decision.signed_on, Decision.issuer_unit_id, Decision.summary)
            )
        }
        district = session.scalar(select(Decision.issuer_unit_id).where(Decision.number == "30/QĐ-UBND"))
    assert len(decisions) == 3  # rows 2 and 3 share decision 12 of 09/01/2023
    assert all(summary == IMPORTED_SUMMARY for _issuer, summary in decisions.values())
    assert decisions[("15/QĐ-UBND", dt.date(2022, 1, 10))][0] == site_info(commune_db).unit_id
    assert district != site_info(commune_db).unit_id
    with commune_db.session() as session:
        held = session.execute(select(Award.year, Award.award_code).where(Award.person_id == duc)).all()
    assert sorted(held) == [(2021, "LDTT"), (2022, "LDTT")]

    again = read_sheet(commune_db, "awards", path)
    assert len(again.duplicates) == 4 and again.to_save == []
    with commune_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Award)) == 4
