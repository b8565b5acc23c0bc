"""Each screen offers only what the signed-in account may do: a viewer sees no button that
changes records, an officer none that decides."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QShortcut

from desktop.services.accounts import create_account
from desktop.services.proposal_steps import DECIDING
from desktop.services.proposals import ProposalFields, create_proposal
from desktop.ui.proposals_page import ProposalsPage
from tests.ui.conftest import shown, signed_in_window


def _window(qtbot, db, make_context, role: str):
    create_account(db, "admin", role, f"Tài khoản {role}", role, f"matkhau-{role}-dai")
    window = signed_in_window(qtbot, dataclasses.replace(make_context(db), username=role))
    window.show()
    return window


def _hidden(*buttons) -> bool:
    return all(button.isHidden() for button in buttons)


def test_a_viewer_is_offered_reading_printing_and_exporting_only(qtbot, demo_db, make_context):
    window = _window(qtbot, demo_db, make_context, "viewer")
    people = window.open_page("people")
    assert _hidden(people.new_button, people.edit_button, people.erase_button)
    collectives = window.open_page("collectives")
    assert _hidden(collectives.new_button, collectives.edit_button)
    assert _hidden(collectives.members.add_button, collectives.members.leave_button)
    movements = window.open_page("movements")
    assert _hidden(
        movements.new_button, movements.edit_button, movements.reading_button, movements.delete_button
    )
    assert not movements.review_button.isHidden() and not movements.registrations_button.isHidden()
    registrations = window.open_page("registrations")
    assert _hidden(
        *(registrations.buttons[name] for name in ("register", "register_list", "send", "withdraw"))
    )
    assert not registrations.buttons["print"].isHidden() and not registrations.buttons["export"].isHidden()
    board = window.open_page("models").board
    assert _hidden(
        board.new_button, board.back_button, board.forward_button, board.event_button, board.edit_button
    )
    assert _hidden(window.open_page("proposals").new_button, window.open_page("decisions").revoke_button)
    settings = window.open_page("settings")
    assert _hidden(settings.backup_button, settings.restore_button, settings.audit_button)
    for page in (people, collectives, movements, window.pages["proposals"]):
        assert page.findChildren(QShortcut) == []  # no Ctrl+N, Enter or double click into a form


def test_an_officer_records_but_does_not_decide(qtbot, demo_db, make_context):
    window = _window(qtbot, demo_db, make_context, "officer")
    people = window.open_page("people")
    assert not people.new_button.isHidden() and people.erase_button.isHidden()
    assert not window.open_page("proposals").new_button.isHidden()
    assert window.open_page("decisions").revoke_button.isHidden()
    settings = window.open_page("settings")
    assert not settings.backup_button.isHidden() and settings.restore_button.isHidden()


def test_a_proposal_s_steps_are_offered_by_role(qtbot, commune_db, make_context):
    proposal_id = create_proposal(
        commune_db, "admin", ProposalFields(title="Đề nghị công nhận Lao động tiên tiến năm 2025", year=2025)
    )
    offered = {}
    for role in ("viewer", "officer"):
        create_account(commune_db, "admin", role, f"Tài khoản {role}", role, f"matkhau-{role}-dai")
        page = ProposalsPage(dataclasses.replace(make_context(commune_db), username=role))
        qtbot.addWidget(page)
        page.show()
        page.editor.show_proposal(proposal_id)
        shown(qtbot, page.editor)
        offered[role] = {name for name, button in page.editor.buttons.items() if not button.isHidden()}
    assert offered["viewer"] == set()
    assert "edit" in offered["officer"] and "council" in offered["officer"]
    assert not offered["officer"] & set(DECIDING)
