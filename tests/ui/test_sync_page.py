"""Đồng bộ: a commune puts its work on a stick, the province takes it in, the receipt goes back;
connecting two offices by their cards; settling a conflict on screen."""

# ruff: noqa: F811 - the sync tests' site fixtures are imported here and named as test arguments

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QTableWidget
from sqlalchemy import select

from desktop.models import PeerSite, Person, PersonMatch
from desktop.sync import cards, stick
from desktop.sync.bundle import BundleRejected
from desktop.sync.drives import removable_drives
from desktop.sync.hub import loopback_port
from desktop.ui.duplicates_dialog import DuplicatesDialog
from desktop.ui.enroll_dialog import EnrollDialog
from desktop.ui.hub_schedule import HubSchedule
from desktop.ui.sync_page import SyncPage
from desktop.ui.sync_review_dialog import SyncReviewDialog
from tests.conftest import ADMIN_PASSWORD
from tests.sync.conftest import _site_secrets, _site_templates, link, sites  # noqa: F401
from tests.sync.test_exchange import add_person, person, person_names, send
from tests.sync.test_hub import hub_process, serving  # noqa: F401
from tests.sync.test_stick import _conflict
from tests.ui.conftest import answer_message_box, calls_on_gui_thread, shown, signed_in_window


@pytest.fixture
def typed_password(monkeypatch):
    """The officer types the administrator's password when asked (the real keys open with it)."""
    asked = []

    def get_text(*args, **kwargs):
        asked.append(args[2])
        return ADMIN_PASSWORD, True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def sync_page(qtbot, context) -> SyncPage:
    """The screen with its own schedule of network exchanges, as the window gives it one."""
    hub = HubSchedule()
    hub.start(context)
    page = SyncPage(context, hub)
    qtbot.addWidget(page)
    page.reload()
    shown(qtbot, page)
    return page


def page_for(qtbot, make_context, site, root: Path) -> SyncPage:
    page = sync_page(qtbot, make_context(site.db))
    page.use_folder(root)
    shown(qtbot, page)
    return page


def rows(table) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_a_communes_work_goes_up_on_a_stick_and_its_receipt_comes_back(
    qtbot, sites, make_context, typed_password, tmp_path
):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    add_person(a, "Nông Văn Dền")
    root = tmp_path / "usb"
    root.mkdir()
    commune = page_for(qtbot, make_context, a, root)
    assert rows(commune.peer_table)[0][3] == "1"  # one change the province has not confirmed
    assert commune.recipients.currentText() == province.card.unit_name
    commune.send_button.click()
    qtbot.waitUntil(lambda: commune.stick_table.rowCount() == 1, timeout=20_000)
    assert rows(commune.stick_table)[0][5] == "gửi cho đơn vị khác"
    assert "Tháo thiết bị an toàn" in commune.message.text()
    assert len(typed_password) == 1

    add_person(province, "Nong Van Den")  # recorded at the province too: the import says so
    upper = page_for(qtbot, make_context, province, root)
    (bundle_row,) = rows(upper.stick_table)
    assert bundle_row[:3] == ["Gói dữ liệu", a.card.unit_name, province.card.unit_name]
    assert (bundle_row[4], bundle_row[5]) == ("1", "chờ nhận")
    assert upper.take_button.isEnabled() and upper.take_button.text() == "Nhận từ USB (1)"
    upper.take_button.click()
    qtbot.waitUntil(lambda: "áp dụng 1," in upper.message.text(), timeout=20_000)
    shown(qtbot, upper)
    assert "1 cặp hồ sơ có thể là cùng một người ở hai xã" in upper.message.text()
    with province.db.session() as session:
        assert sorted(session.scalars(select(Person.full_name))) == ["Nong Van Den", "Nông Văn Dền"]
    assert not upper.take_button.isEnabled()
    (status,) = rows(upper.peer_table)
    assert status[0] == a.card.unit_name and status[1] != "chưa có"
    receipt = next(item for item in stick.stick_contents(province.db, root) if item.kind == "receipt")
    assert not receipt.for_here

    commune.reload()

    shown(qtbot, commune)
    assert commune.take_button.text() == "Nhận từ USB (1)"  # the province's receipt
    commune.take_button.click()
    qtbot.waitUntil(lambda: "đã nhận biên nhận" in commune.message.text(), timeout=20_000)
    shown(qtbot, commune)
    assert rows(commune.peer_table)[0][3] == "0"

    upper.clean_button.click()
    shown(qtbot, upper)
    assert [row[5] for row in rows(upper.stick_table)] == ["gửi cho đơn vị khác"]  # only the receipt is left


def test_the_keys_are_forgotten_when_the_officer_leaves_the_screen(
    qtbot, sites, make_context, typed_password, tmp_path
):
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    page = page_for(qtbot, make_context, a, tmp_path)
    page.show()
    page.send_button.click()
    qtbot.waitUntil(lambda: page.secrets is not None, timeout=20_000)
    shown(qtbot, page)  # the stick read again, sending is offered again
    page.send_button.click()  # the second bundle asks nothing
    qtbot.waitUntil(lambda: page.stick_table.rowCount() == 2, timeout=20_000)
    assert len(typed_password) == 1
    page.hide()
    assert page.secrets is None


def test_two_offices_connect_by_cards_carried_on_the_stick(
    qtbot, sites, make_context, typed_password, tmp_path
):
    a, province = sites["commune_a"], sites["province"]
    root = tmp_path / "usb"
    root.mkdir()
    commune = page_for(qtbot, make_context, a, root)
    upper = page_for(qtbot, make_context, province, root)

    at_commune = EnrollDialog(commune, commune.context, commune)
    qtbot.addWidget(at_commune)
    at_commune.card_button.click()
    assert "Đã ghi thẻ" in at_commune.message.text(), at_commune.message.text()
    assert at_commune.cards.count() == 0  # its own card is not offered

    at_province = EnrollDialog(upper, upper.context, upper)
    qtbot.addWidget(at_province)
    assert at_province.cards.count() == 1
    code = cards.fingerprint(a.card.signing_key, a.card.encryption_key)
    assert a.card.unit_name in at_province.cards.item(0).text() and code in at_province.cards.item(0).text()
    seen = answer_message_box(qtbot, "confirmEnroll", "Kết nối")
    at_province.connect_button.click()
    assert code in seen[0]
    assert "Đã kết nối" in at_province.message.text()
    assert at_province.cards.count() == 0
    at_province.card_button.click()

    at_commune.show_cards()
    assert at_commune.cards.count() == 1
    answer_message_box(qtbot, "confirmEnroll", "Kết nối")
    at_commune.connect_button.click()
    for site, other in ((a, province), (province, a)):
        with site.db.session() as session:
            assert session.scalars(select(PeerSite.id)).all() == [other.card.site_id]
    commune.reload()
    shown(qtbot, commune)
    assert commune.recipients.currentText() == province.card.unit_name


def test_a_conflict_is_settled_on_screen_and_quarantine_set_aside_needs_a_reason(
    qtbot, sites, make_context, tmp_path, monkeypatch
):
    a, _district, created = _conflict(sites, tmp_path)
    context = make_context(a.db)
    dialog = SyncReviewDialog(None, context)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(0) == "Xung đột (1)"
    (row,) = rows(dialog.conflict_table)
    assert row[0:2] == ["Nông Văn Dền", "Ghi chú"]
    other = row[5]
    dialog.other_button.click()
    assert dialog.conflict_table.rowCount() == 0 and dialog.tabs.tabText(0) == "Xung đột (0)"
    assert person(a, created.id).notes == other


def test_a_release_a_commune_may_not_issue_waits_on_screen_with_its_reason(
    qtbot, sites, make_context, tmp_path
):
    from desktop.sync.exchange import import_bundle
    from tests.sync.conftest import forge
    from tests.sync.test_ownership import changes_of, release_of

    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    forged = release_of(a, "base_salary", "9999.1")
    import_bundle(province.db, "admin", province.secrets, forge(a, province, changes_of(a, forged), tmp_path))
    dialog = SyncReviewDialog(None, make_context(province.db))
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(1).endswith("(1)")
    (row,) = rows(dialog.quarantine_table)
    assert a.card.unit_name in row[1]
    assert row[2] == "Chỉ đơn vị cấp trên mới được ban hành nội dung này; đơn vị gửi không phải cấp trên"


def test_the_province_revokes_a_commune_whose_pc_was_stolen_and_its_bundles_are_refused(
    qtbot, sites, make_context, monkeypatch, tmp_path
):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, province)
    link(district, province)
    page = sync_page(qtbot, make_context(province.db))
    assert page.revoke_button.isVisibleTo(page) and not page.revoke_button.isEnabled()
    names = [row[0] for row in rows(page.peer_table)]
    page.peer_table.selectRow(names.index(a.card.unit_name))
    assert page.revoke_button.isEnabled()
    reasons = iter([("Máy tính bị mất trộm", True), ("  ", True), ("Máy tính bị mất trộm", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: next(reasons))

    answer_message_box(qtbot, "confirmRevoke", "Hủy")
    page.revoke_button.click()
    answer_message_box(qtbot, "confirmRevoke", "Thu hồi")
    page.revoke_button.click()  # no reason given
    assert page.message.text() == "Ghi lý do thu hồi đơn vị."
    with province.db.session() as session:
        assert session.get(PeerSite, a.card.site_id).revoked_at is None

    seen = answer_message_box(qtbot, "confirmRevoke", "Thu hồi")
    page.revoke_button.click()
    assert seen == [f"Thu hồi {a.card.unit_name}?"]
    assert page.message.text().startswith(f"Đã thu hồi {a.card.unit_name}")
    shown(qtbot, page)
    row = [row[0] for row in rows(page.peer_table)].index(f"{a.card.unit_name} — đã thu hồi")
    page.peer_table.selectRow(row)
    assert not page.revoke_button.isEnabled()  # once is enough
    page.peer_table.selectRow(names.index(district.card.unit_name))
    assert page.revoke_button.isEnabled()
    add_person(a, "Nông Văn Dền")
    with pytest.raises(BundleRejected, match="Máy tính bị mất trộm"):
        send(a, province, tmp_path / "up")
    commune = sync_page(qtbot, make_context(a.db))
    assert not commune.revoke_button.isVisibleTo(commune)  # a commune has no office below it


def test_a_commune_the_district_vouched_for_is_shown_with_its_district(qtbot, sites, make_context, tmp_path):
    a, district, province = sites["commune_a"], sites["district"], sites["province"]
    link(a, district)
    link(district, province)
    add_person(a, "Nông Văn Dền")
    send(a, district, tmp_path / "1")
    send(district, province, tmp_path / "2")
    page = sync_page(qtbot, make_context(province.db))
    offices = sorted(row[0] for row in rows(page.peer_table))
    assert offices == sorted([district.card.unit_name, f"{a.card.unit_name} (qua {district.card.unit_name})"])


def test_a_viewer_sees_where_things_stand_and_no_button_that_writes(qtbot, sites, make_context, tmp_path):
    from desktop.services.accounts import create_account

    a = sites["commune_a"]
    create_account(a.db, "admin", "xem", "Người xem", "viewer", "matkhau-viewer-dai")
    context = make_context(a.db)
    context.username = "xem"
    page = sync_page(qtbot, context)
    hidden = [page.take_button, page.send_button, page.clean_button, page.enroll_button, page.revoke_button]
    hidden += [page.hub_save_button, page.hub_now_button]
    assert not any(button.isVisibleTo(page) for button in hidden)
    assert page.review_button.isVisibleTo(page) and page.peer_table.isVisibleTo(page)


@pytest.fixture
def media_stick() -> Path:
    """A real drive mounted where Linux desktops mount sticks (needs root, which CI has)."""
    folder = Path("/media") / f"SOVANG-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"a drive cannot be mounted here: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)
    folder.rmdir()


def test_a_plugged_in_stick_is_offered_by_its_name(qtbot, sites, make_context, media_stick):
    assert media_stick in [drive.root for drive in removable_drives()]
    page = sync_page(qtbot, make_context(sites["commune_a"].db))
    names = [page.drives.itemText(index) for index in range(page.drives.count())]
    assert any(
        name.startswith(media_stick.name + " — còn trống 4 GB") or media_stick.name in name for name in names
    )
    assert isinstance(page.take_button, QPushButton) and not page.take_button.isEnabled()


def test_the_same_person_from_two_communes_is_merged_on_screen(qtbot, sites, make_context, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    link(a, province)
    link(b, province)
    first, second = add_person(a, "Nông Văn Dền"), add_person(b, "Nông Văn Dền")
    add_person(b, "Lục Thị Hoa")
    send(a, province, tmp_path)
    send(b, province, tmp_path)
    page = sync_page(qtbot, make_context(province.db))
    qtbot.waitUntil(lambda: page.duplicates_button.text() == "Một người ở hai xã (1)…")
    dialog = DuplicatesDialog(None, make_context(province.db))
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "duplicateTable")
    assert table.rowCount() == 1
    assert "Xã Bảo Lâm" in table.item(0, 0).text() + table.item(0, 1).text()
    assert table.item(0, 2).text() == "cùng họ tên và năm sinh"
    kept = dialog.pairs[0].second.id
    seen = answer_message_box(qtbot, "mergeConfirm", "Gộp")
    dialog.findChild(QPushButton, "keepSecondButton").click()
    assert seen and "Nông Văn Dền" in seen[0]
    assert table.rowCount() == 0
    with province.db.session() as session:
        (match,) = session.scalars(select(PersonMatch)).all()
    assert match.kept_person_id == kept and {match.other_person_id, kept} == {first.id, second.id}
    page.count_pairs()
    qtbot.waitUntil(lambda: page.duplicates_button.text() == "Một người ở hai xã (0)…")

    settled = dialog.findChild(QTableWidget, "settledTable")
    (verdict_row,) = rows(settled)
    assert verdict_row[0] == "Cùng một người" and verdict_row[4] == "admin"
    settled.selectRow(0)
    seen = answer_message_box(qtbot, "undoVerdictConfirm", "Rút lại")
    dialog.findChild(QPushButton, "undoVerdictButton").click()
    assert seen and seen[0].startswith("Tính riêng lại")
    assert settled.rowCount() == 0 and table.rowCount() == 1
    with province.db.session() as session:
        assert session.scalars(select(PersonMatch).where(PersonMatch.deleted_at.is_(None))).all() == []


def test_a_proposal_sent_by_stick_waits_in_the_inbox_and_only_the_province_appraises_it(
    qtbot, sites, make_context, tmp_path
):
    from desktop.services.council import MeetingFields, Vote, record_meeting
    from desktop.services.proposal_workflow import submit
    from desktop.services.proposals import ItemFields, ProposalFields, add_item, create_proposal
    from desktop.ui.proposals_page import INBOX, ProposalsPage

    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    duc = add_person(a, "Nguyễn Văn Đức").id
    fields = ProposalFields(title="Đề nghị Bằng khen tỉnh", year=2025, to_level="province")
    sent = create_proposal(a.db, "admin", fields)
    item = add_item(a.db, "admin", sent, ItemFields(duc, "BK_TINH"), dt.date(2025, 12, 20))
    meeting = MeetingFields(dt.date(2025, 12, 15), 9, 7, {item: Vote(7, 7)}, chaired_by="Hoàng Văn Thụ")
    record_meeting(a.db, "admin", sent, meeting)
    submit(a.db, "admin", sent, dt.date(2026, 1, 5))
    send(a, province, tmp_path)

    inbox = ProposalsPage(make_context(province.db))
    qtbot.addWidget(inbox)
    inbox.show()
    inbox.view.setCurrentIndex(inbox.view.findData(INBOX))
    shown(qtbot, inbox, inbox.editor)
    assert rows(inbox.table)[0][2] == "Đã tiếp nhận" and rows(inbox.table)[0][4] == "Xã Bảo Lâm"
    inbox.table.selectRow(0)
    editor = inbox.editor
    shown(qtbot, editor)
    assert f"nhận ngày {dt.date.today():%d/%m/%Y}" in editor.state.text()
    assert editor.buttons["appraise"].isVisibleTo(editor)
    assert not editor.buttons["record_return"].isVisibleTo(editor)
    editor.appraise()
    send(province, a, tmp_path)

    own = ProposalsPage(make_context(a.db))
    qtbot.addWidget(own)
    own.show()
    own.reload()
    shown(qtbot, own)
    own.table.selectRow(0)
    shown(qtbot, own.editor)
    assert own.editor.view.status == "appraised"
    visible = [name for name, button in own.editor.buttons.items() if button.isVisibleTo(own.editor)]
    assert visible == []  # the commune waits for the province's answer


def test_the_hub_address_is_kept_and_the_app_exchanges_by_itself_once_the_keys_are_open(
    qtbot, sites, serving, make_context, typed_password
):
    from desktop.services.movements import MovementPlan, movements, save_movement
    from desktop.sync.hub_link import EVERY, FIRST_RETRY, hub_link

    a, province = sites["commune_a"], sites["province"]
    add_person(a, "Nông Văn Dền")
    window = signed_in_window(qtbot, make_context(a.db))
    page = window.open_page("sync")

    def status_line() -> QLabel:
        return window.statusBar().findChild(QLabel, "statusHub")

    assert not status_line().isVisibleTo(window)  # no hub yet: nothing to say
    page.hub_address.setText("ftp://tdkt.caobang")
    page.hub_automatic.setChecked(True)
    page.hub_save_button.click()
    assert page.message.text().startswith("Hãy ghi địa chỉ máy chủ như cấp trên đã cho")
    assert hub_link(a.db).url == ""  # nothing saved

    page.hub_address.setText(serving + "/")
    page.hub_save_button.click()
    assert hub_link(a.db).url == serving and hub_link(a.db).automatic
    assert page.hub_status.text().startswith("Tự động gửi qua mạng đang chờ mật khẩu quản trị")
    assert typed_password == []

    page.hub_now_button.click()
    qtbot.waitUntil(lambda: "đã gửi 1 thay đổi" in page.hub_status.text(), timeout=60_000)
    assert len(typed_password) == 1
    assert person_names(province) == {"Nông Văn Dền"}
    assert status_line().text() == page.hub_status.text() and status_line().isVisibleTo(window)
    hub = page.hub
    assert hub is window.hub and hub.keys is not None and hub.trying_with is None
    assert hub.timer.isActive() and hub.timer.interval() == EVERY.total_seconds() * 1000

    # The quarter hour passes: what the province launched meanwhile comes down without a click.
    save_movement(
        province.db, "admin", MovementPlan(name="Thi đua chuyển đổi số", start_date=dt.date(2026, 1, 1))
    )
    page.hide()  # the screen's own copy of the keys is forgotten; the schedule keeps its own
    hub.timer.timeout.emit()
    qtbot.waitUntil(
        lambda: [row.name for row in movements(a.db)] == ["Thi đua chuyển đổi số"], timeout=60_000
    )
    qtbot.waitUntil(lambda: "nhận 1 thay đổi" in hub.status, timeout=10_000)
    assert len(typed_password) == 1

    # No hub at the address: the tries go on with growing waits, and say when the next one is.
    page.hub_address.setText(f"http://127.0.0.1:{loopback_port()}")
    page.hub_save_button.click()
    qtbot.waitUntil(lambda: hub.failures == 1, timeout=20_000)
    assert hub.status.startswith("Chưa gửi nhận được qua mạng: không kết nối được máy chủ. Lần thử sau lúc")
    assert "Lần thử sau lúc" in page.hub_status.text()
    assert hub.timer.interval() == FIRST_RETRY.total_seconds() * 1000
    hub.timer.timeout.emit()
    qtbot.waitUntil(lambda: hub.failures == 2, timeout=20_000)
    assert hub.timer.interval() == 2 * FIRST_RETRY.total_seconds() * 1000

    page.hub_automatic.setChecked(False)
    page.hub_save_button.click()
    assert hub.keys is None and not hub.timer.isActive() and hub.status == ""  # by hand only now


def test_the_stick_and_the_offices_are_read_off_the_gui_thread(
    qtbot, sites, make_context, monkeypatch, tmp_path
):
    """A stick on a slow drive, or a province's thousand offices, never freeze the window."""
    import desktop.ui.sync_page as screen

    threads = calls_on_gui_thread(
        monkeypatch,
        {
            "removable_drives": screen,
            "peer_statuses": screen,
            "waiting_count": screen,
            "stick_contents": stick,
        },
    )
    a, province = sites["commune_a"], sites["province"]
    link(a, province)
    page = page_for(qtbot, make_context, a, tmp_path)
    page.reload()
    shown(qtbot, page)
    assert set(threads) == {"removable_drives", "peer_statuses", "waiting_count", "stick_contents"}
    assert not any(on_gui for calls in threads.values() for on_gui in calls), threads
    assert page.recipients.count() == 1 and page.send_button.isEnabled()
