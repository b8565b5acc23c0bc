"""Seeing a document before it leaves: the preview turns real pages, saves the same PDF, and
prints it through Qt (to a PDF printer here, read back with poppler)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter

from desktop.services.printer_offsets import printer_offsets
from desktop.ui.decisions_page import DecisionsPage
from desktop.ui.proposals_page import ProposalsPage
from desktop.ui.settings_page import SettingsPage
from tests.decided import NAMES
from tests.poppler import ink_box, ink_of, pages_of, text_of
from tests.ui.conftest import TODAY, shown


def _wait_ready(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.pages is not None and not dialog.sheet.pixmap().isNull(), timeout=20_000)


def _ink(image: QImage) -> float:
    """The share of sampled pixels that are not white: a blank page has none."""
    samples = [(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    dark = sum(1 for x, y in samples if QColor(image.pixel(x, y)).lightness() < 200)
    return dark / len(samples)


def _decisions_page(qtbot, db, make_context) -> DecisionsPage:
    page = DecisionsPage(make_context(db, TODAY))
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.reload()
    shown(qtbot, page)
    page.table.selectRow(0)
    shown(qtbot, page)
    return page


def test_certificates_are_previewed_page_by_page_saved_and_printed(
    qtbot, decided, commune_db, make_context, tmp_path
):
    page = _decisions_page(qtbot, commune_db, make_context)
    assert page.print_button.isEnabled()
    dialog = page.preview("certificates")
    _wait_ready(qtbot, dialog)
    assert len(dialog.pages) == len(NAMES) + 1  # four people and the village
    assert dialog.position.text() == "Trang 1 / 5"
    assert not dialog.previous.isEnabled()
    first = dialog.sheet.pixmap().toImage()
    assert first.width() > first.height()  # certificates are A4 landscape
    assert _ink(first) > 0.01
    dialog.turn(1)
    qtbot.waitUntil(lambda: dialog.sheet.pixmap().toImage() != first, timeout=10_000)
    assert dialog.position.text() == "Trang 2 / 5"

    saved = tmp_path / "giay-khen"
    dialog.save_to(saved)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Đã lưu"), timeout=10_000)
    assert pages_of(saved.with_suffix(".pdf")) == (5, (297, 210))
    assert not list(tmp_path.glob("*.part"))

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog.print_to(printer)
    qtbot.waitUntil(lambda: "trang đã gửi" in dialog.message.text(), timeout=30_000)
    assert pages_of(printed) == (5, (297, 210))
    # The printed sheet carries what the saved PDF shows at the same place on the paper (what
    # pre-printed blanks depend on): the ink's extent agrees within a millimetre.
    assert ink_of(printed, 3) > 0.02

    cancelled = QPrinter(QPrinter.PrinterMode.HighResolution)
    cancelled.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    cancelled.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    job = dialog.print_to(cancelled)
    job.current.cancel()  # the status bar's Cancel, while page 1 is being drawn
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Đã hủy in"), timeout=10_000)
    assert dialog.print_button.isEnabled()
    for printed_edge, saved_edge in zip(
        ink_box(printed, 3), ink_box(saved.with_suffix(".pdf"), 3), strict=True
    ):
        assert abs(printed_edge - saved_edge) <= 1.0
    dialog.close()


def test_a_document_that_cannot_be_made_says_why_and_offers_nothing_to_print(qtbot, commune_db, make_context):
    from desktop.services.proposals import ProposalFields, create_proposal

    create_proposal(commune_db, "admin", ProposalFields(title="Đề nghị chưa họp", year=2026))
    page = ProposalsPage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    page.reload()
    shown(qtbot, page)
    page.table.selectRow(0)
    dialog = page.preview("minutes")
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    assert dialog.message.text() == "Hội đồng chưa xét đề nghị này."
    assert not dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    dialog.close()


def test_the_decision_previewed_is_the_one_picked(qtbot, decided, commune_db, make_context, tmp_path):
    page = _decisions_page(qtbot, commune_db, make_context)
    dialog = page.preview("decision")
    _wait_ready(qtbot, dialog)
    dialog.save_to(tmp_path / "qd.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "qd.pdf").exists(), timeout=10_000)
    text = text_of(tmp_path / "qd.pdf")
    assert "05/QĐ-UBND" in text
    assert all(name in text for name in NAMES)
    dialog.close()


def test_printer_offsets_are_saved_from_settings_and_refused_without_a_printer(
    qtbot, commune_db, make_context
):
    page = SettingsPage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    page.offset_printer.setCurrentText("Canon LBP 2900")
    page.offset_right.setValue(2.5)
    page.offset_down.setValue(-1.5)
    page.save_offsets()
    assert page.message.text() == "Đã lưu độ lệch cho Canon LBP 2900."
    offsets = printer_offsets(commune_db, "Canon LBP 2900")
    assert (offsets.right, offsets.down) == (2.5, -1.5)
    page.offset_printer.setCurrentText("")
    page.offset_printer.setCurrentText("Canon LBP 2900")
    assert page.offset_right.value() == 2.5
    page.offset_printer.setCurrentText("  ")
    page.save_offsets()
    assert "máy in" in page.message.text()
    page.offset_printer.setCurrentText("Canon LBP 2900")
    dialog = page.preview_test_page()
    _wait_ready(qtbot, dialog)
    assert dialog.printer_row.isVisibleTo(dialog)
    assert dialog.selection().printer == "Canon LBP 2900"
    dialog.close()


def test_a_list_is_exported_with_its_filter(qtbot, demo_db, make_context, tmp_path):
    from openpyxl import load_workbook

    from desktop.ui.people_page import PeoplePage
    from tests.ui.conftest import wait_for_list

    page = PeoplePage(make_context(demo_db, TODAY))
    qtbot.addWidget(page)
    page.gender.setCurrentIndex(page.gender.findData("female"))
    page.reload()
    wait_for_list(qtbot, page)
    shown = page.model.rowCount()
    assert shown > 0
    target = tmp_path / "nu"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.count.text().startswith("Đã ghi"), timeout=20_000)
    sheet = load_workbook(tmp_path / "nu.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Họ và tên", "Giới tính")
    assert len(rows) - 1 == shown
    assert {row[1] for row in rows[1:]} == {"Nữ"}
    assert Path(tmp_path / "nu.xlsx").stat().st_size > 0


def test_people_are_imported_after_the_officer_maps_an_unknown_header(
    qtbot, commune_db, make_context, tmp_path
):
    from openpyxl import Workbook
    from sqlalchemy import func, select

    from desktop.models import Person
    from desktop.ui.people_page import PeoplePage
    from tests.ui.conftest import wait_for_list

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐOÀN VIÊN"])
    sheet.append(["TT", "Người được khen", "Năm sinh", "Giới tính"])
    sheet.append([1, "Hà Thị Nhung", 1991, "Nữ"])
    sheet.append([2, "Vi Văn Tuấn", "12/03/1988", "Nam"])
    sheet.append([3, "Ma Văn Khỏe", "1988", "Không biết"])
    path = tmp_path / "doan-vien.xlsx"
    book.save(path)

    page = PeoplePage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    dialog = page.open_import()
    dialog.path.setText(str(path))
    dialog.read(keep_mapping=False)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.summary.text() == "Không có cột nào chứa: Họ và tên. Hãy chọn cột ở dưới."
    assert not dialog.import_button.isEnabled()
    names = dialog.columns["full_name"]
    names.setCurrentIndex(names.findText("Người được khen"))
    assert dialog.columns["gender"].currentText() == "Giới tính"  # guessed
    first = dialog.preview
    dialog.read(keep_mapping=True)
    qtbot.waitUntil(lambda: dialog.preview is not first, timeout=10_000)
    assert dialog.problems.rowCount() == 1
    assert [dialog.problems.item(0, c).text() for c in range(2)] == ["5", "Giới tính"]
    assert dialog.import_button.text() == "Nhập 2 dòng"
    with commune_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0  # nothing saved yet
    dialog.save()
    wait_for_list(qtbot, page)
    qtbot.waitUntil(lambda: page.count.text() == "2 dòng · Đã lưu 2 dòng.", timeout=10_000)
    assert dialog.isVisible() and dialog.problems.rowCount() == 1  # the row to correct stays listed
    assert dialog.rejects_button.isEnabled()
    with commune_db.session() as session:
        assert sorted(session.scalars(select(Person.full_name))) == ["Hà Thị Nhung", "Vi Văn Tuấn"]


def test_the_reports_of_the_look_up_screen_follow_its_filters(qtbot, demo_db, make_context, tmp_path):
    from desktop.services.movements import movement_names
    from desktop.ui.award_lookup_page import AwardLookupPage

    page = AwardLookupPage(make_context(demo_db, TODAY))
    qtbot.addWidget(page)
    page.year.setValue(2024)
    annual = page.preview_annual_report()
    _wait_ready(qtbot, annual)
    annual.save_to(tmp_path / "nam.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "nam.pdf").exists(), timeout=10_000)
    assert "Kết quả công tác khen thưởng năm 2024" in " ".join(text_of(tmp_path / "nam.pdf").split())
    annual.close()

    movement_id, name = movement_names(demo_db)[-1]
    page.movement.set_value(movement_id)
    review = page.preview_movement_review()
    _wait_ready(qtbot, review)
    review.save_to(tmp_path / "pt.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "pt.pdf").exists(), timeout=10_000)
    assert f"phong trào thi đua “{name}”" in " ".join(text_of(tmp_path / "pt.pdf").split())
    review.close()
