"""The administrative page of ND 30/2020 (domain.md §7): A4, margins, type sizes, letterhead,
signature and "Nơi nhận", page numbers centred in the top margin from page 2 on.

Every document module builds a list of flowables from these pieces and hands it to `build`.
All text passes through `para`, which NFC-normalises and escapes it, so a name typed with
combining marks prints the same as one typed precomposed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.reports.fonts import register_fonts
from desktop.text import nfc
from desktop.typeface import BOLD, FAMILY

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_SIZE = 14
Target = Path | BinaryIO


def destination(target: Target) -> str | BinaryIO:
    """What reportlab takes: a file name, or the open stream as is."""
    return str(target) if isinstance(target, Path) else target


def clean(text: str | None) -> str:
    """NFC and escaped for a Paragraph; line breaks kept as <br/>."""
    lines = (nfc(line) for line in (text or "").splitlines())
    return "<br/>".join(escape(line) for line in lines)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of an administrative document (sizes from domain.md §7)."""
    family = register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=family,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.3,
        alignment=TA_JUSTIFY,
        firstLineIndent=1.27 * 72 / 2.54,
        spaceAfter=6,
    )
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)

    def flush(
        name: str, size: float, leading: float, alignment: int = TA_LEFT, font: str = family
    ) -> ParagraphStyle:
        """A small style without indent or space after: table cells and the Nơi nhận list."""
        return ParagraphStyle(
            name,
            parent=body,
            fontName=font,
            fontSize=size,
            leading=leading,
            firstLineIndent=0,
            alignment=alignment,
            spaceAfter=0,
        )

    return {
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "basis": ParagraphStyle("basis", parent=body, fontName=f"{family}-Italic"),
        "center": center,
        "head": ParagraphStyle("head", parent=center, fontSize=13, leading=15.5),
        "head_bold": ParagraphStyle("head_bold", parent=center, fontName=BOLD, fontSize=13, leading=15.5),
        "nation": ParagraphStyle("nation", parent=center, fontName=BOLD, fontSize=12.5, leading=15),
        "motto": ParagraphStyle("motto", parent=center, fontName=BOLD, fontSize=13.5, leading=16),
        "place_date": ParagraphStyle(
            "place_date", parent=center, fontName=f"{family}-Italic", fontSize=13.5, leading=16
        ),
        "title": ParagraphStyle("title", parent=center, fontName=BOLD, fontSize=14, leading=17),
        "summary": ParagraphStyle("summary", parent=center, fontName=BOLD, fontSize=14, leading=17),
        "sign_title": ParagraphStyle("sign_title", parent=center, fontName=BOLD, fontSize=13.5, leading=16),
        "sign_name": ParagraphStyle("sign_name", parent=center, fontName=BOLD, fontSize=14, leading=17),
        "recipients_head": flush("recipients_head", 12, 14, font=f"{family}-BoldItalic"),
        "recipients": flush("recipients", 11, 13),
        "cell": flush("cell", 12, 14),
        "cell_center": flush("cell_center", 12, 14, TA_CENTER),
        "cell_head": flush("cell_head", 12, 14, TA_CENTER, BOLD),
    }


def para(text: str | None, style: str = "body") -> Paragraph:
    return Paragraph(clean(text), styles()[style])


def bold(text: str) -> str:
    """Markup for a bold run inside `para_markup` text; the text itself is escaped."""
    return f"<b>{clean(text)}</b>"


def para_markup(markup: str, style: str = "body") -> Paragraph:
    """A paragraph whose caller escaped its own parts (with `clean` or `bold`)."""
    return Paragraph(markup, styles()[style])


def padded(number: int) -> str:
    return f"{number:02d}"


def long_date(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": days under 10 and months under 3 get a leading 0 (ND 30)."""
    month = padded(day.month) if day.month < 3 else str(day.month)
    return f"ngày {padded(day.day)} tháng {month} năm {day.year}"


def place_date(place: str, day: dt.date) -> str:
    """ "Bảo Lâm, ngày 05 tháng 01 năm 2026"."""
    return f"{place}, {long_date(day)}"


def money(amount: float | Decimal | None) -> str:
    """Vietnamese grouping: 1.234.000."""
    return f"{int(amount or 0):,}".replace(",", ".")


class Rule(Flowable):
    """A solid line centred under a heading, `width` long (ND 30 draws them under the names)."""

    def __init__(self, width: float, above: float = 4, below: float = 3) -> None:
        super().__init__()
        self.line_width = width
        self.above = above
        self.below = below

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available = available_width
        return available_width, self.above + self.below

    def draw(self) -> None:
        """Clear of the descenders of the line above (which reach the bottom of its box)."""
        start = (self.available - self.line_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, self.below, start + self.line_width, self.below)


def text_width(text: str, font: str = BOLD, size: float = 13) -> float:
    register_fonts()
    return stringWidth(nfc(text), font, size)


@dataclass(frozen=True)
class Letterhead:
    """The two header columns: who issues it (left) and the nation's name (right)."""

    unit_name: str
    place: str
    day: dt.date | None
    number: str | None = None
    """Shown as "Số: …"; None leaves "Số:      /" for a number given at signing."""
    governing_body: str = ""
    unit_lines: Sequence[str] = field(default_factory=tuple)
    """The unit name split over lines as printed; empty: split before the place's name."""


def _unit_lines(head: Letterhead) -> list[str]:
    if head.unit_lines:
        return list(head.unit_lines)
    name = nfc(head.unit_name).upper()
    for joint in (" XÃ ", " PHƯỜNG ", " ĐẶC KHU ", " TỈNH ", " THÀNH PHỐ ", " HUYỆN "):
        at = name.find(joint)
        if at > 0:
            return [name[:at], name[at + 1 :]]
    return [name]


def letterhead(head: Letterhead, width: float) -> Table:
    left: list[Flowable] = []
    if head.governing_body:
        left.append(para(head.governing_body.upper(), "head"))
    lines = _unit_lines(head)
    left += [para(line, "head_bold") for line in lines]
    left.append(Rule(max(text_width(line) for line in lines) * 0.4))
    number = f"Số: {head.number}" if head.number else "Số:       /"
    left.append(para(number, "head"))
    right: list[Flowable] = [
        para(NATION, "nation"),
        para(MOTTO, "motto"),
        Rule(text_width(MOTTO, size=13.5)),
    ]
    if head.day is not None:
        right.append(para(place_date(head.place, head.day), "place_date"))
    else:
        right.append(para(f"{head.place}, ngày      tháng      năm", "place_date"))
    return layout_table([[left, right]], [width * 0.42, width * 0.58], *PLAIN)


def nation_header() -> list[Flowable]:
    """The Quốc hiệu alone, centred: forms signed by a person, not an agency (báo cáo thành tích)."""
    return [para(NATION, "nation"), para(MOTTO, "motto"), Rule(text_width(MOTTO, size=13.5))]


def title_block(kind: str, summary: str | None = None) -> list[Flowable]:
    """ "QUYẾT ĐỊNH" and its trích yếu, with the short line under it."""
    parts: list[Flowable] = [Spacer(1, 10), para(kind.upper(), "title")]
    if summary:
        parts.append(para(summary, "summary"))
        parts.append(Rule(40 * mm))
    parts.append(Spacer(1, 6))
    return parts


@dataclass(frozen=True)
class Signature:
    """The right-hand signature block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / space / name."""

    title: str
    name: str = ""
    prefix: str = ""
    """The line above the title: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" …; empty for one's own power."""
    space: float = 28 * mm


def signature_cell(sign: Signature) -> list[Flowable]:
    cell: list[Flowable] = []
    if sign.prefix:
        cell.append(para(sign.prefix.upper(), "sign_title"))
    cell.append(para(sign.title.upper(), "sign_title"))
    cell.append(Spacer(1, sign.space))
    cell.append(para(sign.name, "sign_name"))
    return cell


def closing(recipients: Sequence[str], sign: Signature, width: float) -> Flowable:
    """Nơi nhận (bottom left) level with the signature block (right), kept on one page."""
    left: list[Flowable] = []
    if recipients:
        left.append(para("Nơi nhận:", "recipients_head"))
        left += [para(f"- {line}", "recipients") for line in recipients]
    table = layout_table([[left, signature_cell(sign)]], [width * 0.45, width * 0.55], *PLAIN)
    return KeepTogether([Spacer(1, 8), table])


def two_signatures(left: Signature, right: Signature, width: float) -> Flowable:
    """Two signers side by side (minutes: secretary and chair; reports: head and author)."""
    table = layout_table([[signature_cell(left), signature_cell(right)]], [width / 2, width / 2], *PLAIN)
    return KeepTogether([Spacer(1, 10), table])


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    centred: Sequence[int] = (0,),
) -> Table:
    """A ruled table with a bold header row repeated on every page; `centred` are column indexes."""
    data: list[list[Flowable]] = [[para(text, "cell_head") for text in header]]
    for row in rows:
        data.append([para(text, "cell_center" if i in centred else "cell") for i, text in enumerate(row)])
    return layout_table(
        data,
        widths,
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        repeatRows=1,
    )


def layout_table(cells: list[list], widths: Sequence[float], *commands: tuple, **options) -> Table:
    """A Table in the document face: reportlab draws each cell in Helvetica unless told, and
    that font would be the one left unembedded in the PDF."""
    table = Table(cells, colWidths=list(widths), **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands]))
    return table


PLAIN = (
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
)
"""A borderless layout grid: letterhead and signature columns."""


def _page_number(canvas, document) -> None:
    """Pages after the first carry their number, centred in the top margin."""
    canvas.saveState()
    canvas.setFont(FAMILY, 13)
    width, height = document.pagesize
    canvas.drawCentredString(width / 2, height - MARGIN_TOP / 2, str(document.page))
    canvas.restoreState()


def frame_width(wide: bool = False) -> float:
    page_width = landscape(A4)[0] if wide else A4[0]
    return page_width - MARGIN_LEFT - MARGIN_RIGHT


def build(
    target: Target,
    story: list[Flowable],
    title: str,
    wide: bool = False,
) -> None:
    """Write `story` as an A4 PDF (landscape when `wide`, for wide tables) to a path or stream."""
    register_fonts()
    document = SimpleDocTemplate(
        destination(target),
        pagesize=landscape(A4) if wide else A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(title),
        author="Sổ Vàng",
        creator="Sổ Vàng",
        lang="vi",
        initialFontName=FAMILY,
        initialFontSize=BODY_SIZE,
    )
    document.build(story, onFirstPage=lambda canvas, doc: None, onLaterPages=_page_number)


def signature_for(mode: str, title: str, name: str, body: str = "ỦY BAN NHÂN DÂN") -> Signature:
    """The signature block of ND 30 for a way of signing (codes of `desktop.codes.SignMode`)."""
    title = title or "CHỦ TỊCH"
    prefixes = {"kt": "KT. CHỦ TỊCH", "tm": f"TM. {body}", "tl": "TL. CHỦ TỊCH", "tuq": "TUQ. CHỦ TỊCH"}
    if mode == "q":
        return Signature(f"Q. {title}", name)
    return Signature(title, name, prefixes.get(mode, ""))
