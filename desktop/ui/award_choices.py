"""The award codes of the catalog as (code, name) choices, by name."""

from __future__ import annotations

from desktop.rules.catalog import award_name, known_codes


def award_choices() -> list[tuple[str, str]]:
    return sorted(((code, award_name(code)) for code in known_codes()), key=lambda choice: choice[1])
