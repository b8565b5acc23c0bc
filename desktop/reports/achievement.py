"""Báo cáo thành tích (forms 01 and 02 of the decree): a person's or collective's record, with the
table of earlier awards filled from the database; the officer completes the achievement part."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from desktop.reports import page
from desktop.reports.page import bold, clean, para, para_markup
from desktop.services.documents import AchievementDocument, PastAward

BLANK = "…" * 20


def _field(label: str, value: str) -> Flowable:
    return para_markup(f"- {clean(label)}: {clean(value) if value else BLANK}", "plain")


def _history_table(rows: list[PastAward], width: float, heading: str) -> list[Flowable]:
    widths = [width * share for share in (0.12, 0.38, 0.50)]
    data = [(str(row.year or ""), row.award_name, row.decision) for row in rows] or [("", "Chưa có", "")]
    return [
        para(heading, "plain"),
        page.grid(
            ("Năm", heading.split(". ", 1)[-1], "Số, ngày, tháng, năm của quyết định"), data, widths, (0,)
        ),
        Spacer(1, 6),
    ]


def achievement_story(doc: AchievementDocument) -> list[Flowable]:
    width = page.frame_width()
    story: list[Flowable] = page.nation_header()
    subject = "CÁ NHÂN" if doc.is_person else "TẬP THỂ"
    story += page.title_block("BÁO CÁO THÀNH TÍCH", f"ĐỀ NGHỊ TẶNG {doc.proposed_award.upper() or BLANK}")
    story.append(para(f"({subject}: {doc.name})", "center"))
    story.append(Spacer(1, 8))
    if doc.is_person:
        story.append(para_markup(bold("I. SƠ LƯỢC LÝ LỊCH"), "plain"))
        story += [
            _field("Họ và tên", doc.name),
            _field("Giới tính", doc.gender),
            _field("Ngày, tháng, năm sinh", doc.birth),
            _field("Quê quán", doc.hometown),
            _field("Trú quán", doc.residence),
            _field("Đơn vị công tác", doc.workplace),
            _field("Chức vụ", doc.position),
        ]
    else:
        story.append(para_markup(bold("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"), "plain"))
        story += [
            _field("Tên tập thể", doc.name),
            _field("Địa bàn", doc.unit),
            _field("Người đứng đầu", doc.head),
            _field("Số thành viên", str(doc.members) if doc.members else ""),
        ]
    story.append(Spacer(1, 6))
    story.append(para_markup(bold("II. THÀNH TÍCH ĐẠT ĐƯỢC"), "plain"))
    story += [para(line) for line in (doc.achievement or BLANK).splitlines() if line.strip()]
    story.append(Spacer(1, 6))
    story.append(para_markup(bold("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"), "plain"))
    story += _history_table([r for r in doc.history if r.is_title], width, "1. Danh hiệu thi đua")
    story += _history_table([r for r in doc.history if not r.is_title], width, "2. Hình thức khen thưởng")
    left = page.Signature("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", doc.issuer.signer_name)
    right = page.Signature(
        "NGƯỜI BÁO CÁO THÀNH TÍCH" if doc.is_person else "THỦ TRƯỞNG ĐƠN VỊ",
        doc.name if doc.is_person else doc.head,
    )
    story.append(page.two_signatures(left, right, width))
    return story


def write_achievement(doc: AchievementDocument, target: page.Target) -> None:
    page.build(target, achievement_story(doc), title=f"Báo cáo thành tích — {doc.name}")
