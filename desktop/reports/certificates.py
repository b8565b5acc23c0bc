"""Giấy khen / Bằng khen in batch: one page per award of a decision.

Two ways to print (domain.md §7.3):
- the full design on blank paper: border, Quốc hiệu, the issuer in red, the award's name in red,
  the recipient, the decision and the golden-book number, place, date and signer;
- pre-printed blanks, which provinces supply: only the variable fields, each at a position in
  millimetres from the sheet's top-left corner, moved by the printer's own offsets. A test page
  marks every position so the officer can measure a printer's drift and enter it once.

Pages are drawn straight on the canvas (no flowable layout): a batch of a thousand must stay fast.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from desktop.progress import Progress, step
from desktop.reports.fonts import register_fonts
from desktop.reports.page import MOTTO, NATION, Target, destination, long_date, place_date
from desktop.services.documents import DecisionDocument, ListedSubject
from desktop.services.printer_offsets import Offsets
from desktop.text import nfc
from desktop.typeface import BOLD, FAMILY, ITALIC

SHEET = landscape(A4)
RED = Color(0.78, 0.05, 0.05)
GOLD = Color(0.72, 0.53, 0.04)
NO_OFFSETS = Offsets()


@dataclass(frozen=True)
class Field:
    x: float
    """Millimetres from the left edge; the text is centred on it."""
    y: float
    """Millimetres from the top edge, to the baseline."""
    size: float
    font: str = FAMILY
    width: float = 0.0
    """Wrap width in millimetres (0: one line)."""


LAYOUT: dict[str, Field] = {
    "name": Field(148.5, 108, 24, BOLD),
    "detail": Field(148.5, 120, 15, ITALIC, 200),
    "achievement": Field(148.5, 134, 15, FAMILY, 210),
    "decision": Field(70, 176, 12),
    "golden_book": Field(70, 183, 12),
    "place_date": Field(212, 146, 13, ITALIC),
    "signer": Field(212, 188, 15, BOLD),
}
"""Where each variable field goes on an A4-landscape sheet (full design and pre-printed blanks)."""


@dataclass(frozen=True)
class CertificateText:
    """The variable fields of one certificate, as printed."""

    name: str
    detail: str
    achievement: str
    decision: str
    golden_book: str
    place_date: str
    signer: str


def heading_of(line: ListedSubject) -> str:
    """ "GIẤY KHEN" or "BẰNG KHEN" for commendations; a title's own name otherwise."""
    code = line.award_code
    if code.startswith("GK_"):
        return "GIẤY KHEN"
    if code.startswith("BK_"):
        return "BẰNG KHEN"
    return line.award_name.upper()


def certificate_texts(doc: DecisionDocument) -> list[CertificateText]:
    """One text per recipient, in the decision's order; all NFC."""
    texts = []
    for line in doc.lines:
        detail = ", ".join(part for part in (line.position, line.workplace or line.village) if part)
        achievement = line.achievement or "Đã có thành tích xuất sắc trong phong trào thi đua"
        texts.append(
            CertificateText(
                name=nfc(line.name),
                detail=nfc(detail),
                achievement=nfc(achievement if achievement.endswith(".") else achievement + "."),
                decision=nfc(f"Quyết định số {doc.number}, {long_date(doc.signed_on)}"),
                golden_book=nfc(f"Số sổ vàng: {line.golden_book_number}" if line.golden_book_number else ""),
                place_date=nfc(place_date(doc.issuer.place, doc.signed_on)),
                signer=nfc(doc.signer_name),
            )
        )
    return texts


def _at(canvas: Canvas, field: Field, text: str, offsets: Offsets) -> None:
    """Draw `text` centred at the field's position, wrapped to its width."""
    if not text:
        return
    x = (field.x + offsets.right) * mm
    y = SHEET[1] - (field.y + offsets.down) * mm
    canvas.setFont(field.font, field.size)
    lines = simpleSplit(text, field.font, field.size, field.width * mm) if field.width else [text]
    for n, line in enumerate(lines):
        canvas.drawCentredString(x, y - n * field.size * 1.25, line)


def _frame(canvas: Canvas) -> None:
    """The decorative border: a red double frame with gold corner lozenges."""
    width, height = SHEET
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
    canvas.setFillColor(GOLD)
    for x, y in (
        (12, 12),
        (width / mm - 12, 12),
        (12, height / mm - 12),
        (width / mm - 12, height / mm - 12),
    ):
        path = canvas.beginPath()
        path.moveTo(x * mm, (y + 5) * mm)
        path.lineTo((x + 5) * mm, y * mm)
        path.lineTo(x * mm, (y - 5) * mm)
        path.lineTo((x - 5) * mm, y * mm)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(black)
    canvas.setStrokeColor(black)


def _fixed_parts(canvas: Canvas, authority_line: str, heading: str, signer_title: str) -> None:
    """What a pre-printed blank already carries."""
    width, height = SHEET
    middle = width / 2
    canvas.setFont(BOLD, 14)
    canvas.drawCentredString(middle, height - 30 * mm, NATION)
    canvas.drawCentredString(middle, height - 37 * mm, MOTTO)
    canvas.setFillColor(RED)
    canvas.setFont(BOLD, 17)
    canvas.drawCentredString(middle, height - 54 * mm, authority_line)
    canvas.setFillColor(black)
    canvas.setFont(BOLD, 16)
    canvas.drawCentredString(middle, height - 66 * mm, "TẶNG")
    canvas.setFillColor(RED)
    canvas.setFont(BOLD, 40)
    canvas.drawCentredString(middle, height - 86 * mm, heading)
    canvas.setFillColor(black)
    canvas.setFont(BOLD, 14)
    canvas.drawCentredString(LAYOUT["place_date"].x * mm, height - 153 * mm, signer_title)


def write_certificates(
    doc: DecisionDocument,
    target: Target,
    preprinted: bool = False,
    offsets: Offsets = NO_OFFSETS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """One page per recipient; returns the number of pages. `preprinted`: variable fields only."""
    register_fonts()
    canvas = Canvas(
        destination(target),
        pagesize=SHEET,
        initialFontName=FAMILY,
        pageCompression=1,
    )
    canvas.setTitle(nfc(f"Giấy khen — Quyết định {doc.number}"))
    canvas.setAuthor("Sổ Vàng")
    texts = certificate_texts(doc)
    authority = nfc(doc.authority_line)
    signer_title = nfc(doc.signer_title or "CHỦ TỊCH").upper()
    shift = offsets if preprinted else NO_OFFSETS
    for n, (line, text) in enumerate(zip(doc.lines, texts, strict=True), 1):
        if n % 50 == 1:
            step(progress, cancel, n - 1, len(texts))
        if not preprinted:
            _frame(canvas)
            _fixed_parts(canvas, authority, heading_of(line), signer_title)
        for key, field in LAYOUT.items():
            _at(canvas, field, getattr(text, key), shift)
        canvas.showPage()
    canvas.save()
    step(progress, cancel, len(texts), len(texts))
    return len(texts)


def write_calibration_page(target: Target, offsets: Offsets = NO_OFFSETS) -> None:
    """A test page for pre-printed blanks: a cross and the field's name at every position (moved
    by `offsets`), and millimetre rulers along the top and left edges to measure the drift."""
    register_fonts()
    canvas = Canvas(destination(target), pagesize=SHEET, initialFontName=FAMILY)
    canvas.setTitle("Trang thử căn chỉnh phôi giấy khen")
    width, height = SHEET
    canvas.setLineWidth(0.3)
    canvas.setFont(FAMILY, 7)
    for mark in range(0, int(width / mm) + 1):
        tick = 4 if mark % 10 == 0 else 2
        canvas.line(mark * mm, height, mark * mm, height - tick * mm)
        if mark % 10 == 0 and mark:
            canvas.drawCentredString(mark * mm, height - 7 * mm, str(mark))
    for mark in range(0, int(height / mm) + 1):
        tick = 4 if mark % 10 == 0 else 2
        canvas.line(0, height - mark * mm, tick * mm, height - mark * mm)
        if mark % 10 == 0 and mark:
            canvas.drawString(5 * mm, height - mark * mm - 2, str(mark))
    for key, field in LAYOUT.items():
        x = (field.x + offsets.right) * mm
        y = height - (field.y + offsets.down) * mm
        canvas.setStrokeColor(RED)
        canvas.line(x - 5 * mm, y, x + 5 * mm, y)
        canvas.line(x, y - 5 * mm, x, y + 5 * mm)
        canvas.setFillColor(RED)
        canvas.setFont(FAMILY, 9)
        canvas.drawString(x + 2 * mm, y + 1.5 * mm, f"{_FIELD_NAMES[key]} ({field.x:g}; {field.y:g} mm)")
    canvas.setFillColor(black)
    canvas.setFont(FAMILY, 12)
    canvas.drawCentredString(
        width / 2,
        22 * mm,
        nfc("In trang này lên một phôi giấy khen, đo độ lệch (mm) giữa mỗi dấu + và chỗ cần in,"),
    )
    canvas.drawCentredString(
        width / 2, 16 * mm, nfc("rồi nhập độ lệch sang phải và xuống dưới vào phần Cài đặt máy in.")
    )
    canvas.showPage()
    canvas.save()


_FIELD_NAMES = {
    "name": "Họ tên",
    "detail": "Chức vụ, đơn vị",
    "achievement": "Thành tích",
    "decision": "Số quyết định",
    "golden_book": "Số sổ vàng",
    "place_date": "Địa danh, ngày",
    "signer": "Người ký",
}
