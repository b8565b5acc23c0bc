"""The award decision (quyết định) with its attached list (danh sách kèm theo), and revocations."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, PageBreak, Spacer

from desktop.reports import page
from desktop.reports.page import bold, clean, para, para_markup
from desktop.services.documents import DecisionDocument, ListedSubject

EXECUTION = (
    "Chánh Văn phòng HĐND và UBND, công chức phụ trách công tác thi đua, khen thưởng, "
    "các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
)


def _count_phrase(lines: Sequence[ListedSubject]) -> str:
    people = sum(1 for line in lines if line.is_person)
    groups = len(lines) - people
    parts = [f"{people:02d} cá nhân" if people else "", f"{groups:02d} tập thể" if groups else ""]
    return " và ".join(part for part in parts if part)


def _by_award(lines: Sequence[ListedSubject]) -> dict[str, list[ListedSubject]]:
    groups: dict[str, list[ListedSubject]] = {}
    for line in lines:
        groups.setdefault(line.award_name, []).append(line)
    return groups


def _articles(doc: DecisionDocument) -> tuple[list[Flowable], int]:
    """The articles, and the number of the last one (which "Nơi nhận" cites)."""
    if doc.revocation:
        first = (
            f"Thu hồi {', '.join(_by_award(doc.lines))} đã tặng cho {_count_phrase(doc.lines)}"
            + (f" tại Quyết định số {doc.revoked_decision}" if doc.revoked_decision else "")
            + " (có danh sách kèm theo)."
        )
        reason = f"Lý do: {doc.revocation_reason}" if doc.revocation_reason else ""
        second = (
            "Các cá nhân, tập thể có tên tại Điều 1 có trách nhiệm nộp lại hiện vật khen thưởng"
            f" và số tiền thưởng đã nhận, tổng cộng {page.money(doc.total_reward)} đồng."
        )
        body = [para_markup(f"{bold('Điều 1.')} {clean(first)}")] + ([para(reason)] if reason else [])
    else:
        body = [
            para_markup(
                f"{bold('Điều 1.') if n == 0 else ''} Tặng {clean(name)} cho {_count_phrase(group)}"
                " (có danh sách kèm theo), đã có thành tích xuất sắc được nêu tại danh sách."
            )
            for n, (name, group) in enumerate(_by_award(doc.lines).items())
        ]
        second = (
            f"Tiền thưởng kèm theo tổng cộng {page.money(doc.total_reward)} đồng, theo Nghị định số"
            f" 152/2025/NĐ-CP, chi từ Quỹ thi đua, khen thưởng của {doc.issuer.short_name}."
        )
    closing_article = f"{EXECUTION} Quyết định có hiệu lực kể từ ngày ký."
    rest = [second, closing_article] if doc.total_reward else [closing_article]
    articles = [para_markup(f"{bold(f'Điều {n}.')} {clean(text)}") for n, text in enumerate(rest, 2)]
    return [*body, *articles], len(rest) + 1


def _annex(doc: DecisionDocument, width: float) -> list[Flowable]:
    head = "DANH SÁCH THU HỒI KHEN THƯỞNG" if doc.revocation else "DANH SÁCH"
    story: list[Flowable] = [PageBreak(), para(head, "title")]
    if not doc.revocation and len(_by_award(doc.lines)) == 1:
        story.append(para(f"Được tặng {doc.lines[0].award_name}", "summary"))
    story.append(
        para(
            f"(Kèm theo Quyết định số {doc.number} {page.long_date(doc.signed_on)} của {doc.authority})",
            "place_date",
        )
    )
    story.append(page.Rule(40 * page.mm))
    widths = [width * share for share in (0.08, 0.30, 0.34, 0.28)]
    for award, group in _by_award(doc.lines).items():
        for is_person, heading in ((True, "Cá nhân"), (False, "Tập thể")):
            rows = [line for line in group if line.is_person == is_person]
            if not rows:
                continue
            story.append(
                para(f"{award} — {heading}", "plain")
                if len(_by_award(doc.lines)) > 1
                else para(f"{heading}:", "plain")
            )
            table_rows = [
                (
                    str(number),
                    line.name,
                    ", ".join(part for part in (line.position, line.workplace or line.village) if part),
                    line.golden_book_number if not doc.revocation else line.achievement,
                )
                for number, line in enumerate(rows, 1)
            ]
            last = "Số sổ vàng" if not doc.revocation else "Thành tích đã khen"
            story.append(page.grid(("STT", "Họ và tên", "Chức vụ, đơn vị", last), table_rows, widths, (0, 3)))
            story.append(Spacer(1, 8))
    return story


def decision_story(doc: DecisionDocument) -> list[Flowable]:
    width = page.frame_width()
    head = page.Letterhead(
        unit_name=doc.issuer.unit_name,
        place=doc.issuer.place,
        day=doc.signed_on,
        number=doc.number,
        governing_body=doc.issuer.governing_body,
    )
    story: list[Flowable] = [page.letterhead(head, width), *page.title_block("QUYẾT ĐỊNH", doc.summary)]
    story.append(para(doc.authority_line, "title"))
    story.append(Spacer(1, 8))
    story += [para(line, "basis") for line in doc.legal_basis]
    proposer = doc.proposed_by or f"Hội đồng Thi đua - Khen thưởng {doc.issuer.place}"
    story.append(para(f"Xét đề nghị của {proposer}.", "basis"))
    story += [Spacer(1, 4), para("QUYẾT ĐỊNH:", "title"), Spacer(1, 6)]
    articles, last = _articles(doc)
    story += articles
    sign = page.signature_for(doc.sign_mode, doc.signer_title, doc.signer_name)
    story.append(page.closing([f"Như Điều {last};", "Lưu: VT, TĐKT."], sign, width))
    if doc.lines:
        story += _annex(doc, width)
    return story


def write_decision(doc: DecisionDocument, target: page.Target) -> None:
    page.build(target, decision_story(doc), title=f"Quyết định {doc.number}")
