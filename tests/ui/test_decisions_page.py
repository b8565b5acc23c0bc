"""The Quyết định screen: numbering checked, awards of a decision listed and revoked with a reason."""

import datetime as dt

from desktop.services.council import MeetingFields, Vote, record_meeting
from desktop.services.decisions import DecisionFields, issue_decision
from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal
from desktop.ui.decisions_page import DecisionsPage
from tests.rules.records import Records
from tests.ui.conftest import calls_on_gui_thread, shown

TODAY = dt.date(2026, 1, 20)


def _decide(db, records, number: str, names: list[str]) -> None:
    proposal = create_proposal(db, "admin", ProposalFields(title="Đề nghị LĐTT năm 2025", year=2025))
    items = []
    for name in names:
        person = records.person(name)
        records.year(person, 2025, "HTT")
        items.append(add_item(db, "admin", proposal, ItemFields(person, "LDTT"), TODAY))
    record_meeting(
        db, "admin", proposal, MeetingFields(dt.date(2026, 1, 5), 5, 5, {item: Vote(5, 5) for item in items})
    )
    fields = DecisionFields(number, dt.date(2026, 1, 10), "Về việc công nhận LĐTT")
    issue_decision(db, "admin", fields, [proposal])


def test_a_gap_is_shown_and_an_award_is_revoked_with_its_reason(qtbot, commune_db, make_context):
    records = Records(commune_db)
    _decide(commune_db, records, "1/QĐ-UBND", ["Nguyễn Văn Đức", "Lò Thị Mai"])
    _decide(commune_db, records, "3/QĐ-UBND", ["Vàng A Sử"])
    page = DecisionsPage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    page.reload()
    shown(qtbot, page)
    assert page.numbers.text() == "Số còn trống: 2"
    assert _numbers(page) == ["3/QĐ-UBND", "1/QĐ-UBND"]
    page.table.selectRow(1)
    shown(qtbot, page)
    assert [page.award_table.item(row, 0).text() for row in range(2)] == ["Nguyễn Văn Đức", "Lò Thị Mai"]
    page.award_table.selectRow(0)
    dialog = page.revoke()
    assert dialog.number.text() == "4/QĐ-UBND"
    dialog.save()
    assert dialog.error.text() == "Quyết định thu hồi phải nêu lý do."
    dialog.reason.setPlainText("Khai man thành tích")
    dialog.save()
    assert dialog.result() == 1, dialog.error.text()
    shown(qtbot, page)
    assert page.notice.text().startswith("Quyết định 4/QĐ-UBND: 1 khen thưởng bị thu hồi")
    page.table.selectRow(_numbers(page).index("1/QĐ-UBND"))
    shown(qtbot, page)
    assert [page.award_table.item(row, 3).text() for row in range(2)] == ["đã thu hồi", ""]


def _numbers(page) -> list[str]:
    return [page.table.item(row, 0).text() for row in range(page.table.rowCount())]


def test_the_decisions_and_their_awards_are_read_off_the_gui_thread(
    qtbot, commune_db, make_context, monkeypatch
):
    import desktop.ui.decisions_page as screen

    on_gui = calls_on_gui_thread(
        monkeypatch, {"decision_list": screen, "number_report": screen, "award_rows": screen}
    )
    records = Records(commune_db)
    _decide(commune_db, records, "1/QĐ-UBND", ["Nguyễn Văn Đức"])
    page = DecisionsPage(make_context(commune_db, TODAY))
    qtbot.addWidget(page)
    page.reload()
    shown(qtbot, page)
    page.table.selectRow(0)
    shown(qtbot, page)
    assert page.award_table.item(0, 0).text() == "Nguyễn Văn Đức"
    assert set(on_gui) == {"decision_list", "number_report", "award_rows"}
    assert not any(flag for flags in on_gui.values() for flag in flags), on_gui
