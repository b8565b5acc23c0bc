"""How fast documents print: a batch of certificates, and the annual report of a large database.

    python bench/bench_pdf.py [--certificates 1000] [--db bench/out/p112k.sqlite --year 2025]

Certificates: 1,000 recipients of one decision, full design, written to memory; the baseline is a
bare reportlab loop that draws the same strings in the same fonts on the same number of pages,
so the ratio is the cost of our layout (frame, wrapping, NFC) over reportlab itself. Target: the
batch under 10 s.

Pages: pdfium drawing a certificate page as the in-app preview shows it (96 dpi) and as printing
sends it (300 dpi), next to the time reportlab took to make that page.

Annual report: counting and drawing the report of `--year` from `--db` (make one with
`bench/make_dataset.py --persons 112000 --out bench/out/p112k.sqlite`, about 100,000 awards).
Target: under 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from desktop.codes import Gender  # noqa: E402
from desktop.demo.names import KINH, full_name  # noqa: E402
from desktop.reports.certificates import LAYOUT, SHEET, certificate_texts, write_certificates  # noqa: E402
from desktop.reports.fonts import register_fonts  # noqa: E402
from desktop.services.documents import DecisionDocument, Issuer, ListedSubject  # noqa: E402
from desktop.typeface import FAMILY  # noqa: E402


def _decision(count: int) -> DecisionDocument:
    rng = random.Random(1)
    issuer = Issuer(
        "ỦY BAN NHÂN DÂN XÃ BẢO LÂM",
        "Bảo Lâm",
        "",
        "ỦY BAN NHÂN DÂN XÃ BẢO LÂM",
        "Vàng Seo Pháng",
        "CHỦ TỊCH",
        "UBND xã Bảo Lâm",
    )
    lines = tuple(
        ListedSubject(
            True,
            full_name(rng, KINH, rng.choice((Gender.MALE, Gender.FEMALE))),
            "Giáo viên",
            "Trường Tiểu học xã Bảo Lâm",
            "Thôn Nà Lừa",
            "GK_XA",
            "Giấy khen của Chủ tịch UBND cấp xã",
            "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2025",
            None,
            f"{n:04d}/2026",
        )
        for n in range(1, count + 1)
    )
    return DecisionDocument(
        id=None,  # type: ignore[arg-type]
        number="05/QĐ-UBND",
        signed_on=dt.date(2026, 1, 5),
        revocation=False,
        summary="Về việc tặng Giấy khen năm 2025",
        legal_basis=(),
        proposed_by="",
        authority="Chủ tịch UBND xã Bảo Lâm",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẢO LÂM",
        issuer=issuer,
        signer_name="Vàng Seo Pháng",
        signer_title="Chủ tịch",
        sign_mode="own",
        lines=lines,
        revocation_reason="",
        revoked_decision="",
    )


def _bare(doc: DecisionDocument) -> float:
    """reportlab alone: the same strings, same fonts and sizes, one page each, no layout."""
    texts = certificate_texts(doc)
    start = time.perf_counter()
    canvas = Canvas(io.BytesIO(), pagesize=SHEET, initialFontName=FAMILY, pageCompression=1)
    for text in texts:
        for key, field in LAYOUT.items():
            canvas.setFont(field.font, field.size)
            canvas.drawCentredString(field.x * mm, SHEET[1] - field.y * mm, getattr(text, key))
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def bench_certificates(count: int) -> None:
    register_fonts()
    doc = _decision(count)
    write_certificates(_decision(10), io.BytesIO())  # warm the font subsetting code
    bare = _bare(doc)
    start = time.perf_counter()
    out = io.BytesIO()
    pages = write_certificates(doc, out)
    ours = time.perf_counter() - start
    print(f"certificates: {pages} pages, {len(out.getvalue()) / 1e6:.1f} MB")
    print(f"  Sổ Vàng batch      {ours:6.2f} s   (target < 10 s)")
    print(f"  bare reportlab     {bare:6.2f} s")
    print(f"  ratio              {ours / bare:6.2f} x")
    bench_pages(out.getvalue(), ours / pages)


def bench_pages(data: bytes, made_per_page: float, sample: int = 20) -> None:
    """What the preview and the printer wait for: pdfium drawing one certificate page at screen
    (96 dpi) and print (300 dpi) resolution, against the time to make that page."""
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.pdf_pages import PdfPages

    QGuiApplication.instance() or QGuiApplication([])
    pages = PdfPages(data)
    for dpi, use in ((96, "preview"), (300, "print")):
        start = time.perf_counter()
        for index in range(sample):
            pages.image(index, dpi)
        each = (time.perf_counter() - start) / sample
        ratio = each / made_per_page
        print(f"  page drawn for {use:8s} {each * 1000:6.1f} ms at {dpi} dpi ({ratio:5.1f}x making it)")
    pages.close()


def bench_annual(path: Path, year: int) -> None:
    from desktop.db import Database
    from desktop.models import Award, Decision
    from desktop.reports.annual import write_annual
    from desktop.services.statistics import annual_report

    db = Database.open(path)
    with db.session() as session:
        awards = session.scalar(select(func.count()).select_from(Award))
        in_year = session.scalar(
            select(func.count())
            .select_from(Award)
            .join(Decision, Decision.id == Award.decision_id)
            .where(Decision.signed_on >= dt.date(year, 1, 1), Decision.signed_on <= dt.date(year, 12, 31))
        )
    start = time.perf_counter()
    report = annual_report(db, year)
    counted = time.perf_counter()
    write_annual(report, io.BytesIO())
    done = time.perf_counter()
    print(f"annual report {year}: database of {awards:,} awards, {in_year:,} decided that year")
    print(f"  counting           {counted - start:6.2f} s")
    print(f"  drawing            {done - counted:6.2f} s")
    print(f"  total              {done - start:6.2f} s   (target < 5 s)")
    print(f"  report total       {report.total:,} (database: {in_year:,} before revocations)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=Path("bench/out/p112k.sqlite"))
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    bench_certificates(args.certificates)
    if args.db.exists():
        bench_annual(args.db, args.year)
    else:
        print(f"annual report: {args.db} not found; make it with bench/make_dataset.py (see --help)")


if __name__ == "__main__":
    main()
