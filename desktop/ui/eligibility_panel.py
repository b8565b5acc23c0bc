"""What a person or collective can be proposed for this year, each verdict with its reasons.

Shown in the detail of the selected person or collective (tab "Có thể đề nghị"). It only calls
`desktop.services.eligibility`; judging one subject takes milliseconds, so it runs on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.rules.catalog import Catalog
from desktop.rules.engine import NextStep
from desktop.rules.verdict import OUTCOME_LABELS, STATUS_LABELS, Outcome, Status, Verdict
from desktop.services.eligibility import next_steps
from desktop.services.releases import award_catalog
from desktop.ui.context import AppContext
from desktop.ui.screen_reads import ScreenReads

OUTCOME_COLOURS = {Outcome.ELIGIBLE: "#1b7f3b", Outcome.INELIGIBLE: "#b3261e", Outcome.UNKNOWN: "#9a6700"}
OUTCOME_ORDER = (Outcome.ELIGIBLE, Outcome.UNKNOWN, Outcome.INELIGIBLE)
STATUS_COLOURS = {
    Status.PASS: "#1b7f3b",
    Status.FAIL: "#b3261e",
    Status.UNKNOWN: "#9a6700",
    Status.MANUAL: "#44546a",
}


class EligibilityPanel(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.today = context.today
        self.reads = ScreenReads(self, context.runner)
        """Every rule over the subject's whole record is judged on the worker."""
        self.subject_id: uuid.UUID | None = None
        self.subject_name = ""
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(_("Select a person or collective to see what they can be proposed for."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        header.addWidget(self.title, 1)
        header.addWidget(QLabel(_("Year")))
        self.year = QSpinBox()
        self.year.setRange(2000, self.today.year + 1)
        self.year.setValue(self.today.year)
        self.year.valueChanged.connect(self.refresh)
        header.addWidget(self.year)
        layout.addLayout(header)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Award / rule"), _("Assessment")])
        self.tree.setWordWrap(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.currentItemChanged.connect(self.show_details)
        layout.addWidget(self.tree, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(72)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)

    def show_subject(self, subject_id: uuid.UUID, name: str) -> None:
        self.subject_id = subject_id
        self.subject_name = name
        self.refresh()

    def refresh(self) -> None:
        """Judge the subject for the year chosen on the worker, then show the verdicts."""
        self.tree.clear()
        self.details.clear()
        if self.subject_id is None:
            return
        year = self.year.value()
        as_of = min(self.today, dt.date(year + 1, 3, 31))
        self.title.setText(
            _("{name}: what can be proposed for {year}").format(name=self.subject_name, year=year)
        )
        db, subject_id = self.context.db, self.subject_id

        self.reads.submit(
            _("Checking what can be proposed"),
            lambda _task: (next_steps(db, subject_id, year, as_of), award_catalog(db)),
            lambda answer: self._show_steps(*answer),
            lambda: (subject_id, year) == (self.subject_id, self.year.value()),
        )

    def _show_steps(self, steps: list[NextStep], catalog: Catalog) -> None:
        self.tree.clear()
        verdicts = sorted(
            (step.verdict for step in steps if step.verdict is not None),
            key=lambda v: OUTCOME_ORDER.index(v.outcome),
        )
        for verdict in verdicts:
            item = self._verdict_item(catalog, verdict)
            self.tree.addTopLevelItem(item)
            item.setExpanded(verdict.outcome is not Outcome.INELIGIBLE)
        for step in steps:
            if step.hint is not None:
                text = _(step.hint.message).format(**step.hint.params)
                item = QTreeWidgetItem([_("Next step"), text])
                item.setData(1, Qt.ItemDataRole.UserRole, text)
                self.tree.addTopLevelItem(item)
        self.details.clear()

    def show_details(self, item: QTreeWidgetItem | None) -> None:
        """The whole text of the line picked: the tree cuts long reasons short."""
        self.details.setText((item.data(1, Qt.ItemDataRole.UserRole) or "") if item else "")

    def _verdict_item(self, catalog: Catalog, verdict: Verdict) -> QTreeWidgetItem:
        item = QTreeWidgetItem([catalog.name(verdict.award), _(OUTCOME_LABELS[verdict.outcome])])
        missing = _("Missing: {items}").format(items="; ".join(verdict.missing)) if verdict.missing else ""
        item.setData(
            1,
            Qt.ItemDataRole.UserRole,
            f"{catalog.name(verdict.award)} {verdict.year}: "
            f"{_(OUTCOME_LABELS[verdict.outcome])}. {missing}".strip(),
        )
        item.setForeground(1, QBrush(QColor(OUTCOME_COLOURS[verdict.outcome])))
        font = item.font(1)
        font.setBold(True)
        item.setFont(1, font)
        for reason in verdict.reasons:
            line = QTreeWidgetItem([f"{reason.rule} · {_(STATUS_LABELS[reason.status])}", reason.text()])
            line.setForeground(0, QBrush(QColor(STATUS_COLOURS[reason.status])))
            details = "\n".join(filter(None, [reason.text(), reason.legal_basis, *reason.evidence]))
            line.setToolTip(1, details)
            line.setData(1, Qt.ItemDataRole.UserRole, details)
            for evidence in reason.evidence:
                line.addChild(QTreeWidgetItem(["", f"· {evidence}"]))
            item.addChild(line)
        return item
