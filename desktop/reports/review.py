"""The review report of a movement (báo cáo sơ kết, tổng kết phong trào thi đua): the numbers
from the records, the officer's assessment, and room to write what the print cannot know."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.codes import MilestoneKind, ModelStage, RegistrationState
from desktop.reports import page
from desktop.reports.page import bold, para, para_markup
from desktop.services.documents import REGISTRATION_STATE_TEXT
from desktop.services.movement_review import MovementReview
from desktop.services.movements import TargetProgress

REVIEW_NAMES = {MilestoneKind.SO_KET.value: "Sơ kết", MilestoneKind.TONG_KET.value: "Tổng kết"}
STAGE_TEXT = {
    ModelStage.DISCOVERED.value: "phát hiện",
    ModelStage.NURTURED.value: "đang bồi dưỡng",
    ModelStage.SUMMARISED.value: "đã tổng kết",
    ModelStage.REPLICATED.value: "đã nhân rộng",
}
WRITING_LINES = 4
"""Dotted lines left where the officer writes by hand what the records cannot say."""


def quantity(value: Decimal | None) -> str:
    """A measured value as Vietnamese write it: 1.234,5 — no trailing zeros."""
    if value is None:
        return "—"
    whole, _dot, fraction = f"{value.normalize():,f}".partition(".")
    text = whole.replace(",", ".")
    return f"{text},{fraction}" if fraction else text


def _verdict(target: TargetProgress) -> str:
    if target.actual is None:
        return "Chưa đo"
    if target.target is None:
        return ""
    return "Đạt" if target.reached else "Chưa đạt"


class DottedLines(Flowable):
    """Ruled dotted lines across the frame, to write on after printing."""

    GAP = 8 * mm

    def __init__(self, count: int = WRITING_LINES) -> None:
        super().__init__()
        self.count = count

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.count * self.GAP

    def draw(self) -> None:
        canvas = self.canv
        canvas.setDash(1, 2.5)
        canvas.setLineWidth(0.6)
        for line in range(self.count):
            y = self.GAP * (self.count - line) - self.GAP + 2
            canvas.line(0, y, self.width, y)


def _writing_space() -> list[Flowable]:
    return [DottedLines(), Spacer(1, 4)]


def review_story(review: MovementReview) -> list[Flowable]:
    width = page.frame_width()
    issuer = review.issuer
    head = page.Letterhead(issuer.unit_name, issuer.place, review.period_to, None, issuer.governing_body)
    story: list[Flowable] = [page.letterhead(head, width)]
    name = REVIEW_NAMES.get(review.kind, "Tổng kết")
    story += page.title_block("BÁO CÁO", f"{name} phong trào thi đua “{review.movement_name}”")
    since = f"từ {review.period_from:%d/%m/%Y} " if review.period_from else ""
    story.append(
        para(
            f"Thực hiện phong trào thi đua “{review.movement_name}”"
            + (f" với chủ đề “{review.slogan}”" if review.slogan else "")
            + f", {issuer.short_name} báo cáo kết quả {since}đến ngày {review.period_to:%d/%m/%Y} như sau:"
        )
    )
    story.append(para_markup(bold("I. KẾT QUẢ THỰC HIỆN"), "plain"))
    states = ", ".join(
        f"{REGISTRATION_STATE_TEXT[state.value].lower()} {review.registrations_by_state[state.value]}"
        for state in RegistrationState
    )
    story.append(
        para(
            f"1. Đăng ký thi đua: {review.registered_people} cá nhân, {review.registered_collectives}"
            f" tập thể đăng ký ({states})."
        )
    )
    story.append(para(f"2. Chỉ tiêu: đạt {review.targets_reached}/{len(review.targets)} chỉ tiêu đề ra."))
    if review.targets:
        widths = [width * share for share in (0.07, 0.41, 0.13, 0.13, 0.13, 0.13)]
        rows = [
            (
                str(n),
                t.indicator,
                t.unit,
                ("≤ " if t.at_most else "") + quantity(t.target),
                quantity(t.actual),
                _verdict(t),
            )
            for n, t in enumerate(review.targets, 1)
        ]
        story.append(
            page.grid(
                ("STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Đánh giá"),
                rows,
                widths,
                (0, 2, 3, 4, 5),
            )
        )
        story.append(Spacer(1, 6))
    total = sum(count for _award, count in review.awards)
    story.append(para(f"3. Khen thưởng gắn với phong trào: {total} lượt cá nhân, tập thể."))
    if review.awards:
        widths = [width * share for share in (0.08, 0.72, 0.20)]
        rows = [(str(n), award, str(count)) for n, (award, count) in enumerate(review.awards, 1)]
        story.append(page.grid(("STT", "Danh hiệu, hình thức khen thưởng", "Số lượt"), rows, widths, (0, 2)))
        story.append(Spacer(1, 6))
    models = "; ".join(f"{STAGE_TEXT[stage]} {count}" for stage, count in review.models_by_stage.items())
    story.append(
        para(f"4. Điển hình tiên tiến: {sum(review.models_by_stage.values())} điển hình ({models}).")
    )
    story.append(para_markup(bold("II. ĐÁNH GIÁ CHUNG"), "plain"))
    story += [para(line) for line in review.assessment.splitlines() if line.strip()] or _writing_space()
    story.append(para_markup(bold("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"), "plain"))
    story += _writing_space()
    sign = page.signature_for("tm", issuer.signer_title, issuer.signer_name)
    story.append(page.closing(["Ban Thi đua - Khen thưởng cấp trên;", "Lưu: VT, TĐKT."], sign, width))
    return story


def write_review(review: MovementReview, target: page.Target) -> None:
    name = REVIEW_NAMES.get(review.kind, "Tổng kết")
    page.build(target, review_story(review), title=f"{name} phong trào {review.movement_name}")
