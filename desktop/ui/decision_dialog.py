"""The form of a decision: issue one for agreed proposals, record the upper level's, or revoke.

The number is offered from the unit's numbers this year, and the gaps are shown, so a skipped
or reused number is seen before signing. The signer comes from the office settings. Each kind of
decision is a subclass that says what signing it does (`sign`) and what the officer is told.
"""

from __future__ import annotations

import uuid

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

from desktop.errors import SoVangError
from desktop.i18n import _, format_number, ngettext
from desktop.labels import SIGN_MODE
from desktop.services.decisions import (
    LEGAL_BASIS,
    REVOCATION_SUMMARY,
    DecisionFields,
    issue_decision,
    number_report,
    revoke,
)
from desktop.services.office import office_settings
from desktop.services.site import unit_chain
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import error_text
from desktop.ui.widgets import ChoiceCombo, CodeCombo, DateField, error_label, form_buttons

NUMBER_SUFFIX = "/QĐ-UBND"


class DecisionDialog(QDialog):
    def __init__(
        self, context: AppContext, title: str, summary: str, upper: bool, parent: QWidget | None = None
    ) -> None:
        """`upper`: the decision is the upper level's, recorded here (its signer is not ours)."""
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.context = context
        self.outcome = ""
        """What the officer is told once the decision is saved."""
        self.setWindowTitle(title)
        chain = unit_chain(context.db)
        self.issuer = ChoiceCombo()
        self.issuer.set_choices(chain[1:] if upper else chain[:1])
        self.number = QLineEdit()
        self.number.setObjectName("decisionNumber")
        self.numbers = QLabel()
        self.numbers.setObjectName("decisionNumbers")
        self.numbers.setWordWrap(True)
        self.signed_on = DateField()
        self.signed_on.set_date(context.today)
        self.summary = QLineEdit(summary)
        office = office_settings(context.db)
        self.signer_name = QLineEdit("" if upper else office.signer_name)
        self.signer_title = QLineEdit("" if upper else office.signer_title)
        self.sign_mode = CodeCombo(SIGN_MODE)
        self.legal_basis = QPlainTextEdit(LEGAL_BASIS)
        self.legal_basis.setFixedHeight(80)
        self.form = QFormLayout()
        self.form.addRow(_("Issued by"), self.issuer)
        self.form.addRow(_("Number") + " *", self.number)
        self.form.addRow("", self.numbers)
        self.form.addRow(_("Signed on") + " *", self.signed_on)
        self.form.addRow(_("Summary (trích yếu)") + " *", self.summary)
        self.form.addRow(_("Signer"), self.signer_name)
        self.form.addRow(_("Signer's title"), self.signer_title)
        self.form.addRow(_("Signing as"), self.sign_mode)
        self.form.addRow(_("Legal basis (Căn cứ …)"), self.legal_basis)
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(form_buttons(self, _("Issue (Ctrl+S)"), self.save))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.issuer.currentIndexChanged.connect(lambda _index: self.show_numbers())
        self.show_numbers()
        self.resize(620, 480)

    def show_numbers(self) -> None:
        """The next free number, and the gaps, of the issuing unit this year."""
        issuer = self.issuer.value()
        day = self.signed_on.date() or self.context.today
        report = number_report(self.context.db, day.year, issuer)  # type: ignore[arg-type]
        if not self.number.isModified():
            self.number.setText(f"{report.next_number}{NUMBER_SUFFIX}")
        last = _("Last number this year: {number}").format(number=report.used[-1] if report.used else "—")
        self.numbers.setText("\n".join([last, *report.problems()]))

    def sign(self, fields: DecisionFields) -> str:
        """Save the decision through its service; the outcome to tell the officer."""
        raise NotImplementedError

    def save(self) -> None:
        signed_on = self.signed_on.date()
        if signed_on is None:
            self.error.setText(_("Write dates as dd/mm/yyyy."))
            return
        fields = DecisionFields(
            number=self.number.text(),
            signed_on=signed_on,
            summary=self.summary.text(),
            signer_name=self.signer_name.text(),
            signer_title=self.signer_title.text(),
            sign_mode=self.sign_mode.code() or "own",
            legal_basis=self.legal_basis.toPlainText(),
            issuer_unit_id=self.issuer.value(),  # type: ignore[arg-type]
        )
        try:
            self.outcome = self.sign(fields)
        except SoVangError as error:
            self.error.setText(error_text(error))
            return
        self.accept()


class AwardDecisionDialog(DecisionDialog):
    """Issue the decision on agreed proposals, or (`upper`) record the one the upper level sent."""

    def __init__(
        self,
        context: AppContext,
        proposal_ids: list[uuid.UUID],
        summary: str,
        upper: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Record the upper level's decision") if upper else _("Issue the decision")
        super().__init__(context, title, summary, upper, parent)
        self.proposal_ids = proposal_ids

    def sign(self, fields: DecisionFields) -> str:
        issued = issue_decision(self.context.db, self.context.username or "", fields, self.proposal_ids)
        count = len(issued.awards)
        return ngettext(
            "Decision {number}: {count} award recorded, reward money {total} đồng in all.",
            "Decision {number}: {count} awards recorded, reward money {total} đồng in all.",
            count,
        ).format(number=issued.number, count=count, total=format_number(int(issued.total_reward)))


class RevocationDialog(DecisionDialog):
    """Revoke awards by a new decision, with the reason; tells how much money is to be recovered."""

    def __init__(
        self, context: AppContext, award_ids: list[uuid.UUID], parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Revoke awards"), REVOCATION_SUMMARY, False, parent)
        self.award_ids = award_ids
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("revocationReason")
        self.reason.setFixedHeight(60)
        self.form.addRow(_("Reason") + " *", self.reason)

    def sign(self, fields: DecisionFields) -> str:
        done = revoke(
            self.context.db, self.context.username or "", fields, self.award_ids, self.reason.toPlainText()
        )
        return ngettext(
            "Decision {number}: {count} award revoked; {total} đồng of reward money to recover.",
            "Decision {number}: {count} awards revoked; {total} đồng of reward money to recover.",
            done.awards,
        ).format(number=fields.number, count=done.awards, total=format_number(int(done.amount_to_recover)))
