"""The biên bản of the council's meeting: the officer's wording, then the votes item by item."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from desktop.reports import page
from desktop.reports.page import para
from desktop.services.council import Minutes
from desktop.services.documents import Issuer


def minutes_story(minutes: Minutes, issuer: Issuer) -> list[Flowable]:
    width = page.frame_width()
    head = page.Letterhead(
        unit_name=f"HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG {issuer.place}",
        place=issuer.place,
        day=minutes.held_on,
        governing_body=issuer.unit_name,
        unit_lines=("HỘI ĐỒNG THI ĐUA", "KHEN THƯỞNG"),
    )
    story: list[Flowable] = [page.letterhead(head, width)]
    story += page.title_block("BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng")
    story += [para(line, "body") for line in minutes.text.splitlines() if line.strip()]
    story.append(Spacer(1, 6))
    widths = [width * share for share in (0.07, 0.30, 0.27, 0.18, 0.18)]
    rows = [
        (
            str(n),
            line.subject_name,
            line.award_name,
            f"{line.vote.votes_for}/{line.vote.votes_cast} ({line.vote.percent:.1f}%)".replace(".", ","),
            "Đạt" if line.passed else "Không đạt",
        )
        for n, line in enumerate(minutes.lines, 1)
    ]
    story.append(
        page.grid(
            ("STT", "Họ và tên, tập thể", "Hình thức", "Số phiếu đồng ý", "Kết quả"), rows, widths, (0, 3, 4)
        )
    )
    story.append(para("Biên bản kết thúc cùng ngày, đã thông qua trước Hội đồng.", "body"))
    story.append(
        page.two_signatures(
            page.Signature("THƯ KÝ HỘI ĐỒNG"),
            page.Signature("CHỦ TỊCH HỘI ĐỒNG", minutes.chaired_by or ""),
            width,
        )
    )
    return story


def write_minutes(minutes: Minutes, issuer: Issuer, target: page.Target) -> None:
    page.build(target, minutes_story(minutes, issuer), title=f"Biên bản — {minutes.proposal_title}")
