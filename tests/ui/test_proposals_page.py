"""The Đề nghị screen: a proposal with two nominees and a file, the council's vote, the decision."""

import datetime as dt

from sqlalchemy import select

from desktop.models import AdminUnit
from desktop.services.decisions import number_report
from desktop.services.listing import AwardFilter, award_keys, award_rows
from desktop.services.people import PersonFields, create_person
from desktop.services.proposal_workflow import ReceivedItem, receive
from desktop.services.proposals import ProposalFields, proposal_view
from desktop.ui.proposal_editor import AttachDialog
from desktop.ui.proposals_page import ProposalsPage
from tests.rules.records import Records
from tests.ui.conftest import calls_on_gui_thread, shown

TODAY = dt.date(2025, 12, 20)


def _page(qtbot, make_context, db) -> ProposalsPage:
    page = ProposalsPage(make_context(db, TODAY))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.reload()
    shown(qtbot, page, page.editor)
    return page


def _add(qtbot, page, query: str, award: str):
    editor = page.editor
    dialog = editor.add_item()
    dialog.picker.query.setText(query)
    assert dialog.picker.hits.count() >= 1
    dialog.award.set_value(award)
    verdict = dialog.verdict.text()
    dialog.save()
    assert dialog.result() == 1, dialog.error.text()
    shown(qtbot, page, editor)
    return verdict


def test_two_nominees_and_a_file_are_voted_on_and_decided(qtbot, commune_db, make_context, tmp_path):
    records = Records(commune_db)
    for name in ("Nguyễn Văn Đức", "Lò Thị Mai"):
        records.year(records.person(name), 2025, "HTT")
    page = _page(qtbot, make_context, commune_db)
    form = page.new_proposal()
    form.title.setText("Đề nghị công nhận Lao động tiên tiến năm 2025")
    form.year.setValue(2025)
    form.save()
    shown(qtbot, page, page.editor)
    assert page.table.rowCount() == 1 and page.table.item(0, 2).text() == "Bản nháp"
    editor = page.editor
    shown(qtbot, page, editor)
    assert editor.view.fields.title.startswith("Đề nghị công nhận")

    assert _add(qtbot, page, "nguyen van duc", "LDTT").startswith("Đủ điều kiện")
    _add(qtbot, page, "lo thi mai", "LDTT")
    assert [editor.items.item(row, 0).text() for row in range(2)] == ["Nguyễn Văn Đức", "Lò Thị Mai"]
    page.context.runner.wait()
    qtbot.waitUntil(lambda: editor.check is not None)
    assert editor.items.item(0, 2).text() == "Đủ điều kiện"

    scan = tmp_path / "to-trinh.pdf"
    scan.write_bytes(b"%PDF-1.4\n% to trinh\n")
    attach = AttachDialog(editor, scan)
    attach.kind.set_code("to_trinh")
    attach.items.setCurrentRow(0)
    attach.save()
    shown(qtbot, page, editor)
    checklist = [editor.checklist.item(row).text() for row in range(editor.checklist.count())]
    assert "✔ Tờ trình" in checklist and "📎 Tờ trình: to-trinh.pdf" in checklist
    bad = tmp_path / "anh.gif"
    bad.write_bytes(b"GIF89a....")
    refused = AttachDialog(editor, bad)
    refused.save()
    assert "không phải PDF, JPEG, PNG hay TIFF" in refused.error.text()

    council = editor.council()
    council.members_total.setValue(9)
    council.members_present.setValue(7)
    votes_for, cast = council.vote_spins(1)
    votes_for.setValue(7)
    cast.setValue(8)
    council.save()
    assert council.error.text() == "8 phiếu được bỏ nhưng chỉ có 7 thành viên có mặt."
    assert proposal_view(commune_db, editor.view.id).status == "draft"
    cast.setValue(7)
    votes_for.setValue(2)
    council.save()
    assert council.result() == 1
    shown(qtbot, page, editor)
    assert editor.view.status == "council_reviewed"
    assert [editor.items.item(row, 3).text() for row in range(2)] == ["Nhất trí", "Không nhất trí"]
    assert not editor.buttons["submit"].isVisibleTo(editor) and editor.buttons["decide"].isVisibleTo(editor)
    minutes = editor.minutes()
    assert "Thành viên có mặt: 7/9." in minutes.text.toPlainText()
    assert (
        "2. Lò Thị Mai, Lao động tiên tiến: 2/7 phiếu đồng ý (28,6%), không nhất trí."
        in minutes.text.toPlainText()
    )
    minutes.text.appendPlainText("Thư ký: Lò Văn Pản")
    minutes.save()
    assert editor.minutes().text.toPlainText().endswith("Thư ký: Lò Văn Pản")

    decision = editor.decide(upper=False)
    assert decision.number.text() == "1/QĐ-UBND"
    decision.save()
    assert decision.result() == 1, decision.error.text()
    shown(qtbot, page, editor)
    assert editor.view.status == "decided" and page.table.item(0, 2).text() == "Đã có quyết định"
    assert editor.notice.text().startswith("Quyết định 1/QĐ-UBND: 1 khen thưởng")
    rows = award_rows(commune_db, award_keys(commune_db, AwardFilter()))
    assert [(row.subject_name, row.award_code, row.decision_number) for row in rows] == [
        ("Nguyễn Văn Đức", "LDTT", "1/QĐ-UBND")
    ]
    assert number_report(commune_db, TODAY.year).next_number == 2


def test_the_province_receives_two_communes_proposals_and_answers_them_in_one_decision(
    qtbot, province_db, make_context
):
    for name, year in (("Nguyễn Văn Đức", 1980), ("Đặng Thị Hoa", 1985)):
        create_person(province_db, "admin", PersonFields(full_name=name, birth_year=year))
    page = _page(qtbot, make_context, province_db)
    assert page.view.isVisible() and page.receive_button.isVisible()
    for commune, query in (("Xã Bảo Lâm", "nguyen van duc"), ("Xã Lý Bôn", "dang thi hoa")):
        dialog = page.receive()
        dialog.unit.set_value(dialog.unit.itemData(dialog.unit.findText(commune)))
        dialog.title.setText(f"Đề nghị Bằng khen tỉnh của {commune}")
        dialog.year.setValue(2025)
        dialog.save()
        assert dialog.error.text() == "Hãy thêm những người, tập thể có trong đề nghị."
        dialog.picker.query.setText(query)
        dialog.award.set_value("BK_TINH")
        dialog.add_nominee()
        dialog.save()
        assert dialog.result() == 1, dialog.error.text()
    shown(qtbot, page, page.editor)
    assert page.table.rowCount() == 2 and not page.table.isColumnHidden(4)
    assert {page.table.item(row, 4).text() for row in range(2)} == {"Xã Bảo Lâm", "Xã Lý Bôn"}
    for row in range(2):
        page.table.selectRow(row)
        editor = page.editor
        shown(qtbot, page, editor)
        assert editor.buttons["appraise"].isVisibleTo(editor)
        editor.appraise()
        shown(qtbot, page, editor)
        editor.approve()
        shown(qtbot, page, editor)
        assert editor.view.status == "approved"
    page.table.selectAll()
    decision = page.decide_together()
    decision.save()
    assert decision.result() == 1, decision.error.text()
    shown(qtbot, page, page.editor)
    assert {page.table.item(row, 2).text() for row in range(2)} == {"Đã có quyết định"}
    assert page.editor.notice.text().startswith("Quyết định 1/QĐ-UBND: 2 khen thưởng")


def test_opening_a_proposal_reads_it_off_the_gui_thread(qtbot, province_db, make_context, monkeypatch):
    """The view, its steps, the doubles of an incoming proposal and its dossier are read on the
    worker: a province's inbox of hundreds of nominees never freezes the window."""
    import desktop.ui.proposal_editor as screen
    import desktop.ui.proposals_page as listing

    read = {"proposal_view": screen, "duplicate_findings": screen, "checklist": screen.dossier}
    on_gui = calls_on_gui_thread(monkeypatch, {**read, "proposals": listing})
    person = create_person(province_db, "admin", PersonFields(full_name="Nguyễn Văn Đức", birth_year=1980))
    with province_db.session() as session:
        commune = session.scalar(select(AdminUnit.id).where(AdminUnit.code == "01290"))
    fields = ProposalFields(title="Đề nghị Bằng khen tỉnh", year=2025, to_level="province")
    sent_up = receive(province_db, "admin", commune, fields, [ReceivedItem(person.id, "BK_TINH")], TODAY)
    page = _page(qtbot, make_context, province_db)
    page.show_record(sent_up)
    shown(qtbot, page, page.editor)
    assert page.editor.view.id == sent_up and page.editor.buttons["appraise"].isVisibleTo(page.editor)
    assert set(on_gui) == {"proposal_view", "duplicate_findings", "checklist", "proposals"}
    assert not any(flag for flags in on_gui.values() for flag in flags), on_gui
