"""A commune that reviewed and decided a proposal for four people and a village: what every
document and print test starts from."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.council import MeetingFields, Vote, record_meeting
from desktop.services.decisions import DecisionFields, issue_decision
from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal
from tests.rules.records import Records

AS_OF = dt.date(2025, 12, 20)
NAMES = ("Nguyễn Thị Ánh Tuyết", "Hoàng Văn Thụ", "Lò Thị Mỹ Hạnh", "Đặng Quốc Việt")


@pytest.fixture
def decided(commune_db):
    """A commune that reviewed and decided a proposal for four people and a village."""
    records = Records(commune_db)
    people = [records.person(name) for name in NAMES]
    for person in people:
        records.year(person, 2025, "HTT")
    village = records.collective("Thôn Nà Lừa", people[:2])
    proposal = create_proposal(
        commune_db,
        "admin",
        ProposalFields(title="Đề nghị tặng Giấy khen năm 2025", year=2025, to_level="commune"),
    )
    items = [
        add_item(
            commune_db, "admin", proposal, ItemFields(person, "GK_XA", "Hoàn thành xuất sắc nhiệm vụ"), AS_OF
        )
        for person in people
    ]
    items.append(
        add_item(commune_db, "admin", proposal, ItemFields(village, "GK_XA", "Dẫn đầu phong trào"), AS_OF)
    )
    record_meeting(
        commune_db,
        "admin",
        proposal,
        MeetingFields(
            dt.date(2025, 12, 15), 9, 7, {item: Vote(7, 7) for item in items}, chaired_by="Hoàng Văn Thụ"
        ),
    )
    fields = DecisionFields(
        number="05/QĐ-UBND",
        signed_on=dt.date(2026, 1, 5),
        summary="Về việc tặng Giấy khen năm 2025",
        signer_name="Vàng Seo Pháng",
        signer_title="Chủ tịch",
    )
    decision = issue_decision(commune_db, "admin", fields, [proposal]).id
    return {"people": people, "village": village, "proposal": proposal, "decision": decision}
