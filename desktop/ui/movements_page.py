"""Phong trào thi đua: the movements, and for the one chosen its targets' progress, criteria,
reviews and files; new, edit, record measured values, print the review report."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import N_, _, format_date, format_number
from desktop.labels import MILESTONE_KIND, MOVEMENT_KIND, MOVEMENT_ORIGIN, MOVEMENT_STATUS, label
from desktop.reports.kinds import Selection
from desktop.services.movements import (
    MovementPlan,
    MovementSummary,
    TargetProgress,
    delete_movement,
    movement_plan,
    movement_progress,
    movements,
    record_reading,
)
from desktop.ui.context import AppContext
from desktop.ui.document_preview import open_preview
from desktop.ui.error_dialog import show_error
from desktop.ui.linked_files import LinkedFilesPanel
from desktop.ui.movement_editor import MovementEditor, amount_text, typed_amount, typed_date
from desktop.ui.widgets import (
    ChoiceCombo,
    CodeCombo,
    DateField,
    add_section,
    form_footer,
    open_dialog,
    records_table,
)

FOLLOWS = (
    "movement",
    "movement_target",
    "movement_criterion",
    "movement_milestone",
    "target_reading",
    "registration",
    "linked_document",
)

REACHED_COLOUR, ON_THE_WAY_COLOUR, TRACK_COLOUR = "#2e7d32", "#c98a00", "#eee4c8"


def period_text(summary: MovementSummary | MovementPlan) -> str:
    start, end = format_date(summary.start_date), format_date(summary.end_date)
    return f"{start} – {end}" if end else (_("from {start}").format(start=start) if start else "")


def target_text(target: TargetProgress) -> str:
    """ "2,8 / ≤ 3 %": the latest value against the target."""
    actual = amount_text(target.actual) if target.actual is not None else "—"
    goal = ("≤ " if target.at_most else "") + amount_text(target.target)
    return f"{actual} / {goal} {target.unit}"


class TargetChart(QWidget):
    """One bar per target: how far the latest value is toward it, green once reached, and the
    values measured at each review underneath."""

    ROW_HEIGHT = 58

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("targetChart")
        self.targets: list[TargetProgress] = []
        self.setMinimumHeight(40)

    def show_targets(self, targets: list[TargetProgress]) -> None:
        self.targets = targets
        self.setMinimumHeight(max(40, self.ROW_HEIGHT * len(targets)))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() - 8
        if not self.targets:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft, _("No targets in the plan."))
            return
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)
        for row, target in enumerate(self.targets):
            top = row * self.ROW_HEIGHT
            painter.setFont(self.font())
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(0, top, width * 0.68, 18), Qt.AlignmentFlag.AlignLeft, target.indicator)
            painter.drawText(
                QRectF(width * 0.68, top, width * 0.32, 18), Qt.AlignmentFlag.AlignRight, target_text(target)
            )
            track = QRectF(0, top + 20, width, 12)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(TRACK_COLOUR))
            painter.drawRoundedRect(track, 5, 5)
            painter.setBrush(QColor(REACHED_COLOUR if target.reached else ON_THE_WAY_COLOUR))
            painter.drawRoundedRect(QRectF(0, top + 20, width * min(1.0, target.share), 12), 5, 5)
            history = "  ·  ".join(
                f"{format_date(r.measured_on)}: {amount_text(r.value)}" for r in target.readings
            )
            painter.setFont(small)
            painter.setPen(QColor("#666666"))
            painter.drawText(
                QRectF(0, top + 34, width, 18), Qt.AlignmentFlag.AlignLeft, history or _("Not measured yet.")
            )
        painter.end()


class ReadingDialog(QDialog):
    """Record the value a target reached on a day, at a review or between reviews."""

    def __init__(self, context: AppContext, movement_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingDialog")
        self.setWindowTitle(_("Record a measured value"))
        self.context = context
        plan = movement_plan(context.db, movement_id)
        self.target = ChoiceCombo()
        self.target.set_choices([(t.id, f"{t.indicator} ({t.unit})") for t in plan.targets])
        self.review = ChoiceCombo(_("Between reviews"))
        self.review.set_choices(
            [
                (m.id, f"{label(MILESTONE_KIND, m.kind)} — {format_date(m.held_on or m.due_on)}")
                for m in plan.milestones
            ]
        )
        self.measured_on = DateField()
        self.measured_on.set_date(context.today)
        self.value = QLineEdit()
        form = QFormLayout()
        form.addRow(_("Target"), self.target)
        form.addRow(_("Measured on"), self.measured_on)
        form.addRow(_("Value reached"), self.value)
        form.addRow(_("At the review"), self.review)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = form_footer(self, layout, self.save)
        self.value.setFocus()

    def save(self) -> None:
        try:
            if self.target.value() is None:
                raise ValidationError("target", _("The plan has no targets; add them in Edit first."))
            value = typed_amount(self.value.text(), _("Value reached"))
            day = typed_date(self.measured_on.text(), _("Measured on"))
            if value is None or day is None:
                raise ValidationError("value", _("Give the value and the day it was measured."))
            record_reading(
                self.context.db,
                self.context.username,
                self.target.value(),  # type: ignore[arg-type]
                day,
                value,
                self.review.value(),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class MovementsPage(QWidget):
    open_registrations = Signal(object)
    """A movement id: show its registrations."""

    COLUMNS = (
        N_("Code"),
        N_("Movement"),
        N_("Kind"),
        N_("Period"),
        N_("Status"),
        N_("Next review"),
        N_("Registrations"),
        N_("Targets reached"),
    )

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("movementsPage")
        self.context = context
        context.follow(self, FOLLOWS, lambda _written: self.reload())
        self.shown: list[MovementSummary] = []
        title = QLabel(_("Emulation movements"))
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search movements by name, with or without accents…"))
        self.search.textChanged.connect(lambda _text: self.reload())
        self.status = CodeCombo(MOVEMENT_STATUS, _("All statuses"))
        self.status.currentIndexChanged.connect(lambda _index: self.reload())
        self.new_button = QPushButton(_("New movement (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_movement)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self.edit_movement)
        self.reading_button = QPushButton(_("Record a value…"))
        self.reading_button.clicked.connect(self.record_value)
        self.review_button = QPushButton(_("Review report…"))
        self.review_button.clicked.connect(self.print_review)
        self.registrations_button = QPushButton(_("Registrations"))
        self.registrations_button.clicked.connect(lambda: self.open_registrations.emit(self.current_id()))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.clicked.connect(self.delete_movement)
        if context.offer(
            UserRole.OFFICER, self.new_button, self.edit_button, self.reading_button, self.delete_button
        ):
            QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_movement)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.search, 1)
        header.addWidget(self.status)
        header.addWidget(self.new_button)
        self.record_buttons = (
            self.edit_button,
            self.reading_button,
            self.review_button,
            self.registrations_button,
            self.delete_button,
        )
        """What acts on the movement chosen: enabled only while one is."""
        actions = QHBoxLayout()
        for button in self.record_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        self.table = records_table("movementTable", self.COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.show_current)
        self.table.cellDoubleClicked.connect(lambda _row, _column: self.edit_movement())
        self.heading = QLabel()
        self.heading.setObjectName("movementHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.chart = TargetChart()
        self.criteria = QLabel()
        self.criteria.setWordWrap(True)
        self.reviews = QLabel()
        self.reviews.setObjectName("movementReviews")
        self.reviews.setWordWrap(True)
        self.files = LinkedFilesPanel(context)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.facts)
        add_section(detail_layout, _("Progress of the targets"), self.chart)
        add_section(detail_layout, _("Criteria"), self.criteria)
        add_section(detail_layout, _("Reviews (sơ kết, tổng kết)"), self.reviews)
        add_section(detail_layout, _("Files"), self.files)
        detail_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self.show_current()

    def reload(self, select: uuid.UUID | None = None) -> None:
        keep = select or self.current_id()
        self.shown = movements(self.context.db, self.search.text(), self.status.code())
        self.table.setRowCount(len(self.shown))
        for row, summary in enumerate(self.shown):
            review = (
                f"{label(MILESTONE_KIND, summary.next_review[0])} {format_date(summary.next_review[1])}"
                if summary.next_review
                else ""
            )
            cells = (
                summary.code,
                summary.name,
                label(MOVEMENT_KIND, summary.kind),
                period_text(summary),
                label(MOVEMENT_STATUS, summary.status),
                review,
                format_number(summary.registrations),
                f"{summary.targets_reached}/{summary.targets}" if summary.targets else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        rows = [row for row, summary in enumerate(self.shown) if summary.id == keep]
        self.table.selectRow(rows[0] if rows else 0)
        self.show_current()

    def current_id(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        return self.shown[row].id if 0 <= row < len(self.shown) else None

    def show_current(self) -> None:
        movement_id = self.current_id()
        for button in self.record_buttons:
            button.setEnabled(movement_id is not None)
        if movement_id is None:
            self.heading.setText(
                _("No movement chosen.") if self.shown else _("No movement recorded yet: press New movement.")
            )
            for widget in (self.facts, self.criteria, self.reviews):
                widget.setText("")
            self.chart.show_targets([])
            self.files.show_owner()
            return
        plan = movement_plan(self.context.db, movement_id)
        self.heading.setText(plan.name)
        facts = [
            f"“{plan.slogan}”" if plan.slogan else "",
            ", ".join(
                part
                for part in (
                    label(MOVEMENT_KIND, plan.kind),
                    label(MOVEMENT_ORIGIN, plan.origin),
                    plan.launched_by or "",
                    _("document {number} of {date}").format(
                        number=plan.document_number, date=format_date(plan.document_date)
                    )
                    if plan.document_number
                    else "",
                )
                if part
            ),
            _("Period: {period}").format(period=period_text(plan)) if plan.start_date else "",
            _("Participants: {who}").format(who=plan.participants) if plan.participants else "",
        ]
        self.facts.setText("\n".join(line for line in facts if line))
        self.chart.show_targets(movement_progress(self.context.db, movement_id))
        self.criteria.setText(
            "\n".join(
                f"{n}. {c.text}"
                + (f" — {amount_text(c.max_points)} " + _("points") if c.max_points is not None else "")
                for n, c in enumerate(plan.criteria, 1)
            )
            or _("No criteria table.")
        )
        self.reviews.setText(
            "\n".join(
                f"{label(MILESTONE_KIND, m.kind)}: "
                + (
                    _("held on {date}").format(date=format_date(m.held_on))
                    if m.held_on
                    else _("due on {date}").format(date=format_date(m.due_on))
                )
                for m in plan.milestones
            )
            or _("No review planned.")
        )
        self.files.show_owner(movement_id=movement_id)

    def new_movement(self) -> MovementEditor:
        return self._edit(None)

    def edit_movement(self) -> MovementEditor | None:
        movement_id = self.current_id()
        return self._edit(movement_id) if movement_id else None

    def _edit(self, movement_id: uuid.UUID | None) -> MovementEditor:
        editor = MovementEditor(self.context, movement_id, self)
        return open_dialog(editor, lambda: self.reload(editor.saved_id))

    def record_value(self) -> ReadingDialog | None:
        movement_id = self.current_id()
        if movement_id is None:
            return None
        dialog = ReadingDialog(self.context, movement_id, self)
        return open_dialog(dialog, lambda: self.reload(movement_id))

    def print_review(self) -> None:
        movement_id = self.current_id()
        if movement_id is not None:
            title = self.shown[self.table.currentRow()].name
            open_preview(self, self.context, "movement-review", Selection(movement_id), title)

    def delete_movement(self) -> None:
        movement_id = self.current_id()
        if movement_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete movement"),
            _("Delete “{name}”?").format(name=self.shown[self.table.currentRow()].name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_movement(self.context.db, self.context.username, movement_id)
        except SoVangError as error:
            show_error(self, error)
            return
        self.reload()
