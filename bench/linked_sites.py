"""A commune and its province, set up and enrolled with each other: the scene the crash harness
and the bundle fuzzer both start from."""

from __future__ import annotations

from pathlib import Path

from desktop.db import Database
from desktop.services.setup import init_site
from desktop.sync import cards


def linked_sites(folder: Path, password: str) -> tuple[Database, Database]:
    """(commune Bảo Lâm, province Cao Bằng) in `folder`, each enrolled at the other."""
    commune = Database.open(folder / "xa.sqlite", create=True)
    province = Database.open(folder / "tinh.sqlite", create=True)
    init_site(commune, "commune", "01290", "admin", password)
    init_site(province, "province", "04", "admin", password)
    cards.enroll(commune, "admin", cards.own_card(province))
    cards.enroll(province, "admin", cards.own_card(commune))
    return commune, province
