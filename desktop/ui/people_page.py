"""Cá nhân: every person of the commune, filtered and searched, with the record of the one selected."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.codes import UserRole
from desktop.errors import SoVangError
from desktop.i18n import N_, _
from desktop.labels import GENDER, OCCUPATION, label
from desktop.services.listing import PeopleFilter, PersonRow, person_keys, person_rows
from desktop.services.people import erase_personal_data
from desktop.services.reference import ethnic_groups
from desktop.services.units import villages
from desktop.ui.award_choices import award_choices
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error
from desktop.ui.lazy_table import Column
from desktop.ui.list_page import ListPage
from desktop.ui.person_form import PersonForm
from desktop.ui.subject_detail import SubjectDetail
from desktop.ui.widgets import ChoiceCombo, CodeCombo, YearSpin, confirm

COLUMNS = (
    Column(N_("Full name"), lambda row: row.full_name),
    Column(N_("Born"), lambda row: row.born),
    Column(N_("Gender"), lambda row: label(GENDER, row.gender)),
    Column(N_("Village"), lambda row: row.village or ""),
    Column(N_("Ethnicity"), lambda row: row.ethnicity or ""),
    Column(N_("Occupation category"), lambda row: label(OCCUPATION, row.occupation)),
)


class PeoplePage(ListPage):
    FOLLOWS = frozenset(
        {
            "person",
            "person_match",
            "initiative",
            "initiative_author",
            "discipline",
            "award",
            "decision",
            "task_rating",
            "registration",
            "admin_unit",
        }
    )

    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            "people",
            COLUMNS,
            person_keys,
            person_rows,
            _("Search by name, with or without accents…"),
        )
        self.setObjectName("peoplePage")
        self.village = ChoiceCombo(blank=_("All villages"))
        self.village.set_choices((village.id, village.name) for village in villages(context.db))
        self.gender = CodeCombo(GENDER, blank=_("Both genders"))
        self.occupation = CodeCombo(OCCUPATION, blank=_("All occupations"))
        self.ethnicity = ChoiceCombo(blank=_("All ethnic groups"))
        self.ethnicity.set_choices(ethnic_groups(context.db))
        self.award = ChoiceCombo(blank=_("Any award or none"))
        self.award.set_choices(award_choices(context.db))
        self.year = YearSpin(any_text=_("All years"))
        self.year.setValue(YearSpin.ANY)
        for widget in (self.village, self.gender, self.occupation, self.ethnicity, self.award):
            self.add_filter("", widget)
        self.add_filter(_("Year"), self.year)
        self.new_button = QPushButton(_("New person (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_person)
        self.edit_button = QPushButton(_("Edit (Enter)"))
        self.edit_button.clicked.connect(self.edit_person)
        self.edit_button.setEnabled(False)
        self.erase_button = QPushButton(_("Erase personal data…"))
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.clicked.connect(self.erase_personal_data)
        self.erase_button.setEnabled(False)
        self.writer = context.offer(UserRole.OFFICER, self.new_button, self.edit_button)
        context.offer(UserRole.ADMIN, self.erase_button)
        for button in (self.new_button, self.edit_button, self.erase_button):
            self.actions.addWidget(button)
        self.detail = SubjectDetail(context)
        self.set_detail(self.detail)
        self.selected.connect(self.show_person)
        if self.writer:
            self.table.doubleClicked.connect(self.edit_person)
            QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_person)
            QShortcut(QKeySequence("Return"), self.table, activated=self.edit_person)

    def current_filter(self) -> PeopleFilter:
        return PeopleFilter(
            text=self.search_box.text(),
            village_id=self.village.value(),  # type: ignore[arg-type]
            occupation=self.occupation.code(),
            gender=self.gender.code(),
            ethnic_code=self.ethnicity.value(),  # type: ignore[arg-type]
            award_code=self.award.value(),  # type: ignore[arg-type]
            year=self.year.year(),
        )

    def show_person(self, row: PersonRow | None) -> None:
        self.edit_button.setEnabled(row is not None)
        self.erase_button.setEnabled(row is not None)
        if row is None:
            self.detail.show_subject(None)
            return
        facts = " · ".join(
            part for part in (row.born, row.village, row.ethnicity, label(OCCUPATION, row.occupation)) if part
        )
        self.detail.show_subject(row.id, row.full_name, facts)

    def new_person(self) -> None:
        form = PersonForm(self.context, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted and form.saved is not None:
            self.show_record(form.saved.id, form.saved.full_name)

    def edit_person(self) -> None:
        row = self.current()
        if row is None:
            return
        form = PersonForm(self.context, row.id, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted and form.saved is not None:
            self.refresh_current()

    def erase_personal_data(self) -> None:
        """At the end of the retention period: the birth date, ethnicity, ID number, home town and
        notes go; the name, gender, birth year and award history stay."""
        row = self.current()
        if row is None:
            return
        if not confirm(
            self,
            "confirmErase",
            _("Erase personal data"),
            _(
                "Erase the birth date, ethnicity, ID number, home town and notes of {name}? The name, "
                "gender, birth year and award history are kept. This cannot be undone."
            ).format(name=row.full_name),
            _("Erase"),
            _("Cancel"),
        ):
            return
        try:
            erase_personal_data(self.context.db, self.context.username, row.id)
        except SoVangError as error:
            show_error(self, error)
            return
        self.refresh_current()
