"""Documents of a proposal: the tờ trình that sends it up, and the public-posting list.

The posting list is pinned on the notice board of the commune hall: it prints the name, the
village and the award proposed, and nothing else (domain.md §5.3, §9).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from desktop.reports import page
from desktop.reports.page import para
from desktop.services.documents import ProposalDocument


def _letterhead(doc: ProposalDocument, number: str) -> page.Letterhead:
    return page.Letterhead(
        unit_name=doc.issuer.unit_name,
        place=doc.issuer.place,
        day=doc.submitted_on,
        number=number or None,
        governing_body=doc.issuer.governing_body,
    )


def _counts(doc: ProposalDocument) -> list[str]:
    totals: dict[str, list[int]] = {}
    for line in doc.lines:
        people, groups = totals.setdefault(line.award_name, [0, 0])
        totals[line.award_name] = [people + line.is_person, groups + (not line.is_person)]
    phrases = []
    for award, (people, groups) in totals.items():
        parts = [f"{people:02d} cá nhân" if people else "", f"{groups:02d} tập thể" if groups else ""]
        phrases.append(f"{award}: {' và '.join(p for p in parts if p)}")
    return phrases


def proposal_story(doc: ProposalDocument) -> list[Flowable]:
    width = page.frame_width()
    story: list[Flowable] = [page.letterhead(_letterhead(doc, doc.number), width)]
    story += page.title_block("TỜ TRÌNH", doc.title)
    recipient = f"Chủ tịch UBND {doc.to_unit}" if doc.to_unit else "Hội đồng Thi đua - Khen thưởng"
    story.append(para(f"Kính gửi: {recipient}.", "center"))
    story.append(Spacer(1, 8))
    story.append(para("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "body"))
    story.append(para("Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;", "body"))
    story.append(
        para(
            f"Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng, {doc.issuer.short_name}"
            f" kính trình {recipient} xem xét, khen thưởng{' năm ' + str(doc.year) if doc.year else ''}"
            " cho các cá nhân, tập thể như sau:",
            "body",
        )
    )
    story += [para(f"- {phrase};", "body") for phrase in _counts(doc)]
    story.append(para("(Có danh sách và hồ sơ kèm theo.)", "body"))
    widths = [width * share for share in (0.08, 0.30, 0.32, 0.30)]
    rows = [
        (
            str(n),
            line.name,
            ", ".join(p for p in (line.position, line.workplace or line.village) if p),
            line.award_name,
        )
        for n, line in enumerate(doc.lines, 1)
    ]
    story.append(page.grid(("STT", "Họ và tên", "Chức vụ, đơn vị", "Hình thức đề nghị"), rows, widths))
    story.append(Spacer(1, 6))
    story.append(para(f"Kính trình {recipient} xem xét, quyết định./.", "body"))
    sign = page.signature_for("tm", doc.issuer.signer_title, doc.issuer.signer_name)
    story.append(page.closing(["Như trên;", "Lưu: VT, TĐKT."], sign, width))
    return story


def public_list_story(doc: ProposalDocument) -> list[Flowable]:
    width = page.frame_width()
    story: list[Flowable] = [page.letterhead(_letterhead(doc, ""), width)]
    story += page.title_block(
        "DANH SÁCH CÔNG KHAI", f"Các cá nhân, tập thể được đề nghị khen thưởng — {doc.title}"
    )
    if doc.posting_place or doc.posting_from:
        period = ""
        if doc.posting_from and doc.posting_to:
            period = f" từ ngày {doc.posting_from:%d/%m/%Y} đến ngày {doc.posting_to:%d/%m/%Y}"
        place = f" tại {doc.posting_place}" if doc.posting_place else ""
        story.append(para(f"Niêm yết{place}{period} để lấy ý kiến của Nhân dân.", "body"))
    widths = [width * share for share in (0.08, 0.36, 0.26, 0.30)]
    rows = [(str(n), line.name, line.village, line.award_name) for n, line in enumerate(doc.lines, 1)]
    story.append(page.grid(("STT", "Họ và tên", "Thôn, tổ dân phố", "Hình thức đề nghị"), rows, widths))
    story.append(Spacer(1, 6))
    story.append(
        para(
            "Mọi ý kiến góp ý xin gửi về bộ phận thi đua, khen thưởng trong thời gian niêm yết.",
            "body",
        )
    )
    sign = page.signature_for("tm", doc.issuer.signer_title, doc.issuer.signer_name)
    story.append(page.closing([], sign, width))
    return story


def write_proposal(doc: ProposalDocument, target: page.Target) -> None:
    page.build(target, proposal_story(doc), title=f"Tờ trình {doc.number or doc.title}")


def write_public_list(doc: ProposalDocument, target: page.Target) -> None:
    page.build(target, public_list_story(doc), title=f"Danh sách công khai — {doc.title}")
