"""Tra cứu khen thưởng: who received what, filtered by award, year, level, village and movement.

"Has this person already been awarded X in year Y?" is one search: type the name, pick the award
and the year.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from desktop.i18n import N_, _, format_date
from desktop.labels import CONFERRING_LEVEL
from desktop.reports.kinds import Selection
from desktop.services.listing import AwardFilter, AwardRow, award_keys, award_rows
from desktop.services.movements import movement_names
from desktop.services.units import villages
from desktop.ui.award_choices import award_choices
from desktop.ui.context import AppContext
from desktop.ui.document_preview import PreviewDialog, open_preview, print_menu_button
from desktop.ui.lazy_table import Column
from desktop.ui.list_page import ListPage
from desktop.ui.widgets import ChoiceCombo, CodeCombo, YearSpin

COLUMNS = (
    Column(N_("Awarded"), lambda row: row.subject_name),
    Column(N_("Award"), lambda row: row.award_name + (" — " + _("revoked") if row.revoked else "")),
    Column(N_("Year"), lambda row: str(row.year or ""), align_right=True),
    Column(N_("Decision"), lambda row: row.decision_number),
    Column(N_("Signed on"), lambda row: format_date(row.signed_on)),
    Column(N_("Issued by"), lambda row: row.issuer),
    Column(N_("Village or place"), lambda row: row.village),
)


class AwardLookupPage(ListPage):
    open_subject = Signal(object)
    """An award row was opened: show its person or collective."""

    FOLLOWS = frozenset({"award", "decision", "person", "collective", "award_type", "movement"})

    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            "awards",
            COLUMNS,
            award_keys,
            award_rows,
            _("Name of the person or collective, with or without accents…"),
        )
        self.setObjectName("awardLookupPage")
        self.award = ChoiceCombo(blank=_("All awards"))
        self.award.set_choices(award_choices(context.db))
        self.year = YearSpin(any_text=_("All years"))
        self.year.setValue(YearSpin.ANY)
        self.level = CodeCombo(CONFERRING_LEVEL, blank=_("All levels"))
        self.village = ChoiceCombo(blank=_("All villages"))
        self.village.set_choices((village.id, village.name) for village in villages(context.db))
        self.movement = ChoiceCombo(blank=_("All movements"))
        self.movement.set_choices(movement_names(context.db))
        self.revoked = QCheckBox(_("Include revoked"))
        self.add_filter("", self.award)
        self.add_filter(_("Year"), self.year)
        for widget in (self.level, self.village, self.movement, self.revoked):
            self.add_filter("", widget)
        self.decision_id: uuid.UUID | None = None
        self.decision_button = QPushButton()
        self.decision_button.setObjectName("decisionFilter")
        self.decision_button.setVisible(False)
        self.decision_button.clicked.connect(lambda: self.show_decision(None, ""))
        self.filters.addWidget(self.decision_button)
        self.answer = QLabel()
        self.answer.setObjectName("lookupAnswer")
        self.answer.setStyleSheet("font-weight: 600;")
        self.layout().insertWidget(2, self.answer)
        self.loaded.connect(self.say_answer)
        self.report_button = print_menu_button(
            _("Reports…"),
            [
                (_("Annual report of the year chosen, with forms 0601–0605"), self.preview_annual_report),
                (_("Review of the movement chosen (sơ kết, tổng kết)"), self.preview_movement_review),
            ],
        )
        self.report_button.setObjectName("reports")
        self.actions.addWidget(self.report_button)
        self.table.doubleClicked.connect(lambda index: self.open_subject.emit(self.model.row(index.row())))

    def show_award(self, code: str | None, year: int | None) -> None:
        """Open the list of one award in one year (from the dashboard)."""
        self.search_box.clear()
        self.award.set_value(code)
        self.year.setValue(year if year is not None else YearSpin.ANY)
        self.reload()

    def show_decision(self, decision_id: uuid.UUID | None, number: str) -> None:
        """Only the awards of one decision (from the global search); None shows all again."""
        self.decision_id = decision_id
        self.decision_button.setText(_("Decision {number} ✕").format(number=number))
        self.decision_button.setVisible(decision_id is not None)
        if decision_id is not None:
            self.search_box.clear()
            self.award.set_value(None)
            self.year.setValue(YearSpin.ANY)
        self.reload()

    def current_filter(self) -> AwardFilter:
        return AwardFilter(
            text=self.search_box.text(),
            award_code=self.award.value(),  # type: ignore[arg-type]
            year=self.year.year(),
            level=self.level.code(),
            village_id=self.village.value(),  # type: ignore[arg-type]
            movement_id=self.movement.value(),  # type: ignore[arg-type]
            decision_id=self.decision_id,
            include_revoked=self.revoked.isChecked(),
        )

    def say_answer(self, count: int) -> None:
        """With a name, an award and a year chosen, answer the question in words."""
        name, code, year = self.search_box.text().strip(), self.award.value(), self.year.year()
        if not (name and code and year):
            self.answer.clear()
            return
        award = self.award.currentText()
        if count:
            row: AwardRow | None = self.model.row(0)
            self.answer.setText(
                _("Yes: {name} received {award} {year} (decision {number}).").format(
                    name=row.subject_name if row else name,
                    award=award,
                    year=year,
                    number=row.decision_number if row else "",
                )
            )
        else:
            self.answer.setText(
                _("No award {award} {year} is recorded for “{name}”.").format(
                    award=award, year=year, name=name
                )
            )

    def preview_annual_report(self) -> PreviewDialog:
        year = self.year.year() or self.context.today.year
        title = _("Annual report {year}").format(year=year)
        return open_preview(self, self.context, "annual-report", Selection(year=year), title)

    def preview_movement_review(self) -> PreviewDialog:
        """The chosen movement's review; with none chosen, the one whose review is nearest."""
        movement_id = self.movement.value()
        title = self.movement.currentText() if movement_id else _("Movement review")
        return open_preview(self, self.context, "movement-review", Selection(movement_id), title)  # type: ignore[arg-type]
