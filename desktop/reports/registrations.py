"""The consolidated list of emulation registrations (đăng ký thi đua) of a year."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from desktop.reports import page
from desktop.reports.page import para
from desktop.services.documents import RegistrationDocument


def registrations_story(doc: RegistrationDocument) -> list[Flowable]:
    width = page.frame_width(wide=True)
    head = page.Letterhead(doc.issuer.unit_name, doc.issuer.place, None, None, doc.issuer.governing_body)
    story: list[Flowable] = [page.letterhead(head, width)]
    story += page.title_block("DANH SÁCH ĐĂNG KÝ THI ĐUA", f"Năm {doc.year}")
    people = sum(line.is_person for line in doc.lines)
    story.append(para(f"Tổng số: {people} cá nhân, {len(doc.lines) - people} tập thể đăng ký.", "plain"))
    story.append(Spacer(1, 4))
    widths = [width * share for share in (0.06, 0.26, 0.16, 0.20, 0.22, 0.10)]
    rows = [
        (str(n), line.name, line.village, line.award_name, line.movement, line.state)
        for n, line in enumerate(doc.lines, 1)
    ]
    story.append(
        page.grid(
            ("STT", "Cá nhân, tập thể", "Thôn, đơn vị", "Danh hiệu đăng ký", "Phong trào", "Trạng thái"),
            rows,
            widths,
            (0, 5),
        )
    )
    sign = page.signature_for("tm", doc.issuer.signer_title, doc.issuer.signer_name)
    story.append(page.closing(["Lưu: VT, TĐKT."], sign, width))
    return story


def write_registrations(doc: RegistrationDocument, target: page.Target) -> None:
    page.build(target, registrations_story(doc), title=f"Danh sách đăng ký thi đua năm {doc.year}", wide=True)
