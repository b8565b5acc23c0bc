"""Tập thể: agencies, schools, villages and households, with members and award history."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import SoVangError
from desktop.i18n import N_, _, format_date
from desktop.labels import COLLECTIVE_KIND, label
from desktop.services.collectives import end_membership, members
from desktop.services.listing import CollectiveFilter, CollectiveRow, collective_keys, collective_rows
from desktop.ui.award_choices import award_choices
from desktop.ui.collective_form import AddMemberDialog, CollectiveForm
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error
from desktop.ui.lazy_table import Column
from desktop.ui.list_page import ListPage
from desktop.ui.subject_detail import SubjectDetail
from desktop.ui.widgets import ChoiceCombo, CodeCombo, YearSpin

COLUMNS = (
    Column(N_("Name"), lambda row: row.name),
    Column(N_("Kind"), lambda row: label(COLLECTIVE_KIND, row.kind)),
    Column(N_("Place"), lambda row: row.place),
    Column(N_("Members"), lambda row: str(row.members), align_right=True),
    Column(N_("Awards"), lambda row: str(row.awards), align_right=True),
)


class MembersPanel(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.collective_id = None
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Role"), _("Joined"), _("Left")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.add_button = QPushButton(_("Add a member…"))
        self.add_button.clicked.connect(self.add)
        self.leave_button = QPushButton(_("Member left today"))
        self.leave_button.clicked.connect(self.leave)
        context.offer(UserRole.OFFICER, self.add_button, self.leave_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.shown: list = []

    def show_collective(self, collective_id) -> None:  # type: ignore[no-untyped-def]
        self.collective_id = collective_id
        self.shown = members(self.context.db, collective_id) if collective_id else []
        self.table.setRowCount(len(self.shown))
        for number, member in enumerate(self.shown):
            values = (
                member.full_name,
                member.role,
                format_date(member.joined_on),
                format_date(member.left_on),
            )
            for column, value in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.add_button.setEnabled(collective_id is not None)

    def add(self) -> None:
        if self.collective_id is not None and AddMemberDialog(self.context, self.collective_id, self).exec():
            self.show_collective(self.collective_id)

    def leave(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) != 1:
            return
        member = self.shown[rows.pop()]
        try:
            end_membership(self.context.db, self.context.username, member.id, self.context.today)
        except SoVangError as error:
            show_error(self, error)
        self.show_collective(self.collective_id)


class CollectivesPage(ListPage):
    FOLLOWS = frozenset(
        {"collective", "collective_member", "award", "decision", "task_rating", "registration", "admin_unit"}
    )

    def __init__(self, context: AppContext) -> None:
        super().__init__(
            context,
            "collectives",
            COLUMNS,
            collective_keys,
            collective_rows,
            _("Search by name, with or without accents…"),
        )
        self.setObjectName("collectivesPage")
        self.kind = CodeCombo(COLLECTIVE_KIND, blank=_("All kinds"))
        self.award = ChoiceCombo(blank=_("Any award or none"))
        self.award.set_choices(award_choices(context.db))
        self.year = YearSpin(any_text=_("All years"))
        self.year.setValue(YearSpin.ANY)
        self.add_filter("", self.kind)
        self.add_filter("", self.award)
        self.add_filter(_("Year"), self.year)
        self.new_button = QPushButton(_("New collective (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_collective)
        self.edit_button = QPushButton(_("Edit (Enter)"))
        self.edit_button.clicked.connect(self.edit_collective)
        self.actions.addWidget(self.new_button)
        self.actions.addWidget(self.edit_button)
        self.writer = context.offer(UserRole.OFFICER, self.new_button, self.edit_button)
        self.detail = SubjectDetail(context)
        self.members = MembersPanel(context)
        self.detail.tabs.insertTab(1, self.members, _("Members"))
        self.set_detail(self.detail)
        self.selected.connect(self.show_collective)
        if self.writer:
            self.table.doubleClicked.connect(self.edit_collective)
            QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_collective)
            QShortcut(QKeySequence("Return"), self.table, activated=self.edit_collective)

    def current_filter(self) -> CollectiveFilter:
        return CollectiveFilter(
            text=self.search_box.text(),
            kind=self.kind.code(),
            award_code=self.award.value(),  # type: ignore[arg-type]
            year=self.year.year(),
        )

    def show_collective(self, row: CollectiveRow | None) -> None:
        self.edit_button.setEnabled(row is not None)
        self.members.show_collective(row.id if row else None)
        if row is None:
            self.detail.show_subject(None)
            return
        facts = " · ".join(part for part in (label(COLLECTIVE_KIND, row.kind), row.place) if part)
        self.detail.show_subject(row.id, row.name, facts)

    def new_collective(self) -> None:
        form = CollectiveForm(self.context, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted and form.saved_id is not None:
            self.show_record(form.saved_id, form.name.text())

    def edit_collective(self) -> None:
        row = self.current()
        if row is None:
            return
        form = CollectiveForm(self.context, row.id, parent=self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh_current()
