"""Compact builders for rule cases, in the JSON shape of docs/eligibility.md."""

from __future__ import annotations

from typing import Any


def _entries(items: tuple[str, ...], first: str, second: str) -> list[dict[str, Any]]:
    """ "LDTT:2025" → {"award": "LDTT", "year": 2025}."""
    entries = []
    for item in items:
        value, year = item.rsplit(":", 1)
        entries.append({first: value, second: int(year)})
    return entries


def history(
    awards: tuple[str, ...] = (),
    ratings: dict[int, str] | None = None,
    initiatives: tuple[str, ...] = (),
    disciplines: tuple[str, ...] = (),
    registered: tuple[int, ...] = (),
    proposed: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "awards": [
            {**entry, "decision": f"{entry['year']}/QĐ-UBND", "date": f"{entry['year'] + 1}-01-10"}
            for entry in _entries(awards, "award", "year")
        ]
        + [{**entry, "proposed": True} for entry in _entries(proposed, "award", "year")],
        "ratings": [{"year": year, "rating": rating} for year, rating in (ratings or {}).items()],
        "initiatives": _entries(initiatives, "scope", "year"),
        "disciplines": _entries(disciplines, "level", "year"),
        "registrations": [{"year": year, "award": "LDTT"} for year in registered],
    }


def case(
    award: str,
    year: int,
    *,
    kind: str = "person",
    as_of: str = "2026-03-01",
    unit: tuple[int, int] | None = None,
    members: list[dict[str, Any]] | None = None,
    **record: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "as_of": as_of,
        "subject": {"kind": kind, "name": "Hoàng Văn Páo"},
        "proposal": {"award": award, "year": year},
        **history(**record),
    }
    if unit is not None:
        data["unit"] = {"ldtt_count": unit[0], "cstdcs_count": unit[1]}
    if members is not None:
        data["members"] = members
    return data


def member(name: str, **record: Any) -> dict[str, Any]:
    return {"name": name, **history(**record)}


def members(*groups: tuple[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """`(count, record)` groups of alike members: members((6, {"awards": ("LDTT:2025",)}), …)."""
    result = []
    for count, record in groups:
        for _index in range(count):
            result.append(member(f"Thành viên {len(result) + 1}", **record))
    return result
