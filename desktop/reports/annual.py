"""The unit's annual TĐKT report: figures against the year before, charts, and the statistical forms."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from desktop.reports import page
from desktop.reports.page import bold, para, para_markup
from desktop.services.statistics import AnnualReport, Breakdown, FormTable
from desktop.typeface import FAMILY

THIS_YEAR = Color(0.75, 0.1, 0.1)
LAST_YEAR = Color(0.6, 0.6, 0.6)
CHART_ROWS = 8


def _change(now: int, before: int) -> str:
    if not before:
        return "—"
    return f"{(now - before) * 100 / before:+.1f}%".replace(".", ",")


def _title_chart(breakdown: Breakdown, year: int, width: float) -> Drawing:
    """This year against the last, for the largest rows of a breakdown."""
    rows = breakdown.rows[:CHART_ROWS]
    height = 40 + 26 * len(rows)
    drawing = Drawing(width, height, initialFontName=FAMILY)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 30
    chart.width, chart.height = width - 170, height - 40
    chart.data = [[row[1] for row in reversed(rows)], [row[2] for row in reversed(rows)]]
    chart.categoryAxis.categoryNames = [row[0][:32] for row in reversed(rows)]
    chart.bars[0].fillColor = THIS_YEAR
    chart.bars[1].fillColor = LAST_YEAR
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName = FAMILY
        labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    drawing.add(chart)
    legend = Legend()
    legend.fontName = FAMILY
    legend.fontSize = 9
    legend.x, legend.y = 150, 12
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(THIS_YEAR, f"Năm {year}"), (LAST_YEAR, f"Năm {year - 1}")]
    drawing.add(legend)
    return drawing


def _year_chart(by_year: tuple[tuple[int, int], ...], width: float) -> Drawing:
    drawing = Drawing(width, 170, initialFontName=FAMILY)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 25, width - 60, 125
    chart.data = [[count for _year, count in by_year]]
    chart.categoryAxis.categoryNames = [str(year) for year, _count in by_year]
    chart.bars[0].fillColor = THIS_YEAR
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName = FAMILY
        labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    drawing.add(chart)
    drawing.add(
        String(
            width / 2,
            158,
            "Số lượt khen thưởng qua các năm",
            fontName=FAMILY,
            fontSize=10,
            textAnchor="middle",
        )
    )
    return drawing


def _breakdown_table(breakdown: Breakdown, year: int, width: float) -> Flowable:
    widths = [width * share for share in (0.08, 0.44, 0.16, 0.16, 0.16)]
    rows = [
        (str(n), label, str(now), str(before), _change(now, before))
        for n, (label, now, before) in enumerate(breakdown.rows, 1)
    ]
    total_now = sum(row[1] for row in breakdown.rows)
    total_before = sum(row[2] for row in breakdown.rows)
    rows.append(("", "Cộng", str(total_now), str(total_before), _change(total_now, total_before)))
    header = ("STT", breakdown.title, f"Năm {year}", f"Năm {year - 1}", "Tăng, giảm")
    return page.grid(header, rows, widths, (0, 2, 3, 4))


def _form(form: FormTable, width: float) -> list[Flowable]:
    label_share = 0.40
    other = (1 - label_share - 0.08) / max(len(form.columns), 1)
    widths = [width * 0.08, width * label_share] + [width * other] * len(form.columns)
    rows = [
        (code, label, *("" if cell is None else str(cell) for cell in cells))
        for code, label, cells in form.rows
    ]
    header = ("Mã số", "Chỉ tiêu", *form.columns)
    return [
        CondPageBreak(120),
        para(f"Biểu {form.code}", "title"),
        para(form.title.upper(), "summary"),
        para(f"Đơn vị tính: {form.unit}", "place_date"),
        Spacer(1, 6),
        page.grid(header, rows, widths, (0, *range(2, len(header)))),
        Spacer(1, 14),
    ]


def annual_story(report: AnnualReport) -> list[Flowable]:
    width = page.frame_width()
    head = page.Letterhead(
        report.issuer.unit_name, report.issuer.place, None, None, report.issuer.governing_body
    )
    story: list[Flowable] = [page.letterhead(head, width)]
    story += page.title_block("BÁO CÁO", f"Kết quả công tác khen thưởng năm {report.year}")
    story.append(para_markup(bold("I. TỔNG QUAN"), "plain"))
    story.append(
        para(
            f"Trong năm {report.year}, {report.issuer.short_name} và cấp trên đã khen thưởng"
            f" {report.total} lượt cá nhân, tập thể trên địa bàn"
            f" (năm {report.year - 1}: {report.previous_total} lượt;"
            f" tăng, giảm {_change(report.total, report.previous_total)}).",
        )
    )
    story.append(_year_chart(report.by_year, width))
    story.append(para_markup(bold("II. KẾT QUẢ KHEN THƯỞNG CHIA THEO TIÊU CHÍ"), "plain"))
    for number, breakdown in enumerate(report.breakdowns, 1):
        heading = para(f"{number}. {breakdown.title}", "plain")
        story.append(KeepTogether([heading, Spacer(1, 3), _breakdown_table(breakdown, report.year, width)]))
        if number == 1 and breakdown.rows:
            story.append(_title_chart(breakdown, report.year, width))
        story.append(Spacer(1, 10))
    story.append(PageBreak())
    story.append(para_markup(bold("III. BIỂU MẪU THỐNG KÊ"), "plain"))
    story.append(
        para(
            "Số liệu tính từ cơ sở dữ liệu; ô để trống là chỉ tiêu phần mềm không theo dõi, đơn vị tự điền.",
            "body",
        )
    )
    for form in report.forms:
        story += _form(form, width)
    sign = page.signature_for("tm", report.issuer.signer_title, report.issuer.signer_name)
    story.append(page.closing(["Lưu: VT, TĐKT."], sign, width))
    return story


def write_annual(report: AnnualReport, target: page.Target) -> None:
    page.build(target, annual_story(report), title=f"Báo cáo khen thưởng năm {report.year}")
