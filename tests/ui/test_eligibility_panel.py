"""The eligibility panel: pick a person in the list, read the verdicts and why."""

import datetime as dt

from desktop.i18n import set_language
from desktop.ui.eligibility_panel import EligibilityPanel
from desktop.ui.people_page import PeoplePage
from tests.rules.records import Records
from tests.ui.conftest import shown, wait_for_list


def _tops(panel: EligibilityPanel) -> dict[str, str]:
    tree = panel.tree
    return {
        tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())
    }


def test_picking_a_person_shows_verdicts_reasons_and_details(qtbot, commune_db, make_context):
    records = Records(commune_db)
    mai = records.person("Hà Thị Mai")
    records.year(mai, 2025, "HTT")
    records.award(mai, "CSTDCS", 2024)
    people = PeoplePage(make_context(commune_db, today=dt.date(2026, 1, 20)))
    qtbot.addWidget(people)
    people.detail.eligibility.year.setValue(2025)
    people.show_record(mai, "Hà Thị Mai")
    wait_for_list(qtbot, people)
    assert people.current().id == mai

    panel = people.detail.eligibility
    shown(qtbot, panel)
    tops = _tops(panel)
    assert tops["Lao động tiên tiến"] == "Đủ điều kiện"
    assert tops["Chiến sĩ thi đua cơ sở"] == "Chưa kết luận được"  # no initiative, LĐTT not decided
    assert "Bước tiếp theo" in tops
    ldtt = next(
        panel.tree.topLevelItem(i)
        for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(0) == "Lao động tiên tiến"
    )
    rules = [ldtt.child(i).text(0) for i in range(ldtt.childCount())]
    assert "R12 · đạt" in rules and "Q · Hội đồng" in rules
    panel.tree.setCurrentItem(ldtt.child(rules.index("R12 · đạt")))
    assert "Xếp loại HTT trở lên năm 2025." in panel.details.text()
    assert "Luật Thi đua, khen thưởng 06/2022/QH15" in panel.details.text()


def test_changing_the_year_judges_again(qtbot, commune_db, make_context):
    records = Records(commune_db)
    pao = records.person("Giàng A Páo")
    records.year(pao, 2024, "HT")
    panel = EligibilityPanel(make_context(commune_db, today=dt.date(2026, 1, 20)))
    qtbot.addWidget(panel)
    panel.year.setValue(2025)
    panel.show_subject(pao, "Giàng A Páo")
    shown(qtbot, panel)
    assert _tops(panel)["Lao động tiên tiến"] == "Chưa kết luận được"
    panel.year.setValue(2024)
    assert "2024" in panel.title.text()
    shown(qtbot, panel)
    assert _tops(panel)["Lao động tiên tiến"] == "Không đủ điều kiện"


def test_the_panel_speaks_english(qtbot, commune_db, make_context):
    set_language("en")
    records = Records(commune_db)
    pao = records.person("Giàng A Páo")
    panel = EligibilityPanel(make_context(commune_db, today=dt.date(2026, 1, 20)))
    qtbot.addWidget(panel)
    panel.year.setValue(2025)
    panel.show_subject(pao, "Giàng A Páo")
    shown(qtbot, panel)
    assert panel.title.text() == "Giàng A Páo: what can be proposed for 2025"
    verdicts = {name: text for name, text in _tops(panel).items() if name != "Next step"}
    assert verdicts["Lao động tiên tiến"] == "Not decided"  # award names stay official Vietnamese
    assert set(verdicts.values()) <= {"Eligible", "Not eligible", "Not decided"}
