"""What each lower site's audit chain looked like, kept at the upper level.

A site's audit chain shows any edit of its entries, unless someone with the file rebuilds the
whole chain after the edit. Every bundle a lower site sends carries its chain at checkpoints
(every 256th entry and the newest); the upper level keeps them. A later bundle whose chain
differs at a kept checkpoint, or is shorter than one already seen, was rebuilt or cut: the
import still applies (the changes themselves are signed), and the upper level's own audit trail
records the finding for a person to follow up.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.orm import Session

from desktop.models import Setting
from desktop.services.audit import CHECKPOINT_EVERY

PREFIX = "audit.anchor."


def check_and_keep(session: Session, site_id: uuid.UUID, chain: dict[int, str]) -> int | None:
    """The first checkpoint at which `chain` departs from what was kept for `site_id` (None when
    it holds; the edit lies at or before it). Then `chain` is kept: added to what was, or in its
    place once a departure has been found and recorded, so it is not reported at every import.
    An empty chain after a non-empty one is a chain cut whole."""
    row = session.get(Setting, PREFIX + str(site_id))
    kept: dict[str, Any] = json.loads(row.value) if row is not None else {"checkpoints": {}, "length": 0}
    if not chain and not kept["length"]:
        return None  # nothing seen yet, and nothing to compare
    checkpoints = {int(number): digest for number, digest in kept["checkpoints"].items()}
    length = max(chain, default=0)
    departs = sorted(
        number for number, digest in checkpoints.items() if number in chain and chain[number] != digest
    )
    if length < kept["length"]:
        departs.append(length + 1)  # entries the upper level saw are gone
    if departs:
        checkpoints = {}
    checkpoints.update({number: digest for number, digest in chain.items() if number % CHECKPOINT_EVERY == 0})
    value = json.dumps(
        {"checkpoints": checkpoints, "length": length if departs else max(length, kept["length"])}
    )
    if row is None:
        session.add(Setting(key=PREFIX + str(site_id), value=value))
    else:
        row.value = value
    return min(departs) if departs else None
