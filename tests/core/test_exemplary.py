"""Exemplary models move through their cycle one stage at a time; good deeds become models or proposals."""

import datetime as dt

import pytest

from desktop.errors import ValidationError
from desktop.services.exemplary import ModelFields, add_event, board, create_model, model_detail, move_model
from desktop.services.good_deeds import (
    DeedFields,
    deeds,
    link_doer,
    log_deed,
    promote_to_model,
    propose_award,
)
from desktop.services.linked_documents import attach, content_of, files_of, remove
from desktop.services.proposals import proposal_view
from tests.rules.records import Records

TODAY = dt.date(2026, 11, 22)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_model_moves_forward_one_stage_at_a_time_and_back_only_with_a_reason(commune_db):
    person = Records(commune_db).person("Sùng A Páo")
    model = create_model(
        commune_db, "admin", ModelFields(person, "Trồng rừng gỗ lớn", dt.date(2026, 3, 1)), TODAY
    )
    assert [card.id for card in board(commune_db)["discovered"]] == [model]
    with pytest.raises(ValidationError, match="Bồi dưỡng"):
        move_model(commune_db, "admin", model, "summarised", dt.date(2026, 4, 1), TODAY)
    move_model(commune_db, "admin", model, "nurtured", dt.date(2026, 4, 1), TODAY, "Hỗ trợ giống cây")
    with pytest.raises(ValidationError, match="01/04/2026"):
        move_model(commune_db, "admin", model, "summarised", dt.date(2026, 3, 15), TODAY)
    with pytest.raises(ValidationError):
        move_model(commune_db, "admin", model, "discovered", dt.date(2026, 5, 1), TODAY)
    move_model(commune_db, "admin", model, "summarised", dt.date(2026, 6, 1), TODAY)
    add_event(commune_db, "admin", model, dt.date(2026, 6, 20), "Bài viết trên báo tỉnh", TODAY)
    move_model(commune_db, "admin", model, "nurtured", dt.date(2026, 7, 1), TODAY, "Chưa đủ kết quả")
    columns = board(commune_db)
    assert [card.id for card in columns["nurtured"]] == [model]
    assert columns["nurtured"][0].since == dt.date(2026, 7, 1)
    detail = model_detail(commune_db, model)
    assert [(e.stage, e.happened_on) for e in detail.events] == [
        ("discovered", dt.date(2026, 3, 1)),
        ("nurtured", dt.date(2026, 4, 1)),
        ("summarised", dt.date(2026, 6, 1)),
        ("summarised", dt.date(2026, 6, 20)),
        ("nurtured", dt.date(2026, 7, 1)),
    ]
    with pytest.raises(ValidationError, match="01/01/2027"):
        move_model(commune_db, "admin", model, "summarised", dt.date(2027, 1, 1), TODAY)


def test_a_model_keeps_its_photos_and_shows_its_subjects_awards(commune_db, tmp_path):
    records = Records(commune_db)
    person = records.person("Lò Thị Hoa")
    records.award(person, "GK_XA", 2025)
    model = create_model(commune_db, "admin", ModelFields(person, "Nuôi ong", dt.date(2026, 1, 5)), TODAY)
    photo = tmp_path / "ong.png"
    photo.write_bytes(PNG)
    document = attach(commune_db, "admin", photo, model_id=model)
    (listed,) = files_of(commune_db, model_id=model)
    assert (listed.title, listed.media_type) == ("ong", "image/png")
    assert content_of(commune_db, document) == PNG
    not_a_photo = tmp_path / "ghi-chu.png"
    not_a_photo.write_text("chữ")
    with pytest.raises(ValidationError, match="ghi-chu.png"):
        attach(commune_db, "admin", not_a_photo, model_id=model)
    remove(commune_db, "admin", document)
    assert files_of(commune_db, model_id=model) == []
    assert [a.year for a in model_detail(commune_db, model).awards] == [2025]


def test_a_good_deed_becomes_a_model_and_a_draft_ad_hoc_proposal_once_each(commune_db):
    person = Records(commune_db).person("Giàng A Chứ")
    unknown = log_deed(
        commune_db,
        "admin",
        DeedFields("Một thanh niên thôn Pả", "Cứu hai em nhỏ đuối nước", dt.date(2026, 7, 2), "Suối Nậm Pả"),
        TODAY,
    )
    with pytest.raises(ValidationError, match="Một thanh niên"):
        promote_to_model(commune_db, "admin", unknown, TODAY)
    link_doer(commune_db, "admin", unknown, person)
    model = promote_to_model(commune_db, "admin", unknown, TODAY)
    with pytest.raises(ValidationError):
        promote_to_model(commune_db, "admin", unknown, TODAY)
    assert model_detail(commune_db, model).card.subject_name == "Giàng A Chứ"
    proposal = propose_award(commune_db, "admin", unknown, TODAY)
    view = proposal_view(commune_db, proposal)
    assert (view.fields.kind, view.status, [item.award_code for item in view.items]) == (
        "adhoc",
        "draft",
        ["GK_XA"],
    )
    assert view.items[0].achievement == "Cứu hai em nhỏ đuối nước"
    with pytest.raises(ValidationError):
        propose_award(commune_db, "admin", unknown, TODAY)
    (row,) = deeds(commune_db, 2026)
    assert (row.model_id, row.proposal_id) == (model, proposal)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (DeedFields("A", " ", dt.date(2026, 1, 1)), "what"),
        (DeedFields(" ", "Nhặt được của rơi", dt.date(2026, 1, 1)), "who"),
        (DeedFields("A", "Nhặt được của rơi", dt.date(2027, 1, 1)), "happened_on"),
    ],
)
def test_a_deed_without_who_what_or_with_a_future_date_is_refused(commune_db, fields, field):
    with pytest.raises(ValidationError) as caught:
        log_deed(commune_db, "admin", fields, TODAY)
    assert caught.value.field == field
    assert deeds(commune_db) == []
