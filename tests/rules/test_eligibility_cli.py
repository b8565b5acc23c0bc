"""`sovang eligibility`: any verdict exits 0; an unreadable or invalid case exits 2 naming the field."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from tests.rules.cases import case

CSTDCS = case(
    "CSTDCS",
    2025,
    awards=("LDTT:2025",),
    ratings={2025: "HTXS"},
    initiatives=("co_so:2025",),
    registered=(2025,),
    unit=(40, 5),
)


def _run(tmp_path, capsys, data, *options):
    path = tmp_path / "case.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["eligibility", "--input", str(path), *options])
    return code, capsys.readouterr()


def test_the_json_answer_has_the_documented_shape(tmp_path, capsys):
    code, out = _run(tmp_path, capsys, CSTDCS, "--json")
    answer = json.loads(out.out)
    assert code == 0
    assert answer["verdict"] == "eligible"
    assert set(answer) == {"verdict", "reasons", "missing", "reward"}
    assert {"rule", "status", "message_vi", "message_en", "legal_basis", "evidence"} == set(
        answer["reasons"][0]
    )
    assert answer["reward"] == {"multiplier": 1.0, "base_salary": 2_340_000, "amount": 2_340_000}
    r1 = [reason for reason in answer["reasons"] if reason["rule"] == "R1"]
    assert r1[0]["evidence"] == ["LDTT 2025: 2025/QĐ-UBND (10/01/2026)"]


def test_an_ineligible_case_still_exits_0_and_reads_in_vietnamese(tmp_path, capsys):
    data = {**CSTDCS, "unit": {"ldtt_count": 40, "cstdcs_count": 6}}
    code, out = _run(tmp_path, capsys, data)
    assert code == 0
    assert out.out.startswith("KHÔNG ĐỦ ĐIỀU KIỆN — CSTDCS 2025")
    assert "vượt mức 6 cho phép" in out.out


def test_english_on_request(tmp_path, capsys):
    code, out = _run(tmp_path, capsys, {**CSTDCS, "ratings": []}, "--lang", "en")
    assert code == 0
    assert out.out.startswith("ELIGIBLE")  # before the amendment LĐTT alone is required, not HTXS


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"as_of": "01/03/2026"}, "as_of"),
        ({"proposal": {"award": "CSTDCS"}}, "proposal.year"),
        ({"proposal": {"award": "CSTĐCS", "year": 2025}}, "proposal.award"),
        ({"subject": {"kind": "family"}}, "subject.kind"),
        ({"ratings": [{"year": 2025, "rating": "Tốt"}]}, "ratings[0].rating"),
        ({"awards": [{"award": "LDTT"}]}, "awards[0].year"),
        ({"initiatives": [{"year": 2025, "scope": "huyen"}]}, "initiatives[0].scope"),
        ({"unit": {"ldtt_count": -1, "cstdcs_count": 0}}, "unit.ldtt_count"),
        (
            {"members": [{"name": "A", "ratings": [{"year": "2025", "rating": "HTT"}]}]},
            "members[0].ratings[0].year",
        ),
        ({"disciplines": "none"}, "disciplines"),
    ],
)
def test_an_invalid_case_exits_2_naming_the_field(tmp_path, capsys, change, field):
    code, out = _run(tmp_path, capsys, {**CSTDCS, **change})
    assert code == 2
    assert out.out == ""
    assert f"trường {field}:" in out.err


@pytest.mark.parametrize("content", ["{not json", "\xff\xfe", "[1, 2]"])
def test_an_unreadable_case_exits_2(tmp_path, capsys, content):
    code, out = _run(tmp_path, capsys, content)
    assert code == 2
    assert out.err.count("\n") == 1


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["eligibility", "--input", str(tmp_path / "nowhere.json")]) == 2
    assert "nowhere.json" in capsys.readouterr().err
