"""Enter or edit a movement as launched: the plan, its targets, criteria table and reviews."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _, format_date, format_number, parse_date
from desktop.labels import MILESTONE_KIND, MOVEMENT_KIND, MOVEMENT_ORIGIN, MOVEMENT_STATUS
from desktop.services.movements import (
    CriterionLine,
    MilestoneLine,
    MovementPlan,
    TargetLine,
    movement_plan,
    save_movement,
)
from desktop.ui.context import AppContext
from desktop.ui.lines_table import LineColumn, LinesTable
from desktop.ui.widgets import CodeCombo, DateField, EnterMovesOn, form_footer
from desktop.values import parse_amount


def amount_text(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def typed_amount(text: object, where: str) -> Decimal | None:
    """A number typed in a table cell or field; empty is None; a ValidationError says where."""
    if not text:
        return None
    try:
        return parse_amount(str(text))
    except ValueError as error:
        raise ValidationError("lines", f"{where}: {error}") from None


def typed_date(text: object, where: str) -> dt.date | None:
    """A date typed dd/mm/yyyy; empty is None; a ValidationError says where."""
    if not str(text or "").strip():
        return None
    try:
        return parse_date(str(text))
    except ValueError:
        raise ValidationError(
            "lines", _("{what}: “{text}” is not a date (dd/mm/yyyy).").format(what=where, text=text)
        ) from None


class MovementEditor(QDialog):
    def __init__(
        self, context: AppContext, movement_id: uuid.UUID | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("movementEditor")
        self.context = context
        self.movement_id = movement_id
        self.saved_id: uuid.UUID | None = None
        self.setWindowTitle(_("Edit movement") if movement_id else _("New movement"))
        self.resize(820, 620)
        self.name = QLineEdit()
        self.name.setMaxLength(500)
        self.code = QLineEdit()
        self.code.setMaxLength(32)
        self.slogan = QLineEdit()
        self.kind = CodeCombo(MOVEMENT_KIND)
        self.origin = CodeCombo(MOVEMENT_ORIGIN)
        self.status = CodeCombo(MOVEMENT_STATUS)
        self.launched_by = QLineEdit()
        self.document_number = QLineEdit()
        self.document_date = DateField()
        self.start_date = DateField()
        self.end_date = DateField()
        self.scope = QLineEdit()
        self.participants = QLineEdit()
        self.purpose = QPlainTextEdit()
        general = QWidget()
        form = QFormLayout(general)
        for text, widget in (
            (_("Name") + " *", self.name),
            (_("Code"), self.code),
            (_("Slogan"), self.slogan),
            (_("Kind"), self.kind),
            (_("Level"), self.origin),
            (_("Launched by"), self.launched_by),
            (_("Launching document number"), self.document_number),
            (_("Document date"), self.document_date),
            (_("Starts on"), self.start_date),
            (_("Ends on"), self.end_date),
            (_("Status"), self.status),
            (_("Scope"), self.scope),
            (_("Participants"), self.participants),
            (_("Purpose and content"), self.purpose),
        ):
            form.addRow(text, widget)
        enter = EnterMovesOn(self)
        for widget in (self.name, self.code, self.slogan, self.launched_by, self.document_number):
            widget.installEventFilter(enter)
        self.targets = LinesTable(
            [
                LineColumn(_("Indicator"), stretch=True),
                LineColumn(_("Unit")),
                LineColumn(_("Target value")),
                LineColumn(_("At most"), "check"),
            ],
            _("Add a target"),
        )
        self.targets.setObjectName("targetLines")
        self.criteria = LinesTable(
            [LineColumn(_("Criterion"), stretch=True), LineColumn(_("Maximum points"))], _("Add a criterion")
        )
        self.milestones = LinesTable(
            [
                LineColumn(_("Review"), "choice", MILESTONE_KIND),
                LineColumn(_("Due on")),
                LineColumn(_("Held on")),
                LineColumn(_("Assessment"), stretch=True),
            ],
            _("Add a review"),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(general, _("General"))
        self.tabs.addTab(self.targets, _("Targets"))
        self.tabs.addTab(self.criteria, _("Criteria"))
        self.tabs.addTab(self.milestones, _("Reviews (sơ kết, tổng kết)"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        self.error = form_footer(self, layout, self.save)
        if movement_id is not None:
            self.show_plan(movement_plan(context.db, movement_id))
        self.name.setFocus()

    def show_plan(self, plan: MovementPlan) -> None:
        for widget, value in (
            (self.name, plan.name),
            (self.code, plan.code),
            (self.slogan, plan.slogan),
            (self.launched_by, plan.launched_by),
            (self.document_number, plan.document_number),
            (self.scope, plan.scope),
            (self.participants, plan.participants),
        ):
            widget.setText(value or "")
        self.purpose.setPlainText(plan.purpose or "")
        self.kind.set_code(plan.kind)
        self.origin.set_code(plan.origin)
        self.status.set_code(plan.status)
        for field, value in (
            (self.document_date, plan.document_date),
            (self.start_date, plan.start_date),
            (self.end_date, plan.end_date),
        ):
            field.set_date(value)
        for target in plan.targets:
            self.targets.add_line(
                [target.indicator, target.unit, amount_text(target.target_value), target.at_most], target.id
            )
        for criterion in plan.criteria:
            self.criteria.add_line([criterion.text, amount_text(criterion.max_points)], criterion.id)
        for milestone in plan.milestones:
            self.milestones.add_line(
                [
                    milestone.kind,
                    format_date(milestone.due_on),
                    format_date(milestone.held_on),
                    milestone.notes,
                ],
                milestone.id,
            )

    def read_plan(self) -> MovementPlan:
        """The plan as typed; a ValidationError names a value that cannot be read."""
        targets = [
            TargetLine(str(indicator), str(unit), typed_amount(value, str(indicator)), bool(at_most), line_id)
            for line_id, (indicator, unit, value, at_most) in self.targets.lines()
        ]
        criteria = [
            CriterionLine(str(text), typed_amount(points, str(text)), line_id)
            for line_id, (text, points) in self.criteria.lines()
        ]
        milestones = []
        for line_id, (kind, due, held, notes) in self.milestones.lines():
            due_on = typed_date(due, _("Review due date"))
            if due_on is None:
                raise ValidationError("milestones", _("Every review needs the date it is due."))
            milestones.append(
                MilestoneLine(str(kind), due_on, typed_date(held, _("Review held on")), str(notes), line_id)
            )
        return MovementPlan(
            name=self.name.text(),
            kind=self.kind.code() or "",
            origin=self.origin.code() or "",
            status=self.status.code() or "",
            code=self.code.text(),
            slogan=self.slogan.text(),
            launched_by=self.launched_by.text(),
            document_number=self.document_number.text(),
            document_date=typed_date(self.document_date.text(), _("Document date")),
            scope=self.scope.text(),
            participants=self.participants.text(),
            purpose=self.purpose.toPlainText(),
            start_date=typed_date(self.start_date.text(), _("Starts on")),
            end_date=typed_date(self.end_date.text(), _("Ends on")),
            targets=targets,
            criteria=criteria,
            milestones=milestones,
        )

    def save(self) -> None:
        try:
            self.saved_id = save_movement(
                self.context.db, self.context.username, self.read_plan(), self.movement_id
            )
        except ValidationError as error:
            self.error.setText(error.message)
            tab = {"targets": 1, "criteria": 2, "milestones": 3}.get(error.field)
            if tab is not None:
                self.tabs.setCurrentIndex(tab)
            return
        self.accept()
