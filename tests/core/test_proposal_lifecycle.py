"""A proposal from the village list to the signed decision: at the commune, and commune → province."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models import AdminUnit, AuditEntry, Award, Collective, CouncilMeeting, Proposal
from desktop.rules.parameters import default_parameters
from desktop.services import attachments, dossier
from desktop.services.appraisal import appraisal, duplicate_findings
from desktop.services.council import MeetingFields, Vote, meeting_minutes, record_meeting
from desktop.services.decisions import DecisionFields, issue_decision, number_ranges, number_report, revoke
from desktop.services.eligibility import judge
from desktop.services.people import PersonFields, create_person
from desktop.services.proposal_workflow import (
    ReceivedItem,
    appraise,
    approve,
    new_revision,
    receive,
    return_proposal,
    submit,
)
from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal, proposal_view
from tests.rules.records import Records

AS_OF = dt.date(2025, 12, 20)
SIGNED = dt.date(2026, 1, 10)
PDF = b"%PDF-1.4\n% bien ban\n"


def _fields(title: str, to_level: str = "commune", year: int = 2025) -> ProposalFields:
    return ProposalFields(title=title, year=year, to_level=to_level)


def _decision(number: str, signed_on: dt.date = SIGNED, issuer=None) -> DecisionFields:
    return DecisionFields(
        number=number,
        signed_on=signed_on,
        summary="Về việc công nhận danh hiệu Lao động tiên tiến năm 2025",
        signer_name="Hoàng Văn Thụ",
        signer_title="Chủ tịch",
        legal_basis="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        issuer_unit_id=issuer,
    )


def _actions(db, record_id) -> list[str]:
    with db.session() as session:
        return list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.record_id == str(record_id))
                .order_by(AuditEntry.id)
            )
        )


def _meeting(items, present: int = 7, total: int = 9, votes=None) -> MeetingFields:
    return MeetingFields(
        held_on=dt.date(2025, 12, 15),
        members_total=total,
        members_present=present,
        votes=votes or {item: Vote(present, present) for item in items},
        chaired_by="Hoàng Văn Thụ",
        secret_ballot=True,
    )


@pytest.fixture
def records(commune_db):
    return Records(commune_db)


def test_a_commune_decides_within_its_own_authority_and_a_revocation_changes_a_later_verdict(
    commune_db, records
):
    duc = records.person("Nguyễn Văn Đức")
    records.year(duc, 2025, "HTT", initiative=True)
    mai = records.person("Lò Thị Mai")
    records.year(mai, 2025, "HTT")
    proposal = create_proposal(commune_db, "admin", _fields("Đề nghị công nhận LĐTT năm 2025"))
    duc_item = add_item(
        commune_db, "admin", proposal, ItemFields(duc, "LDTT", "Hoàn thành tốt nhiệm vụ"), AS_OF
    )
    mai_item = add_item(commune_db, "admin", proposal, ItemFields(mai, "LDTT"), AS_OF)
    checklist = dossier.checklist(commune_db, proposal)
    assert [(line.kind, line.item_id, line.present) for line in checklist] == [
        ("to_trinh", None, False),
        ("bien_ban", None, False),
        ("bao_cao_thanh_tich", duc_item, False),
        ("bao_cao_thanh_tich", mai_item, False),
    ]
    dossier.attach_content(commune_db, "admin", proposal, "to_trinh", PDF, "to-trinh.pdf")
    assert dossier.checklist(commune_db, proposal)[0].present

    too_many = _meeting([duc_item, mai_item], votes={duc_item: Vote(8, 8), mai_item: Vote(3, 7)})
    with pytest.raises(ValidationError, match="8 phiếu được bỏ nhưng chỉ có 7 thành viên có mặt"):
        record_meeting(commune_db, "admin", proposal, too_many)
    with commune_db.session() as session:
        assert session.scalar(select(func.count()).select_from(CouncilMeeting)) == 0
    assert proposal_view(commune_db, proposal).status == "draft"

    record_meeting(
        commune_db,
        "admin",
        proposal,
        _meeting([duc_item, mai_item], votes={duc_item: Vote(7, 7), mai_item: Vote(3, 7)}),
    )
    view = proposal_view(commune_db, proposal)
    assert view.status == "council_reviewed"
    assert [item.status for item in view.items] == ["accepted", "rejected"]
    minutes = meeting_minutes(commune_db, proposal)
    assert (minutes.members_present, minutes.members_total, minutes.secret_ballot) == (7, 9, True)
    assert "Nguyễn Văn Đức, Lao động tiên tiến: 7/7 phiếu đồng ý (100,0%), nhất trí" in minutes.text
    assert "Lò Thị Mai, Lao động tiên tiến: 3/7 phiếu đồng ý (42,9%), không nhất trí" in minutes.text
    with pytest.raises(ValidationError, match="không còn là bản nháp"):
        add_item(commune_db, "admin", proposal, ItemFields(mai, "GK_XA"), AS_OF)

    issued = issue_decision(commune_db, "admin", _decision("1/QĐ-UBND"), [proposal])
    assert [(award.subject_name, award.award_code) for award in issued.awards] == [("Nguyễn Văn Đức", "LDTT")]
    assert issued.total_reward == (Decimal("0.3") * default_parameters().base_salary_on(SIGNED)).quantize(
        Decimal(1)
    )
    assert issued.authority == "chu_tich_ubnd_xa"
    assert proposal_view(commune_db, proposal).status == "decided"
    assert judge(commune_db, duc, "CSTDCS", 2025, AS_OF).reasons[1].status == "pass"  # R1: holds LĐTT 2025

    other = create_proposal(commune_db, "admin", _fields("Giấy khen đột xuất"))
    item = add_item(commune_db, "admin", other, ItemFields(mai, "GK_XA", "Cứu người trong lũ"), AS_OF)
    record_meeting(commune_db, "admin", other, _meeting([item]))
    with pytest.raises(
        ValidationError, match="Số 1/QĐ-UBND đã dùng cho một quyết định của Xã Bảo Lâm năm 2026"
    ):
        issue_decision(commune_db, "admin", _decision("1/QĐ-UBND"), [other])
    issue_decision(commune_db, "admin", _decision("3/QĐ-UBND"), [other])
    report = number_report(commune_db, 2026)
    assert (report.used, report.gaps, report.next_number) == ((1, 3), (2,), 4)

    with commune_db.session() as session:
        award_id = session.scalar(select(Award.id).where(Award.person_id == duc, Award.award_code == "LDTT"))
    revocation = revoke(
        commune_db, "admin", _decision("4/QĐ-UBND", dt.date(2026, 3, 2)), [award_id], "Khai man thành tích"
    )
    assert revocation.amount_to_recover == issued.total_reward
    assert [r.status for r in judge(commune_db, duc, "CSTDCS", 2025, AS_OF).reasons if r.rule == "R1"][
        0
    ] != "pass"
    assert _actions(commune_db, proposal) == [
        "proposal.create",
        "proposal.council_reviewed",
        "proposal.decided",
    ]
    assert _actions(commune_db, duc_item) == ["proposal.item_add"]
    assert _actions(commune_db, issued.id) == ["decision.issue"]
    assert _actions(commune_db, revocation.decision_id) == ["decision.revoke"]


def _unit(db, code: str):
    with db.session() as session:
        return session.scalar(select(AdminUnit.id).where(AdminUnit.code == code))


def test_a_proposal_goes_up_is_returned_corrected_and_decided_with_another_communes(
    commune_db, province_db, records
):
    duc = records.person("Nguyễn Văn Đức")
    records.year(duc, 2025, "HTT", initiative=True)
    sent = create_proposal(
        commune_db, "admin", _fields("Đề nghị Bằng khen của Chủ tịch UBND tỉnh", "province")
    )
    item = add_item(commune_db, "admin", sent, ItemFields(duc, "BK_TINH", "Hai năm liền HTXS"), AS_OF)
    with pytest.raises(ValidationError, match="Đề nghị phải được Hội đồng xét trước khi gửi lên"):
        submit(commune_db, "admin", sent, dt.date(2026, 1, 5))
    record_meeting(commune_db, "admin", sent, _meeting([item]))
    submit(commune_db, "admin", sent, dt.date(2026, 1, 5))
    with pytest.raises(ValidationError, match="không còn là bản nháp"):
        add_item(commune_db, "admin", sent, ItemFields(duc, "GK_XA"), AS_OF)

    # The province types in what arrived from two communes; the same man is in both.
    bao_lam, other_commune = _unit(province_db, "01290"), _unit(province_db, "01279")
    duc_there = create_person(
        province_db, "admin", PersonFields(full_name="Nguyễn Văn Đức", birth_year=1980)
    ).id
    duc_again = create_person(
        province_db, "admin", PersonFields(full_name="Nguyễn Văn Đức", birth_year=1980)
    ).id
    hoa = create_person(province_db, "admin", PersonFields(full_name="Đặng Thị Hoa", birth_year=1985)).id
    fields = _fields("Đề nghị Bằng khen của Chủ tịch UBND tỉnh", "province")
    first = receive(
        province_db, "admin", bao_lam, fields, [ReceivedItem(duc_there, "BK_TINH")], dt.date(2026, 1, 8)
    )
    second = receive(
        province_db,
        "admin",
        other_commune,
        fields,
        [ReceivedItem(duc_again, "BK_TINH"), ReceivedItem(hoa, "BK_TINH")],
        dt.date(2026, 1, 9),
    )
    doubles = duplicate_findings(province_db, first)
    assert [(d.subject_name, d.already_awarded) for d in doubles] == [("Nguyễn Văn Đức", False)]
    assert "cũng được đề nghị Bằng khen của Chủ tịch UBND tỉnh" in doubles[0].text()
    report = appraisal(province_db, first, AS_OF)
    assert not report.dossier_complete and len(report.check.report.verdicts) == 1

    return_proposal(province_db, "admin", first, "Thiếu báo cáo thành tích có xác nhận")
    return_proposal(commune_db, "admin", sent, "Thiếu báo cáo thành tích có xác nhận")
    revised = new_revision(commune_db, "admin", sent)
    view = proposal_view(commune_db, revised)
    assert (view.revision, view.previous_revision_id, view.status) == (2, sent, "draft")
    assert proposal_view(commune_db, sent).status == "returned"
    revised_item = view.items[0].id
    dossier.attach_content(
        commune_db, "admin", revised, "bao_cao_thanh_tich", PDF, "bao-cao.pdf", revised_item
    )
    record_meeting(commune_db, "admin", revised, _meeting([revised_item]))
    submit(commune_db, "admin", revised, dt.date(2026, 2, 2))

    again = receive(
        province_db, "admin", bao_lam, fields, [ReceivedItem(duc_there, "BK_TINH")], dt.date(2026, 2, 4)
    )
    appraise(province_db, "admin", again, "Hồ sơ đầy đủ")
    appraise(
        province_db, "admin", second, "Hồ sơ đầy đủ", rejected_items={_items(province_db, second)[0]: "Trùng"}
    )
    for proposal in (again, second):
        approve(province_db, "admin", proposal)
    province = _unit(province_db, "04")
    decided = issue_decision(
        province_db, "admin", _decision("12/QĐ-UBND", dt.date(2026, 2, 20), province), [again, second]
    )
    assert sorted(a.subject_name for a in decided.awards) == ["Nguyễn Văn Đức", "Đặng Thị Hoa"]
    assert decided.authority == "chu_tich_ubnd_tinh"
    assert [d.already_awarded for d in duplicate_findings(province_db, first)] == [True]

    # The decision comes back: the commune records it against what it sent.
    commune_copy = issue_decision(
        commune_db, "admin", _decision("12/QĐ-UBND", dt.date(2026, 2, 20), _unit(commune_db, "04")), [revised]
    )
    assert [a.subject_name for a in commune_copy.awards] == ["Nguyễn Văn Đức"]
    assert proposal_view(commune_db, revised).status == "decided"
    assert _actions(commune_db, sent) == [
        "proposal.create",
        "proposal.council_reviewed",
        "proposal.submitted",
        "proposal.returned",
    ]
    assert _actions(province_db, again) == [
        "proposal.create",
        "proposal.received",
        "proposal.appraised",
        "proposal.approved",
        "proposal.decided",
    ]


def _items(db, proposal_id):
    return [item.id for item in proposal_view(db, proposal_id).items]


def test_bad_input_is_refused_and_nothing_is_half_saved(commune_db, records, tmp_path):
    sao = records.person("Vàng Văn Sáo")
    records.year(sao, 2025, "KHT")
    proposal = create_proposal(commune_db, "admin", _fields("Đề nghị LĐTT"))
    with pytest.raises(ValidationError, match="Hãy ghi rõ lý do vẫn đề nghị") as refused:
        add_item(commune_db, "admin", proposal, ItemFields(sao, "LDTT"), AS_OF)
    assert refused.value.field == "override_reason"
    assert proposal_view(commune_db, proposal).items == ()
    kept = add_item(
        commune_db,
        "admin",
        proposal,
        ItemFields(sao, "LDTT", override_reason="Xếp loại đã được xem xét lại"),
        AS_OF,
    )
    assert proposal_view(commune_db, proposal).items[0].override_reason == "Xếp loại đã được xem xét lại"

    huge = tmp_path / "scan.pdf"
    with huge.open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(attachments.MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(ValidationError, match="mỗi tệp hồ sơ tối đa 20 MB"):
        dossier.attach_file(commune_db, "admin", proposal, "to_trinh", huge)
    word = tmp_path / "to-trinh.docx"
    word.write_bytes(b"PK\x03\x04 word document")
    with pytest.raises(ValidationError, match="không phải PDF, JPEG, PNG hay TIFF"):
        dossier.attach_file(commune_db, "admin", proposal, "to_trinh", word)
    assert dossier.documents(commune_db, proposal) == []

    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(PDF)
    dossier.attach_file(commune_db, "admin", proposal, "bien_ban", scan)
    dossier.attach_file(commune_db, "admin", proposal, "bao_cao_thanh_tich", scan, kept)
    with commune_db.session() as session:
        assert session.scalar(select(func.count()).select_from(dossier.Attachment)) == 1  # stored once
    assert dossier.document_content(commune_db, dossier.documents(commune_db, proposal)[0].id) == PDF

    posted = create_proposal(commune_db, "admin", _fields("Gia đình văn hóa năm 2025"))
    with commune_db.transaction("admin") as session:
        home = Collective(name="Hộ ông Sáo", name_key="ho ong sao", kind="household", unit_id=records.unit_id)
        session.add(home)
        session.flush()
        household = home.id
    gdvh = add_item(commune_db, "admin", posted, ItemFields(household, "GDVH"), AS_OF)
    with pytest.raises(ValidationError, match="niêm yết công khai 10 ngày"):
        record_meeting(commune_db, "admin", posted, _meeting([gdvh]))
    with commune_db.session() as session:
        assert session.get(Proposal, posted).status == "draft"


def test_gaps_in_the_numbering_read_as_short_ranges():
    assert number_ranges((1, 2, 3, 5, 7, 8)) == "1–3, 5, 7–8"
    assert number_ranges((28,)) == "28"
    assert number_ranges(()) == ""
