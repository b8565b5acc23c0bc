"""Day one in a new commune: its old lists come in from the files it has, in every format.

The files are made as offices make them (`office_files`): title rows, a two-row header, the row of
column numbers, villages as heading rows, ethnic groups by other names, CCCD numbers without their
leading zero, the signature block. Each is imported into a freshly set-up commune that has no
village yet: the villages are listed and created on confirmation, every person comes in, and a
second import changes nothing.
"""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.cli import EXIT_REJECTED, main
from desktop.codes import UnitLevel
from desktop.db import Database
from desktop.models import AdminUnit, Award, Decision, Person
from desktop.reports.excel_export import export_list
from desktop.reports.excel_import import commit, read_sheet, write_rejects
from desktop.reports.import_rows import Options, decision_reference
from desktop.services.people import PersonFields, create_person
from tests.conftest import ADMIN_PASSWORD
from tests.reports import office_files
from tests.reports.office_files import VILLAGES, WRITERS, table

CREATE = Options(add_villages=True)


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_commune_list_in_every_format_comes_in_whole_with_its_villages(commune_db, tmp_path, kind):
    rows, _headings = table(30)
    path = tmp_path / f"danh-sach.{kind}"
    WRITERS[kind](path, rows)

    first = read_sheet(commune_db, "people", path)
    assert set(first.villages_to_create) == set(VILLAGES)
    assert {error.reason for error in first.errors} == {
        f"chưa có thôn “{village}” trong danh mục" for village in VILLAGES
    }
    assert not first.to_save

    preview = read_sheet(commune_db, "people", path, options=CREATE)
    assert preview.errors == []
    assert len(preview.to_save) == 30
    assert commit(commune_db, "admin", preview) == 30

    with commune_db.session() as session:
        villages = dict(
            session.execute(
                select(AdminUnit.name, AdminUnit.kind).where(AdminUnit.level == UnitLevel.VILLAGE.value)
            ).all()
        )
        people = {p.full_name: p for p in session.scalars(select(Person))}
        placed = {
            name: village
            for name, village in session.execute(
                select(Person.full_name, AdminUnit.name).join(AdminUnit, Person.village_id == AdminUnit.id)
            )
        }
    assert villages == {"Thôn Nà Phặc": "thon", "Bản Hua Pầu": "ban", "Bản Khuổi Lầy": "ban"}
    assert len(people) == 30 and "Tổng cộng: 30 người" not in people
    assert not {"NGƯỜI LẬP BIỂU", "TM. UBND XÃ", "Hà Văn Kiên", "Đinh Thị Huệ"} & set(people)
    pao = people["Giàng A Páo"]  # the second of the list: a man, Mông written "H'Mông", CCCD a number
    assert (pao.gender, pao.birth_year, pao.ethnic_code, pao.id_number) == (
        "male",
        1961,
        "08",
        "011610000001",
    )
    assert placed["Giàng A Páo"] == "Bản Hua Pầu"
    mai = people["Hoàng Thị Mai"]
    assert (mai.gender, mai.birth_year) == ("female", 1963)
    assert people["Vàng Seo Sử"].position == "Trưởng thôn"
    assert people["Vàng Seo Sử"].notes == "Hộ nghèo vươn lên"
    assert {person.ethnic_code for person in people.values()} == {"08", "02", "09", "07", "05"}

    again = read_sheet(commune_db, "people", path, options=CREATE)
    assert again.errors == [] and again.villages_to_create == []
    assert len(again.duplicates) == 30 and again.to_save == []
    assert _count(commune_db, Person) == 30


def test_an_all_capitals_tcvn3_list_comes_in_in_unicode_capitals(commune_db, tmp_path):
    rows, _ = table(6)
    rows = [
        [cell.upper() if isinstance(cell, str) and index == 1 else cell for index, cell in enumerate(row)]
        if row and isinstance(row[0], int)
        else row
        for row in rows
    ]
    path = tmp_path / "cu.xls"
    office_files.write_xls(path, rows, tcvn3=True)
    preview = read_sheet(commune_db, "people", path, options=CREATE)
    assert preview.encoding == "tcvn3"
    assert preview.errors == []
    names = sorted(record.full_name for _row, record in preview.to_save)
    assert "VÀNG SEO SỬ" in names and "GIÀNG A PÁO" in names
    assert preview.villages_to_create == ["Bản Hua Pầu", "Bản Khuổi Lầy", "Thôn Nà Phặc"]


def test_rows_that_cannot_be_taken_go_to_a_file_the_officer_corrects_and_imports_again(commune_db, tmp_path):
    rows, _ = table(9)
    bad = [row for row in rows if row and isinstance(row[0], int)]
    bad[0][4] = "Xyz"  # no such ethnic group
    bad[1][2] = "năm 19x0"
    bad[2][5] = "1,23457E+11"  # a CCCD Excel cut
    path = tmp_path / "loi.xlsx"
    office_files.write_xlsx(path, rows)
    preview = read_sheet(commune_db, "people", path, options=CREATE)
    assert len(preview.to_save) == 6
    reasons = [error.reason for error in preview.errors]
    assert any("Xyz" in reason for reason in reasons)
    assert any("E+11" in reason for reason in reasons)
    commit(commune_db, "admin", preview)

    rejects = tmp_path / "cac-dong-loi.xlsx"
    assert write_rejects(preview, rejects) == 3
    sheet = load_workbook(rejects).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][-1] == "Lỗi" and lines[0][1] == "Họ và tên"
    assert all(line[-1] for line in lines[1:])
    fixed = [list(line[:-1]) for line in lines]
    fixed[1][4], fixed[2][2], fixed[3][5] = "Mông", 1961, "016660000006"
    corrected = tmp_path / "da-sua.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    for line in fixed:
        book.active.append(line)
    book.save(corrected)
    second = read_sheet(commune_db, "people", corrected, options=CREATE)
    assert second.errors == [] and len(second.to_save) == 3
    commit(commune_db, "admin", second)
    assert _count(commune_db, Person) == 9


def test_a_person_already_recorded_is_not_an_error_and_the_empty_fields_are_offered(commune_db, tmp_path):
    create_person(commune_db, "admin", PersonFields("Vàng Seo Sử", birth_year=1960))
    create_person(commune_db, "admin", PersonFields("Người Khác", id_number="011610000001"))
    rows, _ = table(3)
    path = tmp_path / "lai.xlsx"
    office_files.write_xlsx(path, rows)
    preview = read_sheet(commune_db, "people", path, options=CREATE)
    assert [d.name for d in preview.duplicates] == ["Vàng Seo Sử"]
    assert [(e.row, "Người Khác" in e.reason) for e in preview.errors] == [(10, True)]
    update = preview.updates[0]
    assert set(update.filled) >= {"Dân tộc", "Số CCCD", "Giới tính", "Thôn, tổ dân phố"}
    commit(commune_db, "admin", preview, fill_blanks=True)
    with commune_db.session() as session:
        su = session.scalars(select(Person).where(Person.full_name == "Vàng Seo Sử")).one()
        assert (su.id_number, su.ethnic_code, su.birth_year) == ("010600000000", "08", 1960)
    assert _count(commune_db, Person) == 3


def test_a_decision_reference_in_one_cell_is_split_into_number_and_date():
    number, day = decision_reference("Số 45/QĐ-UBND ngày 12/12/2023")
    assert (number, day.isoformat()) == ("45/QĐ-UBND", "2023-12-12")
    number, day = decision_reference("QĐ số 7/QĐ-UBND ngày 05 tháng 01 năm 2024")
    assert (number, day.isoformat()) == ("7/QĐ-UBND", "2024-01-05")
    assert decision_reference("15/QĐ-UBND") == ("15/QĐ-UBND", None)


def test_the_list_attached_to_a_decision_brings_its_people_and_their_awards(commune_db, tmp_path):
    path = tmp_path / "qd-25.docx"
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Thôn, bản", "Thành tích"],
        ["I. Thôn Nà Phặc", None, None, None, None],
        [1, "Vàng Seo Sử", 1970, None, "Tích cực trong phong trào"],
        [2, "Lò Thị Mai", 1982, None, "Hội viên tiêu biểu"],
        ["II. Bản Hua Pầu", None, None, None, None],
        [3, "Giàng A Páo", 1975, None, "Làm đường giao thông"],
    ]
    office_files.write_docx(
        path,
        rows,
        heading=[
            ("ỦY BAN NHÂN DÂN XÃ NÀ PHẶC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("Số: 25/QĐ-UBND", "Nà Phặc, ngày 10 tháng 01 năm 2025"),
        ],
        text=[
            "DANH SÁCH",
            "Cá nhân được tặng Giấy khen của Chủ tịch UBND xã",
            "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024",
        ],
        two_row_header=False,
    )
    preview = read_sheet(commune_db, "awards", path, options=Options(add_villages=True, add_people=True))
    assert preview.document["decision"] == "25/QĐ-UBND"
    assert preview.document["signed_on"].isoformat() == "2025-01-10"
    assert preview.document["year"] == 2024
    assert preview.errors == []
    assert sorted(preview.people_to_create) == ["Giàng A Páo", "Lò Thị Mai", "Vàng Seo Sử"]
    assert commit(commune_db, "admin", preview) == 3
    with commune_db.session() as session:
        awards = session.execute(
            select(
                Person.full_name,
                Person.birth_year,
                Award.award_code,
                Award.year,
                Decision.number,
                AdminUnit.name,
            )
            .join(Award, Award.person_id == Person.id)
            .join(Decision, Award.decision_id == Decision.id)
            .join(AdminUnit, Person.village_id == AdminUnit.id)
            .order_by(Person.full_name)
        ).all()
    assert [tuple(row) for row in awards] == [
        ("Giàng A Páo", 1975, "GK_XA", 2024, "25/QĐ-UBND", "Bản Hua Pầu"),
        ("Lò Thị Mai", 1982, "GK_XA", 2024, "25/QĐ-UBND", "Thôn Nà Phặc"),
        ("Vàng Seo Sử", 1970, "GK_XA", 2024, "25/QĐ-UBND", "Thôn Nà Phặc"),
    ]
    again = read_sheet(commune_db, "awards", path, options=Options(add_villages=True, add_people=True))
    assert len(again.duplicates) == 3 and again.to_save == [] and again.people_to_create == []


def test_award_names_as_offices_write_them_are_understood(commune_db, tmp_path):
    create_person(commune_db, "admin", PersonFields("Vàng Seo Sử", birth_year=1970))
    rows = [
        ["DANH SÁCH THEO DÕI KHEN THƯỞNG"],
        ["STT", "Họ và tên", "Năm sinh", "Hình thức khen thưởng", "Năm", "Số, ngày quyết định"],
        [1, "Vàng Seo Sử", 1970, "GK", 2019, "Số 12/QĐ-UBND ngày 20/12/2019"],
        [2, "Vàng Seo Sử", 1970, "LĐTT", 2020, "Số 30/QĐ-UBND ngày 15/12/2020"],
        [3, "Vàng Seo Sử", 1970, "Chiến sỹ thi đua cơ sở", 2025, "Số 31/QĐ-UBND ngày 15/12/2025"],
        [4, "Vàng Seo Sử", 1970, "Giấy khen của Chủ tịch UBND xã", 2022, "Số 45/QĐ-UBND ngày 12/12/2022"],
        [5, "Vàng Seo Sử", 1970, "Huy chương lạ", 2023, "Số 46/QĐ-UBND ngày 12/12/2023"],
    ]
    path = tmp_path / "khen.csv"
    office_files.write_csv(path, rows, delimiter=",", encoding="cp1258")
    preview = read_sheet(commune_db, "awards", path)
    assert [(error.row, error.column) for error in preview.errors] == [(7, "Hình thức khen thưởng")]
    assert preview.unknown_awards == ["Huy chương lạ"]
    assert [record.award_code for _row, record in preview.to_save] == ["GK_XA", "LDTT", "CSTDCS", "GK_XA"]


@pytest.mark.sqlite_file
def test_the_command_line_takes_its_options_before_or_after_the_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOVANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
    db = tmp_path / "xa.sqlite"
    assert main(["init", "--db", str(db), "--role", "commune", "--unit", "1290", "--admin", "admin"]) == 0
    rows, _ = table(12)
    rows[8][4] = "Mông Hoa"
    path = tmp_path / "ds.ods"
    office_files.write_ods(path, rows)
    capsys.readouterr()

    assert main(["excel", "import", "people", "--db", str(db), str(path), "--json"]) == EXIT_REJECTED
    dry = json.loads(capsys.readouterr().out)
    assert dry["villages_to_create"] == ["Bản Hua Pầu", "Bản Khuổi Lầy", "Thôn Nà Phặc"] and dry["saved"] == 0

    rejects = tmp_path / "loi.xlsx"
    arguments = [str(path), "--add-villages", "--db", str(db), "--rejects", str(rejects), "--commit"]
    assert main(["excel", "import", "people", *arguments]) == 0
    out = capsys.readouterr().out
    assert "Thôn Nà Phặc" in out and out.splitlines()[-1] == "Đã lưu 11 dòng."
    lines = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert [line[-1] for line in lines[1:]] == [
        "Dân tộc: không có dân tộc “Mông Hoa”; có phải là HMông, Mnông, Mường?"
    ]
    opened = Database.open(db)
    try:
        assert _count(opened, Person) == 11
    finally:
        opened.close()


def test_exported_people_come_back_whole_into_a_fresh_commune(demo_db, commune_db, tmp_path):
    out = tmp_path / "ca-nhan.xlsx"
    count = export_list(demo_db, "people", out, sensitive=True)
    fields = ("full_name", "gender", "birth_date", "birth_year", "ethnic_code", "id_number", "position")
    fields += ("workplace", "hometown", "occupation", "notes")

    def everyone(db):
        with db.session() as session:
            rows = session.execute(
                select(*(getattr(Person, name) for name in fields), AdminUnit.name)
                .outerjoin(AdminUnit, AdminUnit.id == Person.village_id)
                .where(Person.deleted_at.is_(None))
            ).all()
        return sorted(rows, key=str)

    preview = read_sheet(commune_db, "people", out, options=CREATE)
    assert preview.errors == [] and len(preview.to_save) == count
    commit(commune_db, "admin", preview)
    assert everyone(commune_db) == everyone(demo_db)
    assert any(row[5] for row in everyone(commune_db))  # the ID numbers came too


def test_an_exported_award_history_comes_back_with_namesakes_told_apart(demo_db, tmp_path):
    out = tmp_path / "khen-thuong.xlsx"
    count = export_list(demo_db, "awards", out)
    columns = (Award.person_id, Award.collective_id, Award.award_code, Award.year, Decision.number)
    live = Award.deleted_at.is_(None), Award.revoked_by_decision_id.is_(None)
    held = select(*columns).join(Decision, Decision.id == Award.decision_id).where(*live)
    with demo_db.session() as session:
        before = sorted(session.execute(held).all(), key=str)
        revoked = session.scalar(select(func.count()).select_from(Award).where(Award.revoked_on.is_not(None)))
        names = session.execute(select(Person.name_key, func.count()).group_by(Person.name_key)).all()
    assert any(number > 1 for _name, number in names)  # the demo commune has namesakes
    with demo_db.transaction("admin") as session:
        for award in session.scalars(select(Award)):
            session.delete(award)
    preview = read_sheet(demo_db, "awards", out)
    assert len(preview.errors) == revoked  # a revoked award is not taken back as held
    assert all("thu hồi" in error.reason for error in preview.errors)
    assert len(preview.to_save) == count - revoked
    commit(demo_db, "admin", preview)
    with demo_db.session() as session:
        after = sorted(session.execute(held).all(), key=str)
    assert after == before


def test_gender_written_as_marks_under_nam_and_nu_is_read(commune_db, tmp_path):
    rows = [
        ["DANH SÁCH HỘI VIÊN"],
        ["STT", "Họ và tên", "Giới tính", None, "Năm sinh"],
        [None, None, "Nam", "Nữ", None],
        [1, "Sùng A Dình", "x", None, 1979],
        [2, "Vàng Thị Dợ", None, "X", "1983"],
        [3, "Lò Văn Hai", "x", "x", 1990],
    ]
    path = tmp_path / "hoi-vien.xlsx"
    office_files.write_xlsx_plain(path, rows)
    preview = read_sheet(commune_db, "people", path)
    genders = {record.full_name: (record.gender, record.birth_year) for _row, record in preview.to_save}
    assert genders == {"Sùng A Dình": ("male", 1979), "Vàng Thị Dợ": ("female", 1983)}
    assert [(error.row, error.reason) for error in preview.errors] == [(6, "cả cột Nam và cột Nữ đều có ghi")]
