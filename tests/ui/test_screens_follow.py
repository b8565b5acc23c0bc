"""Open screens follow the data: what one screen, or an import, writes shows in every other open
screen without reopening it; a hidden screen catches up when it is shown again."""

from __future__ import annotations

import datetime as dt

from desktop.changes.written import Written, listen
from desktop.services.council import MeetingFields, Vote, record_meeting
from desktop.services.people import PersonFields, create_person
from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal
from desktop.services.site_keys import unlock
from desktop.sync import cards
from desktop.sync.exchange import export_bundle
from desktop.sync.stick import import_files
from desktop.ui.decision_dialog import AwardDecisionDialog
from desktop.ui.person_form import PersonForm
from tests.conftest import ADMIN_PASSWORD
from tests.rules.records import Records
from tests.ui.conftest import signed_in_window, wait_for_list

TODAY = dt.date(2026, 1, 20)


def _agreed_proposal(db, name: str):
    records = Records(db)
    person = records.person(name)
    records.year(person, 2025, "HTT")
    proposal = create_proposal(db, "admin", ProposalFields(title="Đề nghị LĐTT năm 2025", year=2025))
    item = add_item(db, "admin", proposal, ItemFields(person, "LDTT"), TODAY)
    record_meeting(db, "admin", proposal, MeetingFields(dt.date(2026, 1, 5), 5, 5, {item: Vote(5, 5)}))
    return person, proposal


def _awards_in_timeline(page) -> list[str]:
    return [entry.title for entry in page.detail.timeline.entries if entry.kind == "award"]


def test_issuing_a_decision_shows_in_the_timeline_the_dashboard_and_the_decisions_list(
    qtbot, commune_db, make_context
):
    person, proposal = _agreed_proposal(commune_db, "Hoàng Văn Mới")
    context = make_context(commune_db, TODAY)
    window = signed_in_window(qtbot, context)
    window.show()  # a screen out of view refreshes when it is shown
    decisions = window.open_page("decisions")
    assert decisions.table.rowCount() == 0
    overview = window.open_page("overview")
    qtbot.waitUntil(lambda: overview.figures is not None, timeout=10_000)
    assert (overview.figures.previous_total, overview.figures.open_proposals) == (0, 1)
    people = window.open_page("people")
    wait_for_list(qtbot, people)
    people.show_record(person, "Hoàng Văn Mới")
    wait_for_list(qtbot, people)
    qtbot.waitUntil(lambda: people.detail.heading.text() == "Hoàng Văn Mới", timeout=5_000)
    assert _awards_in_timeline(people) == []

    dialog = AwardDecisionDialog(context, [proposal], "Về việc công nhận LĐTT")
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.result() == 1, dialog.error.text()

    # the screen on view reads again, the same person still selected
    qtbot.waitUntil(lambda: _awards_in_timeline(people) == ["Lao động tiên tiến"], timeout=10_000)
    assert people.current().id == person
    # the screens out of view catch up when shown, without being reopened
    assert window.open_page("decisions") is decisions
    qtbot.waitUntil(lambda: decisions.table.rowCount() == 1, timeout=5_000)
    assert decisions.table.item(0, 0).text() == "1/QĐ-UBND"
    assert window.open_page("overview") is overview
    # the award counts for 2025, the year of the work, beside this year's; the proposal is closed
    qtbot.waitUntil(lambda: overview.figures.previous_total == 1, timeout=10_000)
    assert overview.figures.open_proposals == 0
    assert overview.awards.item(0, 0).text() == "Lao động tiên tiến"


def test_editing_a_person_in_the_form_shows_in_the_open_list(qtbot, demo_db, make_context):
    context = make_context(demo_db, TODAY)
    window = signed_in_window(qtbot, context)
    window.show()  # a screen out of view refreshes when it is shown
    people = window.open_page("people")
    wait_for_list(qtbot, people)
    people.table.selectRow(2)
    chosen = people.current()
    form = PersonForm(context, chosen.id)
    qtbot.addWidget(form)
    form.full_name.setText("Lò Văn Đổi Tên")
    form.save()
    assert form.saved is not None
    qtbot.waitUntil(lambda: people.detail.heading.text() == "Lò Văn Đổi Tên", timeout=10_000)
    assert people.current().id == chosen.id


def test_a_bundle_taken_in_shows_its_people_in_the_open_list(
    qtbot, commune_db, province_db, make_context, tmp_path
):
    cards.enroll(province_db, "admin", cards.own_card(commune_db))
    cards.enroll(commune_db, "admin", cards.own_card(province_db))
    create_person(commune_db, "admin", PersonFields(full_name="Sầm Thị Từ Xã"))
    province_id = cards.own_card(province_db).site_id
    bundle = export_bundle(commune_db, "admin", unlock(commune_db, ADMIN_PASSWORD), province_id, tmp_path)

    context = make_context(province_db, TODAY)
    window = signed_in_window(qtbot, context)
    window.show()  # a screen out of view refreshes when it is shown
    people = window.open_page("people")
    wait_for_list(qtbot, people)
    before = people.model.rowCount()
    heard: list[Written] = []
    stop = listen(province_db, heard.append)

    secrets = unlock(province_db, ADMIN_PASSWORD)
    failures: list[BaseException] = []
    context.runner.submit(
        "Nhận từ USB",
        lambda _task: import_files(province_db, "admin", secrets, [bundle.path], backup=False),
        lambda _outcomes: None,
        failures.append,
    )
    qtbot.waitUntil(lambda: people.model.rowCount() == before + 1 or bool(failures), timeout=20_000)
    stop()
    assert failures == []
    assert any(written.touches(["person"]) for written in heard)
    names = [people.model.row(row).full_name for row in range(people.model.rowCount())]
    assert "Sầm Thị Từ Xã" in names
