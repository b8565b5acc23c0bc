"""Issue a decision for agreed proposals, or record the one the upper level sent back.

The number is offered from the unit's numbers this year, and the gaps are shown, so a skipped
or reused number is seen before signing. The signer comes from the office settings.
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

from desktop.errors import ValidationError
from desktop.i18n import _, format_number, ngettext
from desktop.labels import SIGN_MODE
from desktop.services.decisions import (
    LEGAL_BASIS,
    DecisionFields,
    IssuedDecision,
    issue_decision,
    number_report,
)
from desktop.services.office import office_settings
from desktop.services.site import unit_chain
from desktop.ui.context import AppContext
from desktop.ui.widgets import ChoiceCombo, CodeCombo, DateField, error_label, form_buttons

NUMBER_SUFFIX = "/QĐ-UBND"


class DecisionDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        proposal_ids: list[uuid.UUID],
        summary: str,
        upper: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """`upper`: record the decision of the upper level on proposals this site sent up."""
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.context = context
        self.proposal_ids = proposal_ids
        self.issued: IssuedDecision | None = None
        self.setWindowTitle(_("Record the upper level's decision") if upper else _("Issue the decision"))
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
        form = QFormLayout()
        form.addRow(_("Issued by"), self.issuer)
        form.addRow(_("Number") + " *", self.number)
        form.addRow("", self.numbers)
        form.addRow(_("Signed on") + " *", self.signed_on)
        form.addRow(_("Summary (trích yếu)") + " *", self.summary)
        form.addRow(_("Signer"), self.signer_name)
        form.addRow(_("Signer's title"), self.signer_title)
        form.addRow(_("Signing as"), self.sign_mode)
        form.addRow(_("Legal basis (Căn cứ …)"), self.legal_basis)
        self.error = error_label("formError")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
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
        lines = [_("Last number this year: {number}").format(number=report.used[-1] if report.used else "—")]
        if report.gaps:
            lines.append(
                _("Numbers not used yet: {numbers}").format(numbers=", ".join(map(str, report.gaps)))
            )
        if report.duplicates:
            lines.append(_("Numbers used twice: {numbers}").format(numbers=", ".join(report.duplicates)))
        self.numbers.setText("\n".join(lines))

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
            self.issued = issue_decision(
                self.context.db, self.context.username or "", fields, self.proposal_ids
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()

    def outcome(self) -> str:
        """What the officer is told once the decision is issued."""
        assert self.issued is not None
        count = len(self.issued.awards)
        return ngettext(
            "Decision {number}: {count} award recorded, reward money {total} đồng in all.",
            "Decision {number}: {count} awards recorded, reward money {total} đồng in all.",
            count,
        ).format(
            number=self.issued.number,
            count=count,
            total=format_number(int(self.issued.total_reward)),
        )
