"""One proposal on screen: its items with the rules' verdict, its dossier, and the next steps.

Only the steps its state allows are shown. Every step calls a service and then shows the
proposal again; dialogs open without blocking, so the screen stays usable and testable.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import DossierKind
from desktop.db import Database
from desktop.errors import SoVangError
from desktop.i18n import _, format_date
from desktop.labels import DOSSIER_KIND, ITEM_STATUS, PROPOSAL_KIND, label
from desktop.rules.verdict import OUTCOME_LABELS
from desktop.services import dossier, proposal_workflow
from desktop.services.appraisal import DuplicateFinding, duplicate_findings
from desktop.services.council import meeting_minutes, save_minutes_text
from desktop.services.dossier import ChecklistLine, DocumentView
from desktop.services.eligibility import ProposalCheck, check_recorded_proposal
from desktop.services.proposals import ProposalView, proposal_view, remove_item
from desktop.ui.context import AppContext
from desktop.ui.council_dialog import CouncilDialog
from desktop.ui.decision_dialog import AwardDecisionDialog
from desktop.ui.eligibility_panel import OUTCOME_COLOURS
from desktop.ui.error_dialog import error_text, show_error
from desktop.ui.proposal_forms import ItemDialog, ProposalForm
from desktop.ui.screen_reads import ScreenReads
from desktop.ui.tasks import Task
from desktop.ui.widgets import ERROR_COLOUR, CodeCombo, error_label, form_buttons

ITEM_COLUMNS = 5
VERDICT_COLUMN = 2
PRESENT, MISSING = "✔", "○"


class ReasonDialog(QDialog):
    """Ask for the written reason a step needs (a return, a refusal), then run the step with it."""

    def __init__(self, title: str, step: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.step = step
        self.text = QPlainTextEdit()
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Reason")))
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Save (Ctrl+S)"), self.save))

    def save(self) -> None:
        try:
            self.step(self.text.toPlainText())
        except SoVangError as error:
            self.error.setText(error_text(error))
            return
        self.accept()


class MinutesDialog(QDialog):
    """The minutes drafted from the council's meeting, for the officer to read and complete."""

    def __init__(self, editor: ProposalEditor, proposal_id: uuid.UUID, text: str) -> None:
        super().__init__(editor)
        self.setObjectName("minutesDialog")
        self.editor = editor
        self.proposal_id = proposal_id
        self.setWindowTitle(_("Council minutes (biên bản)"))
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("minutesText")
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Save (Ctrl+S)"), self.save))
        self.resize(640, 420)

    def save(self) -> None:
        context = self.editor.context
        try:
            save_minutes_text(context.db, context.username or "", self.proposal_id, self.text.toPlainText())
        except SoVangError as error:
            self.error.setText(error_text(error))
            return
        self.accept()


class AttachDialog(QDialog):
    """Pick which document of the dossier a file is, and for which nominee when it is theirs."""

    def __init__(self, editor: ProposalEditor, path: Path) -> None:
        super().__init__(editor)
        self.setObjectName("attachDialog")
        self.editor = editor
        self.path = path
        self.setWindowTitle(_("Attach {name}").format(name=path.name))
        self.kind = CodeCombo(DOSSIER_KIND)
        self.items = QListWidget()
        assert editor.view is not None
        self.items.addItem(_("The whole proposal"))
        for item in editor.view.items:
            self.items.addItem(f"{item.subject_name} — {item.award_name}")
        self.items.setCurrentRow(max(0, editor.items.currentRow() + 1))
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind)
        layout.addWidget(self.items)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Attach (Ctrl+S)"), self.save))

    def save(self) -> None:
        row = self.items.currentRow()
        assert self.editor.view is not None
        item_id = self.editor.view.items[row - 1].id if row > 0 else None
        try:
            self.editor.attach(self.path, self.kind.code() or DossierKind.OTHER.value, item_id)
        except SoVangError as error:
            self.error.setText(error_text(error))
            return
        self.accept()


@dataclass(frozen=True)
class Dossier:
    """A proposal's files as read on the worker: the checklist of Law Art. 84 and what is attached."""

    checklist: tuple[ChecklistLine, ...]
    documents: tuple[DocumentView, ...]


class ProposalEditor(QWidget):
    changed = Signal(object)
    """The id of the proposal shown after a step (a new revision has a new id)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("proposalEditor")
        self.context = context
        self.view: ProposalView | None = None
        self.check: ProposalCheck | None = None
        self.reads = ScreenReads(self, context.runner)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: 700;")
        self.heading.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("proposalState")
        self.state.setWordWrap(True)
        self.items = QTableWidget(0, ITEM_COLUMNS)
        self.items.setObjectName("proposalItems")
        self.items.setHorizontalHeaderLabels(
            [_("Nominee"), _("Award"), _("Rules"), _("Council"), _("Achievements and notes")]
        )
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.verticalHeader().setVisible(False)
        self.items.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.items.itemSelectionChanged.connect(self.show_item_reasons)
        self.notice = QLabel()
        self.notice.setObjectName("proposalNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #1b7f3b; font-weight: 600;")
        self.doubles = QLabel()
        self.doubles.setObjectName("proposalDoubles")
        self.doubles.setWordWrap(True)
        self.doubles.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.item_reasons = QLabel()
        self.item_reasons.setObjectName("itemReasons")
        self.item_reasons.setWordWrap(True)
        self.checklist = QListWidget()
        self.checklist.setObjectName("dossierChecklist")
        self.checklist.setMaximumHeight(130)
        self.buttons: dict[str, QPushButton] = {}
        item_row = QHBoxLayout()
        for name, text, slot in (
            ("add_item", _("Add a nominee…"), self.add_item),
            ("remove_item", _("Remove the nominee"), self.remove_item),
            ("attach", _("Attach a file…"), self.choose_file),
        ):
            item_row.addWidget(self._button(name, text, slot))
        item_row.addStretch(1)
        steps = QHBoxLayout()
        for name, text, slot in (
            ("edit", _("Edit…"), self.edit),
            ("council", _("Council meeting…"), self.council),
            ("minutes", _("Minutes…"), self.minutes),
            ("submit", _("Send up"), self.submit),
            ("decide", _("Issue the decision…"), lambda: self.decide(upper=False)),
            ("upper_decision", _("Record the upper level's decision…"), lambda: self.decide(upper=True)),
            ("record_return", _("Record that it was returned…"), self.record_return),
            ("revise", _("Correct in a new revision"), self.revise),
            ("appraise", _("Appraised: complete"), self.appraise),
            ("approve", _("Approve"), self.approve),
            ("reject", _("Reject…"), self.reject),
            ("send_back", _("Return to the sender…"), self.record_return),
        ):
            steps.addWidget(self._button(name, text, slot))
        steps.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addWidget(self.doubles)
        layout.addWidget(self.notice)
        layout.addLayout(steps)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.item_reasons)
        layout.addLayout(item_row)
        layout.addWidget(QLabel(_("Dossier")))
        layout.addWidget(self.checklist)
        self.show_proposal(None)

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"step_{name}")
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[name] = button
        return button

    # Showing

    def show_proposal(self, proposal_id: uuid.UUID | None) -> None:
        """Read the proposal on the worker (its view and steps, the doubles an incoming one has, its
        dossier), then show it."""
        if self.view is None or self.view.id != proposal_id:
            self.notice.clear()
        if proposal_id is None:
            self._show(None, [], Dossier((), ()))
            return
        db, username = self.context.db, self.context.username

        def read(_task: Task) -> tuple[ProposalView, list[DuplicateFinding], Dossier]:
            view = proposal_view(db, proposal_id, username)
            doubles = duplicate_findings(db, view.id) if view.incoming else []
            return (
                view,
                doubles,
                Dossier(tuple(dossier.checklist(db, view.id)), tuple(dossier.documents(db, view.id))),
            )

        self.reads.submit(_("Opening the proposal"), read, lambda answer: self._show(*answer))

    def _show(self, view: ProposalView | None, doubles: list[DuplicateFinding], files: Dossier) -> None:
        self.view = view
        self.check = None
        self.setEnabled(view is not None)
        self.heading.setText(
            view.fields.title if view else _("Pick a proposal in the list, or make a new one.")
        )
        self.state.setText(self._state_text(view) if view else "")
        self.items.setRowCount(len(view.items) if view else 0)
        for row, item in enumerate(view.items if view else ()):
            notes = "\n".join(
                filter(
                    None,
                    [
                        item.achievement,
                        item.override_reason and _("Reason: {text}").format(text=item.override_reason),
                    ],
                )
            )
            for column, text in enumerate(
                (item.subject_name, item.award_name, "…", label(ITEM_STATUS, item.status), notes)
            ):
                self.items.setItem(row, column, QTableWidgetItem(text))
        self.items.resizeColumnsToContents()
        self._show_checklist(files)
        self._show_steps()
        self.item_reasons.clear()
        self.doubles.setText("\n".join(finding.text() for finding in doubles))
        if view is not None and view.fields.year is not None and view.items:
            self.context.runner.submit(
                _("Checking the proposal against the rules…"),
                lambda _task, pid=view.id: check_recorded_proposal(self.context.db, pid, self.context.today),
                self._show_check,
                lambda error: show_error(self, error),
            )

    def _state_text(self, view: ProposalView) -> str:
        parts = [
            proposal_workflow.status_name(view.status),
            label(PROPOSAL_KIND, view.fields.kind),
            _("year {year}").format(year=view.fields.year) if view.fields.year else "",
            _("revision {number}").format(number=view.revision) if view.revision > 1 else "",
            _("from {unit}").format(unit=view.from_unit) if view.from_unit else "",
            _("sent up on {date}").format(date=format_date(view.submitted_on)) if view.submitted_on else "",
            _("received on {date}").format(date=format_date(view.received_on)) if view.received_on else "",
        ]
        text = " · ".join(part for part in parts if part)
        if view.return_reason:
            text += "\n" + _("Returned because: {reason}").format(reason=view.return_reason)
        if view.appraisal_note:
            text += "\n" + _("Appraisal: {note}").format(note=view.appraisal_note)
        return text

    def _show_check(self, check: ProposalCheck) -> None:
        if self.view is None or check.proposal_id != self.view.id:
            return  # another proposal was picked meanwhile
        self.check = check
        rows = {item.id: row for row, item in enumerate(self.view.items)}
        for item_id, verdict in zip(check.item_ids, check.report.verdicts, strict=True):
            cell = QTableWidgetItem(_(OUTCOME_LABELS[verdict.outcome]))
            cell.setForeground(QBrush(QColor(OUTCOME_COLOURS[verdict.outcome])))
            cell.setData(Qt.ItemDataRole.UserRole, verdict.outcome.value)
            if item_id in rows:
                self.items.setItem(rows[item_id], VERDICT_COLUMN, cell)
        self.show_item_reasons()

    def show_item_reasons(self) -> None:
        """The reasons behind the selected item's verdict, and the proposal-wide ones (the quota)."""
        row = self.items.currentRow()
        lines = []
        if self.check is not None and 0 <= row < len(self.check.report.verdicts):
            lines = [
                f"{r.rule}: {r.text()}" for r in self.check.report.verdicts[row].reasons if r.status != "pass"
            ]
        if self.check is not None:
            lines += [f"{r.rule}: {r.text()}" for r in self.check.report.reasons]
        self.item_reasons.setText("\n".join(lines))

    def _show_checklist(self, files: Dossier) -> None:
        self.checklist.clear()
        if self.view is None:
            return
        names = {item.id: item.subject_name for item in self.view.items}
        for line in files.checklist:
            whose = f" — {names.get(line.item_id, '')}" if line.item_id else ""
            self.checklist.addItem(f"{PRESENT if line.present else MISSING} {line.name}{whose}")
        for document in files.documents:
            self.checklist.addItem(
                f"📎 {label(DOSSIER_KIND, document.kind)}: {document.file_name or document.title}"
            )

    def _show_steps(self) -> None:
        """Exactly the steps the service offers this account now (`proposal_steps`)."""
        steps = self.view.steps if self.view is not None else frozenset()
        for name, button in self.buttons.items():
            button.setVisible(name in steps)

    # Steps

    def _run(self, step: Callable[[], object], shown: uuid.UUID | None = None) -> None:
        """Run a service step; a refusal is explained, and the proposal is shown again either way."""
        try:
            result = step()
        except SoVangError as error:
            show_error(self, error)
            return
        target = (
            shown
            or (result if isinstance(result, uuid.UUID) else None)
            or (self.view.id if self.view else None)
        )
        self.show_proposal(target)
        self.changed.emit(target)

    def _open(self, dialog: QDialog, shown: Callable[[], uuid.UUID | None] | None = None) -> QDialog:
        def done() -> None:
            target = shown() if shown else (self.view.id if self.view else None)
            self.show_proposal(target)
            self.changed.emit(target)

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def edit(self) -> QDialog:
        assert self.view is not None
        return self._open(ProposalForm(self.context, self.view.id, self.view.fields, self))

    def add_item(self) -> QDialog:
        assert self.view is not None
        return self._open(ItemDialog(self.context, self.view.id, self.view.fields.year, self))

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if self.view is None or not 0 <= row < len(self.view.items):
            return
        item_id = self.view.items[row].id
        self._run(lambda: remove_item(self.context.db, self.context.username or "", item_id))

    def choose_file(self) -> QDialog | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Attach a file"), "", _("Scans and documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
        )
        return self._open(AttachDialog(self, Path(name))) if name else None

    def attach(self, path: Path, kind: str, item_id: uuid.UUID | None) -> None:
        assert self.view is not None
        dossier.attach_file(self.context.db, self.context.username or "", self.view.id, kind, path, item_id)
        self.show_proposal(self.view.id)

    def council(self) -> QDialog:
        assert self.view is not None
        return self._open(CouncilDialog(self.context, self.view, self))

    def minutes(self) -> QDialog | None:
        assert self.view is not None
        try:
            text = meeting_minutes(self.context.db, self.view.id).text
        except SoVangError as error:
            show_error(self, error)
            return None
        return self._open(MinutesDialog(self, self.view.id, text))

    def submit(self) -> None:
        assert self.view is not None
        pid = self.view.id
        self._run(
            lambda: proposal_workflow.submit(
                self.context.db, self.context.username or "", pid, self.context.today
            )
        )

    def decide(self, upper: bool) -> QDialog:
        assert self.view is not None
        dialog = AwardDecisionDialog(self.context, [self.view.id], self.view.fields.title, upper, self)
        dialog.accepted.connect(lambda: self.notice.setText(dialog.outcome))
        return self._open(dialog)

    def record_return(self) -> QDialog:
        return self._ask_reason(_("Returned"), proposal_workflow.return_proposal)

    def reject(self) -> QDialog:
        return self._ask_reason(_("Rejected"), proposal_workflow.reject)

    def _ask_reason(self, title: str, step: Callable[[Database, str, uuid.UUID, str], None]) -> QDialog:
        """A step that needs a written reason, run on this proposal once it is given."""
        assert self.view is not None
        pid = self.view.id
        context = self.context
        return self._open(
            ReasonDialog(title, lambda reason: step(context.db, context.username or "", pid, reason), self)
        )

    def revise(self) -> None:
        assert self.view is not None
        pid = self.view.id
        self._run(lambda: proposal_workflow.new_revision(self.context.db, self.context.username or "", pid))

    def appraise(self) -> None:
        assert self.view is not None
        pid = self.view.id
        self._run(lambda: proposal_workflow.appraise(self.context.db, self.context.username or "", pid, ""))

    def approve(self) -> None:
        assert self.view is not None
        pid = self.view.id
        self._run(lambda: proposal_workflow.approve(self.context.db, self.context.username or "", pid))
