"""Epochs: a restored or copied database must never number its changes as the original does.

Two PCs writing from copies of one file would both emit (site, epoch 1, sequence 512) for
different changes, and a receiver would take the second for the first. So the database carries a
random installation token, and the per-user data folder remembers which file holds which token.
A file opened where its token is unknown, or under another path, was copied (or restored): it
takes a new epoch before it writes anything. The changes of the earlier epoch stay in the log and
keep travelling as their own stream.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import clock
from desktop.db.sqlite_file import INSTALLATION_TOKEN_KEY
from desktop.files import replacing
from desktop.models import Setting, Site, SyncStream
from desktop.paths import user_data_dir

MARKER_NAME = "installations.json"
EPOCHS_FROM_MS = 1_735_689_600_000
"""1 January 2025, 00:00 UTC: epochs count seconds from it, and fit a 32-bit integer until 2093."""


def new_epoch(session: Session, site: Site, floor: int = 0) -> int:
    """Move the site to a new epoch, keeping the stream of the one it leaves.

    The new epoch is the second it is taken (counted from 2025), or just past the old one and
    `floor` if the PC's clock is behind them. Two copies of one file that each take a new epoch
    then differ unless they take it in the same second, even when one was copied while the app
    ran and lacks the latest epoch, still in the write-ahead log it was copied without.

    Its clock moves to now: peers take the receipt of a restored file, stamped by its clock, as
    newer than the ones it sent before the restore, and send again what it lost."""
    site.clock_ms, site.clock_count = clock.tick(site.clock_ms or 0, site.clock_count or 0, clock.now_ms())
    old = site.epoch
    if session.get(SyncStream, (site.id, old)) is None:
        session.add(SyncStream(origin_site_id=site.id, origin_epoch=old, held=site.next_seq - 1))
    site.epoch = max(old + 1, floor + 1, (site.clock_ms - EPOCHS_FROM_MS) // 1000)
    return site.epoch


def _marker() -> Path:
    return user_data_dir() / MARKER_NAME


def _known() -> dict[str, str]:
    try:
        data = json.loads(_marker().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(token: str, path: Path) -> None:
    known = _known()
    known[token] = str(path)
    with replacing(_marker()) as partial:
        partial.write_text(json.dumps(known, indent=1), encoding="utf-8")


def claim(session: Session, path: Path) -> bool:
    """Check that this file is the one this PC knows; give a copy a new epoch. True if it did."""
    site = session.scalars(select(Site)).first()
    if site is None:
        return False
    where = path.resolve()
    setting = session.get(Setting, INSTALLATION_TOKEN_KEY)
    copied = setting is not None and _known().get(setting.value) != str(where)
    if setting is not None and not copied:
        return False
    if copied:
        new_epoch(session, site)
    token = secrets.token_hex(16) if setting is None or copied else setting.value
    if setting is None:
        session.add(Setting(key=INSTALLATION_TOKEN_KEY, value=token))
    else:
        setting.value = token
    _remember(token, where)
    return copied
