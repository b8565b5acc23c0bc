"""The proposal view offers exactly the steps the service allows, for each role and each state: a
button is shown for every step the workflow would take for that account, and for no other."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from sqlalchemy import select

from desktop.errors import PermissionDenied, ValidationError
from desktop.models import AdminUnit, Proposal
from desktop.services.accounts import create_account
from desktop.services.council import MeetingFields, Vote, record_meeting
from desktop.services.decisions import DecisionFields, issue_decision
from desktop.services.proposal_steps import Step
from desktop.services.proposal_workflow import (
    ReceivedItem,
    appraise,
    approve,
    new_revision,
    receive,
    reject,
    return_proposal,
    submit,
)
from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal, proposal_view
from desktop.ui.proposal_editor import ProposalEditor
from tests.rules.records import Records
from tests.ui.conftest import shown

AS_OF = dt.date(2025, 12, 20)
ROLES = ("viewer", "officer", "approver", "admin")
WORKFLOW: list[tuple[frozenset[Step], Callable[[object, str, object], object]]] = [
    (frozenset({Step.SUBMIT}), lambda db, who, pid: submit(db, who, pid, dt.date(2026, 1, 5))),
    (
        frozenset({Step.RECORD_RETURN, Step.SEND_BACK}),  # one service: its step is whose proposal it is
        lambda db, who, pid: return_proposal(db, who, pid, "Thiếu hồ sơ"),
    ),
    (frozenset({Step.REJECT}), lambda db, who, pid: reject(db, who, pid, "Không đủ thành tích")),
    (frozenset({Step.APPRAISE}), lambda db, who, pid: appraise(db, who, pid, "Hồ sơ đầy đủ")),
    (frozenset({Step.APPROVE}), lambda db, who, pid: approve(db, who, pid)),
    (frozenset({Step.REVISE}), lambda db, who, pid: new_revision(db, who, pid)),
]
"""The steps the workflow service takes by itself, each through its own function."""
NUMBERS = itertools.count(1)


def _decision(db, who: str, pid, issuer=None) -> None:
    """Issue a decision on the proposal, under this unit's name or (`issuer`) the upper level's."""
    number = f"{next(NUMBERS)}/QĐ-UBND"
    fields = DecisionFields(number, dt.date(2026, 1, 10), "Về việc khen thưởng", issuer_unit_id=issuer)
    issue_decision(db, who, fields, [pid])


def _deciding(db, level: str) -> list[tuple[frozenset[Step], Callable[[object, str, object], object]]]:
    """Deciding here, everywhere; recording the upper level's decision, at the commune."""
    steps = [(frozenset({Step.DECIDE}), _decision)]
    if level == "commune":
        with db.session() as session:
            province = session.scalars(select(AdminUnit.id).where(AdminUnit.code == "04")).one()
        steps.append(
            (frozenset({Step.UPPER_DECISION}), lambda db, who, pid: _decision(db, who, pid, province))
        )
    return steps


def _staff(db) -> None:
    for role in ROLES[:-1]:
        create_account(db, "admin", role, role.title(), role, f"matkhau-{role}-dai")


def _commune_states(db) -> dict[str, Callable[[], object]]:
    """Makers of a fresh proposal in each state the commune sees."""
    records = Records(db)
    made = iter(range(1000))

    def draft(to_level: str = "province", kind: str = "regular"):
        person = records.person(f"Nguyễn Văn Đức {next(made)}")  # each proposed once, as the rules want
        records.year(person, 2025, "HTT", initiative=True)
        fields = ProposalFields(title="Đề nghị Bằng khen", year=2025, to_level=to_level, kind=kind)
        proposal = create_proposal(db, "admin", fields)
        item = add_item(
            db, "admin", proposal, ItemFields(person, "BK_TINH" if to_level != "commune" else "GK_XA"), AS_OF
        )
        return proposal, item

    def reviewed(to_level: str = "province"):
        proposal, item = draft(to_level)
        meeting = MeetingFields(dt.date(2025, 12, 15), 7, 7, {item: Vote(7, 7)}, chaired_by="Hoàng Văn Thụ")
        record_meeting(db, "admin", proposal, meeting)
        return proposal

    def submitted():
        proposal = reviewed()
        submit(db, "admin", proposal, dt.date(2026, 1, 5))
        return proposal

    def returned():
        proposal = submitted()
        return_proposal(db, "admin", proposal, "Thiếu hồ sơ")
        return proposal

    return {
        "draft": lambda: draft()[0],
        "draft_simplified": lambda: draft(kind="simplified")[0],
        "draft_own": lambda: draft("commune")[0],
        "council_reviewed": reviewed,
        "council_reviewed_own": lambda: reviewed("commune"),
        "submitted": submitted,
        "returned": returned,
    }


def _province_states(db) -> dict[str, Callable[[], object]]:
    """Makers of a fresh proposal a commune sent up, in each state the province sees."""
    records = Records(db)
    made = iter(range(1000))
    with db.session() as session:
        commune = session.scalars(select(AdminUnit.id).where(AdminUnit.code == "01290")).one()

    def received():
        person = records.person(f"Đặng Thị Hoa {next(made)}")
        fields = ProposalFields(title="Đề nghị Bằng khen", year=2025, to_level="province")
        return receive(db, "admin", commune, fields, [ReceivedItem(person, "BK_TINH")], dt.date(2026, 1, 8))

    def appraised():
        proposal = received()
        appraise(db, "admin", proposal, "Hồ sơ đầy đủ")
        return proposal

    def approved():
        proposal = appraised()
        approve(db, "admin", proposal)
        return proposal

    return {"received": received, "appraised": appraised, "approved": approved}


def _status(db, proposal_id) -> str:
    with db.session() as session:
        return session.get(Proposal, proposal_id).status


@pytest.mark.parametrize("level", ["commune", "province"])
def test_each_role_and_state_is_offered_exactly_the_steps_the_service_takes(
    qtbot, level, commune_db, province_db, make_context
):
    db = commune_db if level == "commune" else province_db
    _staff(db)
    makers = _commune_states(db) if level == "commune" else _province_states(db)
    deciding = _deciding(db, level)
    editors = {}
    for role in ROLES:
        editor = ProposalEditor(dataclasses.replace(make_context(db), username=role))
        qtbot.addWidget(editor)
        editor.show()
        editors[role] = editor
    seen_steps: set[Step] = set()
    for state, make in makers.items():
        shared = make()
        before = _status(db, shared)
        for role in ROLES:
            steps = proposal_view(db, shared, role).steps
            editor = editors[role]
            editor.show_proposal(shared)
            shown(qtbot, editor)
            visible = {name for name, button in editor.buttons.items() if not button.isHidden()}
            assert visible == {step.value for step in steps}, (state, role)
            if role == "viewer":
                assert steps == frozenset()
            seen_steps |= steps
            for opening, take in WORKFLOW + deciding:
                if opening & steps:
                    fresh = make()
                    take(db, role, fresh)  # offered: the service takes it
                    assert _status(db, fresh) != before or Step.REVISE in opening, (state, role, opening)
                else:
                    with pytest.raises((ValidationError, PermissionDenied)):
                        take(db, role, shared)  # not offered: the service refuses it
                    assert _status(db, shared) == before, (state, role, opening)
    expected = (
        {Step.SUBMIT, Step.RECORD_RETURN, Step.REJECT, Step.REVISE, Step.DECIDE, Step.COUNCIL}
        | {Step.UPPER_DECISION}
        if level == "commune"
        else {Step.APPRAISE, Step.APPROVE, Step.REJECT, Step.SEND_BACK, Step.DECIDE}
    )
    assert expected <= seen_steps  # every state was really reached


def test_a_view_read_for_printing_offers_no_step(commune_db):
    proposal = create_proposal(commune_db, "admin", ProposalFields(title="Đề nghị", year=2025))
    assert proposal_view(commune_db, proposal).steps == frozenset()
    assert Step.EDIT in proposal_view(commune_db, proposal, "admin").steps
