"""Property: whatever is edited where, and however late, twice, out of order or lost the bundles
travel, once everything has been delivered every site holds the same values for every record it
holds, each holds exactly what its level should, and every receipt accounts for every change."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.models import Person, SyncQuarantine
from desktop.sync.bundle import AlreadyImported
from desktop.sync.exchange import export_bundle, import_bundle
from tests.sync.conftest import Site, link, open_sites
from tests.sync.test_exchange import add_person

COMMUNES = ("commune_a", "commune_a2", "commune_b")
LINKS = [
    ("commune_a", "district"),
    ("commune_a2", "district"),
    ("commune_b", "district"),
    ("district", "province"),
]
DIRECTIONS = [pair for link_ in LINKS for pair in (link_, link_[::-1])]
FIELDS = ("position", "workplace", "notes")

operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(COMMUNES)),
        st.tuples(
            st.just("edit"),
            st.sampled_from(COMMUNES),
            st.integers(0, 5),
            st.sampled_from(FIELDS),
            st.sampled_from(["Chủ tịch", "Trưởng thôn", "Bí thư", "", "Hội Nông dân"]),
        ),
        st.tuples(st.just("delete"), st.sampled_from(COMMUNES), st.integers(0, 5)),
        st.tuples(
            st.just("send"), st.sampled_from(DIRECTIONS), st.sampled_from(["now", "twice", "lost", "later"])
        ),
        st.tuples(st.just("late"), st.integers(0, 9)),
    ),
    max_size=25,
)


class World:
    def __init__(self, sites: dict[str, Site], folder: Path) -> None:
        self.sites = sites
        self.folder = folder
        self.later: list[tuple[str, Path]] = []
        self.counter = itertools.count()

    def live_people(self, name: str) -> list[Person]:
        with self.sites[name].db.session() as session:
            query = select(Person).where(Person.deleted_at.is_(None)).order_by(Person.id)
            owner = self.sites[name].card.unit_id
            return [person for person in session.scalars(query) if person.owner_unit_id == owner]

    def send(self, sender: str, recipient: str) -> Path:
        folder = self.folder / f"b{next(self.counter)}"
        site = self.sites[sender]
        return export_bundle(site.db, "admin", site.secrets, self.sites[recipient].card.site_id, folder).path

    def take(self, recipient: str, path: Path) -> None:
        site = self.sites[recipient]
        try:
            result = import_bundle(site.db, "admin", site.secrets, path)
        except AlreadyImported:
            return
        assert sum(result.counts.values()) == result.manifest.change_count

    def run(self, operation: tuple) -> None:  # type: ignore[type-arg]
        kind = operation[0]
        if kind == "create":
            add_person(self.sites[operation[1]], f"Người {next(self.counter)}")
        elif kind in ("edit", "delete"):
            people = self.live_people(operation[1])
            if not people:
                return
            chosen = people[operation[2] % len(people)]
            with self.sites[operation[1]].db.transaction("admin") as session:
                person = session.get(Person, chosen.id)
                if kind == "edit":
                    setattr(person, operation[3], operation[4] or None)
                else:
                    person.deleted_at = person.updated_at
        elif kind == "send":
            (sender, recipient), mode = operation[1], operation[2]
            path = self.send(sender, recipient)
            if mode in ("now", "twice"):
                self.take(recipient, path)
            if mode == "twice":
                self.take(recipient, path)
            if mode == "later":
                self.later.append((recipient, path))
        elif kind == "late" and self.later:
            recipient, path = self.later.pop(operation[1] % len(self.later))
            self.take(recipient, path)

    def settle(self) -> None:
        """Deliver everything late, then exchange along every link until nothing new moves."""
        for recipient, path in reversed(self.later):
            self.take(recipient, path)
        for _ in range(3):
            for sender, recipient in [*LINKS, *[pair[::-1] for pair in LINKS]]:
                self.take(recipient, self.send(sender, recipient))

    def people(self, name: str) -> dict[uuid.UUID, tuple]:  # type: ignore[type-arg]
        with self.sites[name].db.session() as session:
            return {
                person.id: (
                    person.full_name,
                    person.position,
                    person.workplace,
                    person.notes,
                    person.deleted_at,
                )
                for person in session.scalars(select(Person))
            }


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_every_site_converges(backend, _site_templates, _site_secrets, tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("world")
    with open_sites(backend, _site_templates, _site_secrets, folder / "sites") as sites:
        for lower, upper in LINKS:
            link(sites[lower], sites[upper])
        world = World(sites, folder)
        for operation in plan:
            world.run(operation)
        world.settle()
        views = {name: world.people(name) for name in sites}
        units = {name: site.card.unit_id for name, site in sites.items()}
        everything = views["province"]
        assert views["district"] == everything
        for commune in COMMUNES:
            with sites["province"].db.session() as session:
                own = {p.id for p in session.scalars(select(Person)) if p.owner_unit_id == units[commune]}
            assert views[commune] == {record: everything[record] for record in own}
        for site in sites.values():
            with site.db.session() as session:
                assert session.scalars(select(SyncQuarantine)).all() == []
