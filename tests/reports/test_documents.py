"""Every printed document, read back with poppler: exact Vietnamese text, embedded fonts, A4."""

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Award
from desktop.reports import page
from desktop.reports.printing import Selection, render
from desktop.services.printer_offsets import Offsets, save_printer_offsets
from desktop.typeface import FILES, VIETNAMESE_LETTERS, font_path, missing_letters
from tests.decided import NAMES
from tests.poppler import fonts_of, pages_of, text_of


def _print(db, kind: str, tmp_path: Path, **chosen) -> Path:
    out = tmp_path / f"{kind}.pdf"
    render(db, kind, out, Selection(**chosen))
    return out


def _assert_official(pdf: Path, pages: int | None = None, wide: bool = False) -> str:
    """Embedded fonts only, A4, and the Quốc hiệu and Tiêu ngữ exactly."""
    assert all(row[-5] == "yes" for row in fonts_of(pdf)), fonts_of(pdf)
    count, size = pages_of(pdf)
    assert size == ((297, 210) if wide else (210, 297))
    if pages is not None:
        assert count == pages
    text = text_of(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    return text


def test_the_shipped_fonts_have_every_vietnamese_letter():
    assert len(VIETNAMESE_LETTERS) == 12 * 6 + 17
    for name in FILES:
        assert missing_letters(font_path(name)) == ""


def test_the_decision_names_everyone_with_its_list_and_golden_book_numbers(commune_db, decided, tmp_path):
    text = _assert_official(_print(commune_db, "decision", tmp_path, number="05/qđ-ubnd"))
    assert "Số: 05/QĐ-UBND" in text
    assert "Bảo Lâm, ngày 05 tháng 01 năm 2026" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẢO LÂM" in text
    assert "Tặng Giấy khen của Chủ tịch UBND cấp xã cho 04 cá nhân và 01 tập thể" in " ".join(text.split())
    assert "Vàng Seo Pháng" in text
    for name in (*NAMES, "Thôn Nà Lừa"):
        assert name in text
    assert "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2026" in text
    with commune_db.session() as session:
        numbers = sorted(session.scalars(select(Award.golden_book_number)))
    assert numbers == [f"000{n}/2026" for n in range(1, 6)]
    assert all(number in text for number in numbers)


def test_certificates_are_one_page_per_recipient_in_both_modes(commune_db, decided, tmp_path):
    full = _print(commune_db, "certificates", tmp_path)
    text = _assert_official(full, pages=5, wide=True)
    assert text.count("GIẤY KHEN") == 5
    assert "Số sổ vàng: 0001/2026" in text
    save_printer_offsets(commune_db, "admin", "Canon LBP", Offsets(2.5, -1))
    blank = tmp_path / "blank.pdf"
    assert render(commune_db, "certificates", blank, Selection(preprinted=True, printer="Canon LBP")) == 5
    preprinted = text_of(blank)
    assert "GIẤY KHEN" not in preprinted and "CỘNG HÒA" not in preprinted
    assert all(name in preprinted for name in NAMES)
    calibration = text_of(_print(commune_db, "certificate-calibration", tmp_path, printer="Canon LBP"))
    assert "Họ tên (148.5; 108 mm)" in calibration


def test_the_proposal_minutes_and_public_list(commune_db, decided, tmp_path):
    text = _assert_official(_print(commune_db, "proposal", tmp_path, id=decided["proposal"]))
    assert "TỜ TRÌNH" in text and "Giấy khen của Chủ tịch UBND cấp xã: 04 cá nhân và 01 tập thể" in text
    minutes = _assert_official(_print(commune_db, "minutes", tmp_path))
    assert "BIÊN BẢN" in minutes and "7/7 (100,0%)" in minutes and "CHỦ TỊCH HỘI ĐỒNG" in minutes
    public = _assert_official(_print(commune_db, "public-list", tmp_path, id=decided["proposal"]))
    assert all(name in public for name in NAMES)
    for private in ("/19", "Dân tộc", "CCCD", "Ngày sinh"):
        assert private not in public


def test_the_achievement_report_lists_earlier_awards_from_the_database(commune_db, decided, tmp_path):
    text = _assert_official(_print(commune_db, "achievement-report", tmp_path, id=decided["people"][0]))
    assert "BÁO CÁO THÀNH TÍCH" in text and "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND CẤP XÃ" in text
    assert "Nguyễn Thị Ánh Tuyết" in text and "Hoàn thành xuất sắc nhiệm vụ" in text
    assert "05/QĐ-UBND ngày 05/01/2026" in text


def test_text_typed_with_combining_marks_prints_precomposed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    out = tmp_path / "nfc.pdf"
    page.build(out, [page.para(decomposed)], title=decomposed)
    assert "Nguyễn Thị Ánh Tuyết" in text_of(out)


def test_asking_for_a_missing_record_says_so(commune_db, tmp_path):
    from desktop.errors import NotFoundError

    with pytest.raises(NotFoundError, match="Không có quyết định nào phù hợp"):
        render(commune_db, "decision", tmp_path / "x.pdf")
