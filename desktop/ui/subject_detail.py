"""The detail of a person or collective: who they are, their award timeline, what they can get next."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.reports.kinds import Selection
from desktop.ui.context import AppContext
from desktop.ui.document_preview import PreviewDialog, open_preview
from desktop.ui.eligibility_panel import EligibilityPanel
from desktop.ui.timeline_view import TimelineView


class SubjectDetail(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.subject_id: uuid.UUID | None = None
        self.title = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(_("Select a row to see its record."))
        self.heading.setObjectName("detailHeading")
        self.heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("color: #44546a;")
        self.report_button = QPushButton(_("Achievement report…"))
        self.report_button.setObjectName("achievementReport")
        self.report_button.setToolTip(
            _("The báo cáo thành tích, with the table of earlier awards filled from the records.")
        )
        self.report_button.clicked.connect(self.preview_report)
        self.report_button.setEnabled(False)
        heading = QHBoxLayout()
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.report_button)
        layout.addLayout(heading)
        layout.addWidget(self.facts)
        self.tabs = QTabWidget()
        self.timeline = TimelineView(context)
        self.eligibility = EligibilityPanel(context)
        self.tabs.addTab(self.timeline, _("Award history"))
        self.tabs.addTab(self.eligibility, _("What can be proposed"))
        layout.addWidget(self.tabs, 1)

    def show_subject(self, subject_id: uuid.UUID | None, title: str = "", facts: str = "") -> None:
        self.subject_id = subject_id
        self.title = title
        self.report_button.setEnabled(subject_id is not None)
        self.heading.setText(title if subject_id else _("Select a row to see its record."))
        self.facts.setText(facts if subject_id else "")
        self.timeline.show_subject(subject_id)
        if subject_id is not None:
            self.eligibility.show_subject(subject_id, title)

    def preview_report(self) -> PreviewDialog | None:
        if self.subject_id is None:
            return None
        title = _("Achievement report: {name}").format(name=self.title)
        return open_preview(self, self.context, "achievement-report", Selection(self.subject_id), title)
