"""A commune's proposal travelling by bundle: into the province's inbox as received, returned with
a reason, corrected and sent again, decided; each step seen at the commune when the stick comes
back, and the award in the commune's own records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.models import AuditEntry, Award
from desktop.services.council import MeetingFields, Vote, record_meeting
from desktop.services.decisions import DecisionFields, issue_decision
from desktop.services.proposal_workflow import appraise, approve, new_revision, return_proposal, submit
from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal, proposal_view
from desktop.services.proposals import proposals as proposal_list
from desktop.services.site import site_info
from tests.rules.records import Records
from tests.sync.conftest import Site, link
from tests.sync.test_exchange import send

AS_OF = dt.date(2025, 12, 20)


def _reviewed_and_sent(site: Site, proposal, on: dt.date) -> None:
    items = [item.id for item in proposal_view(site.db, proposal).items]
    meeting = MeetingFields(
        dt.date(2025, 12, 15), 9, 7, {item: Vote(7, 7) for item in items}, chaired_by="Hoàng Văn Thụ"
    )
    record_meeting(site.db, "admin", proposal, meeting)
    submit(site.db, "admin", proposal, on)


def _actions(site: Site, record_id) -> list[tuple[str, str | None]]:
    with site.db.session() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.username)
            .where(AuditEntry.record_id == str(record_id))
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


def test_a_proposal_goes_up_by_stick_comes_back_returned_then_decided(sites, tmp_path):
    commune, province = sites["commune_a"], sites["province"]
    link(commune, province)
    records = Records(commune.db)
    duc = records.person("Nguyễn Văn Đức")
    records.year(duc, 2025, "HTXS", initiative=True)
    records.year(duc, 2024, "HTXS", initiative=True)
    fields = ProposalFields(title="Đề nghị Bằng khen của Chủ tịch UBND tỉnh", year=2025, to_level="province")
    sent = create_proposal(commune.db, "admin", fields)
    add_item(commune.db, "admin", sent, ItemFields(duc, "BK_TINH", "Hai năm liền HTXS"), AS_OF)
    local = create_proposal(commune.db, "admin", ProposalFields(title="Giấy khen của xã", year=2025))
    add_item(commune.db, "admin", local, ItemFields(duc, "GK_XA"), AS_OF)
    _reviewed_and_sent(commune, sent, dt.date(2026, 1, 5))

    assert send(commune, province, tmp_path).proposals_received == 1
    today = dt.date.today()
    (arrived,) = proposal_list(province.db, incoming=True)
    assert (arrived.id, arrived.status, arrived.from_unit) == (sent, "received", "Xã Bảo Lâm")
    view = proposal_view(province.db, sent)
    assert (view.received_on, view.submitted_on, view.incoming) == (today, dt.date(2026, 1, 5), True)
    assert ("proposal.received", "admin") in _actions(province, sent)
    assert proposal_list(province.db) == []  # the commune's draft for its own award stays there

    # The province sends it back; the commune reads why, corrects it and sends it again.
    return_proposal(province.db, "admin", sent, "Thiếu báo cáo thành tích có xác nhận")
    send(province, commune, tmp_path)
    back = proposal_view(commune.db, sent)
    assert (back.status, back.received_on, back.incoming) == ("returned", today, False)
    assert back.return_reason == "Thiếu báo cáo thành tích có xác nhận"
    revised = new_revision(commune.db, "admin", sent)
    _reviewed_and_sent(commune, revised, dt.date(2026, 2, 2))
    send(commune, province, tmp_path)
    again = proposal_view(province.db, revised)
    assert (again.status, again.revision, again.previous_revision_id) == ("received", 2, sent)
    assert proposal_view(province.db, sent).status == "returned"  # not received a second time

    appraise(province.db, "admin", revised, "Hồ sơ đầy đủ")
    approve(province.db, "admin", revised)
    decision = DecisionFields(
        number="12/QĐ-UBND",
        signed_on=dt.date(2026, 2, 20),
        summary="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
        signer_name="Hoàng Xuân Ánh",
        signer_title="Chủ tịch",
        issuer_unit_id=site_info(province.db).unit_id,
    )
    issue_decision(province.db, "admin", decision, [revised])
    send(province, commune, tmp_path)

    done = proposal_view(commune.db, revised)
    assert (done.status, done.appraisal_note) == ("decided", "Hồ sơ đầy đủ")
    assert [item.status for item in done.items] == ["accepted"]
    with commune.db.session() as session:
        awards = session.execute(select(Award.award_code, Award.person_id, Award.deleted_at)).all()
    assert awards == [("BK_TINH", duc, None)]
    assert [action for action, _user in _actions(commune, revised)] == [
        "proposal.revise",
        "proposal.council_reviewed",
        "proposal.submitted",
    ]  # the province's steps arrive as its changes, in its own audit trail
