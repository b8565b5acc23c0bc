"""The proposal header form, and the dialog that adds a nominee with the rules' live verdict."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import ConferringLevel
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.labels import CONFERRING_LEVEL, PROPOSAL_KIND
from desktop.rules.verdict import OUTCOME_LABELS, Outcome, Status
from desktop.services.movements import movement_names
from desktop.services.proposals import (
    ItemFields,
    ProposalFields,
    add_item,
    create_proposal,
    item_verdict,
    update_proposal,
)
from desktop.services.site import site_info
from desktop.ui.award_choices import award_choices
from desktop.ui.context import AppContext
from desktop.ui.eligibility_panel import OUTCOME_COLOURS
from desktop.ui.subject_picker import SubjectPicker
from desktop.ui.widgets import (
    ChoiceCombo,
    CodeCombo,
    DateField,
    EnterMovesOn,
    YearSpin,
    error_label,
    form_buttons,
)

UPPER_LEVELS = {
    "commune": (
        ConferringLevel.COMMUNE,
        ConferringLevel.PROVINCE,
        ConferringLevel.GOVERNMENT,
        ConferringLevel.STATE,
    ),
    "district": (
        ConferringLevel.DISTRICT,
        ConferringLevel.PROVINCE,
        ConferringLevel.GOVERNMENT,
        ConferringLevel.STATE,
    ),
    "province": (ConferringLevel.PROVINCE, ConferringLevel.GOVERNMENT, ConferringLevel.STATE),
}
"""Who a site's proposal can go to: its own chairman first, then the levels above."""


class ProposalForm(QDialog):
    """A new proposal, or the header of a draft: title, kind, year, who decides, movement, posting."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: uuid.UUID | None = None,
        current: ProposalFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("proposalForm")
        self.context = context
        self.proposal_id = proposal_id
        self.saved_id: uuid.UUID | None = None
        self.setWindowTitle(_("Edit proposal") if proposal_id else _("New proposal"))
        role = site_info(context.db).role
        self.title = QLineEdit()
        self.title.setMaxLength(500)
        self.kind = CodeCombo(PROPOSAL_KIND)
        self.year = YearSpin(_("No year"))
        self.year.setValue(context.today.year - 1 if context.today.month < 7 else context.today.year)
        self.to_level = CodeCombo({level: CONFERRING_LEVEL[level] for level in UPPER_LEVELS[role]})
        self.movement = ChoiceCombo(_("No movement"))
        self.movement.set_choices(movement_names(context.db))
        self.number = QLineEdit()
        self.period_from = DateField()
        self.period_to = DateField()
        self.posting_place = QLineEdit()
        self.posting_from = DateField()
        self.posting_to = DateField()
        self.posting_comments = QPlainTextEdit()
        self.posting_comments.setFixedHeight(60)
        form = QFormLayout()
        form.addRow(_("Title") + " *", self.title)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Year of the achievements"), self.year)
        form.addRow(_("Decided by"), self.to_level)
        form.addRow(_("Movement"), self.movement)
        form.addRow(_("Number of the submission"), self.number)
        form.addRow(_("Achievements from"), self.period_from)
        form.addRow(_("Achievements until"), self.period_to)
        form.addRow(_("Posted at (văn hóa lists)"), self.posting_place)
        form.addRow(_("Posted from"), self.posting_from)
        form.addRow(_("Posted until"), self.posting_to)
        form.addRow(_("Comments received"), self.posting_comments)
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Save (Ctrl+S)"), self.save))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        enter = EnterMovesOn(self)
        for widget in (self.title, self.kind, self.year, self.to_level, self.movement, self.number):
            widget.installEventFilter(enter)
        if current is not None:
            self._show(current)
        self.title.setFocus()

    def _show(self, fields: ProposalFields) -> None:
        self.title.setText(fields.title)
        self.kind.set_code(fields.kind)
        self.year.setValue(fields.year or self.year.minimum())
        self.to_level.set_code(fields.to_level)
        self.movement.set_value(fields.movement_id)
        self.number.setText(fields.number or "")
        self.period_from.set_date(fields.period_from)
        self.period_to.set_date(fields.period_to)
        self.posting_place.setText(fields.posting_place or "")
        self.posting_from.set_date(fields.posting_from)
        self.posting_to.set_date(fields.posting_to)
        self.posting_comments.setPlainText(fields.posting_comments or "")

    def fields(self) -> ProposalFields:
        for field in (self.period_from, self.period_to, self.posting_from, self.posting_to):
            if field.text().strip() and field.date() is None:
                raise ValidationError("posting", _("Write dates as dd/mm/yyyy."))
        return ProposalFields(
            title=self.title.text(),
            kind=self.kind.code() or "",
            year=self.year.year(),
            to_level=self.to_level.code() or "",
            movement_id=self.movement.value(),  # type: ignore[arg-type]
            number=self.number.text(),
            period_from=self.period_from.date(),
            period_to=self.period_to.date(),
            posting_place=self.posting_place.text(),
            posting_from=self.posting_from.date(),
            posting_to=self.posting_to.date(),
            posting_comments=self.posting_comments.toPlainText(),
        )

    def save(self) -> None:
        try:
            fields = self.fields()
            if self.proposal_id is None:
                self.saved_id = create_proposal(self.context.db, self.context.username or "", fields)
            else:
                update_proposal(self.context.db, self.context.username or "", self.proposal_id, fields)
                self.saved_id = self.proposal_id
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class ItemDialog(QDialog):
    """Add a nominee: find the person or collective, pick the award, see at once what the rules say.

    When the rules find the award not eligible, the reason to propose it anyway must be written."""

    def __init__(
        self, context: AppContext, proposal_id: uuid.UUID, year: int | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("itemDialog")
        self.context = context
        self.proposal_id = proposal_id
        self.year = year or context.today.year
        self.saved_id: uuid.UUID | None = None
        self.setWindowTitle(_("Add a nominee"))
        self.picker = SubjectPicker(context.db, ("person", "collective"))
        self.picker.changed.connect(self.judge)
        self.award = ChoiceCombo()
        self.award.set_choices(award_choices(context.db))
        self.award.currentIndexChanged.connect(lambda _index: self.judge())
        self.verdict = QLabel()
        self.verdict.setObjectName("itemVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.achievement = QPlainTextEdit()
        self.achievement.setFixedHeight(60)
        self.override = QPlainTextEdit()
        self.override.setObjectName("itemOverride")
        self.override.setFixedHeight(50)
        self.override.setPlaceholderText(_("Only when the rules say not eligible: why it is proposed anyway"))
        form = QFormLayout()
        form.addRow(_("Award"), self.award)
        form.addRow(_("Rules"), self.verdict)
        form.addRow(_("Achievements"), self.achievement)
        form.addRow(_("Reason to propose anyway"), self.override)
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Add (Ctrl+S)"), self.save))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.picker.setFocus()

    def subject_id(self) -> uuid.UUID | None:
        hit = self.picker.current()
        return hit.id if hit else None

    def judge(self) -> None:
        """The verdict for the chosen nominee and award (milliseconds: on the GUI thread)."""
        subject, award = self.subject_id(), self.award.value()
        if subject is None or award is None:
            self.verdict.clear()
            return
        verdict = item_verdict(
            self.context.db, self.year, ItemFields(subject, str(award)), self.context.today
        )
        failing = [
            reason.text() for reason in verdict.reasons if reason.status in (Status.FAIL, Status.UNKNOWN)
        ]
        self.verdict.setText("\n".join([_(OUTCOME_LABELS[verdict.outcome]), *failing]))
        self.verdict.setStyleSheet(f"color: {OUTCOME_COLOURS[verdict.outcome]}; font-weight: 600;")
        self.override.setEnabled(verdict.outcome == Outcome.INELIGIBLE)

    def save(self) -> None:
        subject, award = self.subject_id(), self.award.value()
        if subject is None:
            self.error.setText(_("Pick the person or collective in the list first."))
            return
        try:
            self.saved_id = add_item(
                self.context.db,
                self.context.username or "",
                self.proposal_id,
                ItemFields(subject, str(award), self.achievement.toPlainText(), self.override.toPlainText()),
                self.context.today,
            )
        except ValidationError as error:
            self.error.setText(error.message)
            self.override.setEnabled(True)
            return
        self.accept()
