"""Which unit lies under which, as this site knows it: ownership at an import and the routes of
an export are judged by it, and so is which releases this site obeys."""

from __future__ import annotations

import uuid
from functools import cached_property

from sqlalchemy import Connection, select

from desktop.codes import LEVEL
from desktop.models import AdminUnit, PeerSite, Site, SyncRoute


class UnitTree:
    """Parent links of every unit this site knows, to answer "is this unit under that one".

    Read at the first question: an import of a commune's new records of its own asks none."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @cached_property
    def home(self) -> uuid.UUID:
        """This site's own unit."""
        home: uuid.UUID = self._connection.execute(select(Site.home_unit_id)).scalar_one()
        return home

    @cached_property
    def parents(self) -> dict[uuid.UUID, uuid.UUID | None]:
        """The official tree, corrected by what enrolment says: since 2025 a commune's official
        parent is its province, but a site enrolled under a district sits under that district;
        lower peers, and the units whose records they relay, sit under this site's unit."""
        connection = self._connection
        parents = dict(connection.execute(select(AdminUnit.id, AdminUnit.parent_id)).all())
        home, level = self.home, LEVEL[connection.execute(select(Site.role)).scalar_one()]
        peers = connection.execute(
            select(PeerSite.id, PeerSite.unit_id, PeerSite.role).where(PeerSite.unit_id.is_not(None))
        ).all()
        upper = sorted((LEVEL[role], unit) for _, unit, role in peers if LEVEL[role] > level and unit)
        chain: list[uuid.UUID] = [home, *(unit for _, unit in upper)]
        for child, parent in zip(chain, chain[1:], strict=False):
            parents[child] = parent
        lower = {peer: unit for peer, unit, role in peers if LEVEL[role] < level and unit is not None}
        for unit in lower.values():
            parents[unit] = home
        for unit, via in connection.execute(select(SyncRoute.unit_id, SyncRoute.via_site_id)):
            if via in lower and unit != lower[via]:
                parents[unit] = lower[via]
        return parents

    def within(self, unit: uuid.UUID | None, top: uuid.UUID) -> bool:
        """`unit` is `top` or lies under it."""
        seen = 0
        while unit is not None and seen < 16:
            if unit == top:
                return True
            unit = self.parents.get(unit)
            seen += 1
        return False
