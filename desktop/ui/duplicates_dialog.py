"""The same person recorded by two communes: each pair waits for a person to merge or tell apart,
and each verdict given can be taken back."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import SoVangError
from desktop.i18n import N_, _, format_moment
from desktop.services import duplicates
from desktop.ui.context import AppContext
from desktop.ui.sync_review_dialog import chosen, fill, record_tab
from desktop.ui.widgets import confirm, error_label, named_button, records_table

COLUMNS = (N_("First record"), N_("Second record"), N_("Why they may be one person"))
SETTLED_COLUMNS = (N_("Verdict"), N_("Kept record"), N_("Other record"), N_("Given at"), N_("By"))


def described(side: duplicates.Side) -> str:
    place = " – ".join(part for part in (side.commune, side.village) if part)
    return _("{name}, born {born}, {place}; {awards} awards").format(
        name=side.full_name, born=side.born or "—", place=place or "—", awards=side.awards
    )


class DuplicatesDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: AppContext) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(_("Same person in two communes"))
        self.resize(1200, 480)
        self.context = context
        layout = QVBoxLayout(self)
        self.table = records_table("duplicateTable", COLUMNS)
        self.keep_first = named_button(
            "keepFirstButton", _("One person: keep the first record"), lambda: self.merge(first_kept=True)
        )
        self.keep_second = named_button(
            "keepSecondButton", _("One person: keep the second record"), lambda: self.merge(first_kept=False)
        )
        self.different = named_button("differentButton", _("Two different people"), self.tell_apart)
        note = _(
            "Records with the same ID number, or the same name and birth year in two communes, that no "
            "gender, birth date or ID number tells apart. Merging changes no commune's records: the "
            "other record is hidden here and everything recorded for it counts for the kept person."
        )
        tabs = QTabWidget()
        tabs.setObjectName("duplicateTabs")
        self.more = QLabel(
            _("Showing the {count} strongest pairs; the next ones appear as these are settled.").format(
                count=duplicates.SHOWN
            )
        )
        tabs.addTab(
            record_tab(note, self.table, self.keep_first, self.keep_second, self.different, self.more),
            _("To review"),
        )
        self.settled_table = records_table("settledTable", SETTLED_COLUMNS)
        self.undo = named_button("undoVerdictButton", _("Take this verdict back"), self.withdraw)
        settled_note = _(
            "Verdicts already given. Taking a merge back makes the other record count on its own "
            "again; a pair told apart is offered again for review."
        )
        tabs.addTab(record_tab(settled_note, self.settled_table, self.undo), _("Already settled"))
        layout.addWidget(tabs, 1)
        self.message = error_label("duplicatesMessage")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        context.offer(UserRole.APPROVER, self.keep_first, self.keep_second)
        context.offer(UserRole.OFFICER, self.different, self.undo)
        self.reload()

    def reload(self) -> None:
        self.pairs = duplicates.candidates(self.context.db)
        fill(
            self.table,
            [(described(pair.first), described(pair.second), ", ".join(pair.reasons)) for pair in self.pairs],
        )
        if self.table.rowCount():
            self.table.selectRow(0)
        self.more.setVisible(len(self.pairs) >= duplicates.SHOWN)
        self.verdicts = duplicates.settled(self.context.db)
        fill(
            self.settled_table,
            [
                (
                    _("One person") if verdict.same else _("Two people"),
                    described(verdict.kept),
                    described(verdict.other),
                    format_moment(verdict.at),
                    verdict.by,
                )
                for verdict in self.verdicts
            ],
        )

    def merge(self, first_kept: bool) -> None:
        pair = chosen(self.table, self.pairs)
        if pair is None:
            return
        kept, other = (pair.first, pair.second) if first_kept else (pair.second, pair.first)
        if not confirm(
            self,
            "mergeConfirm",
            _("Merge"),
            _("Count {other} as {kept} from now on?").format(other=described(other), kept=described(kept)),
            _("Merge"),
            _("Go back"),
            warning=False,
            informative=_("The awards and history of both records will be counted together."),
        ):
            return
        self._act(lambda: duplicates.merge(self.context.db, self.context.username, kept.id, other.id))

    def tell_apart(self) -> None:
        pair = chosen(self.table, self.pairs)
        if pair is not None:
            self._act(
                lambda: duplicates.tell_apart(
                    self.context.db, self.context.username, pair.first.id, pair.second.id
                )
            )

    def withdraw(self) -> None:
        verdict = chosen(self.settled_table, self.verdicts)
        if verdict is None:
            return
        question = (
            _("Count {other} on its own again, apart from {kept}?")
            if verdict.same
            else _("Offer {other} and {kept} again as possibly one person?")
        )
        if confirm(
            self,
            "undoVerdictConfirm",
            _("Take this verdict back"),
            question.format(other=described(verdict.other), kept=described(verdict.kept)),
            _("Take it back"),
            _("Go back"),
            warning=False,
        ):
            self._act(lambda: duplicates.withdraw(self.context.db, self.context.username, verdict.id))

    def _act(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except SoVangError as error:
            self.message.setText(str(error))
            return
        self.message.clear()
        self.reload()
