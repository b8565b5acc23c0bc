"""Build a large, realistic province database quickly, for benchmarks.

    python bench/make_dataset.py --persons 1000000 --out bench/out/province-1m.sqlite

The schema is the real one (migrations, `sovang init` as a province site); the rows are written
with plain executemany and the name index is rebuilt in one pass at the end, which is how a bulk
import should load. People are spread over the province's communes and villages, with names drawn
from the demo's pools and a few years of award history, each award in a real decision.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.db import Database, search_index  # noqa: E402
from desktop.demo import names  # noqa: E402
from desktop.services.setup import init_site
from desktop.services.site import site_info  # noqa: E402
from desktop.text import search_key  # noqa: E402

PROVINCE_CODE = "04"  # Cao Bằng: a border province
VILLAGES_PER_COMMUNE = 8
YEARS = range(2021, 2026)
OCCUPATIONS = ("farmer",) * 6 + ("worker", "student", "civil_servant", "leader", "other")
MIX = names.HIGHLAND_MIX + ((names.KINH, 0.3),)
STAMP = "2025-01-01 08:00:00.000000"

META_COLUMNS = (
    "id",
    "owner_unit_id",
    "origin_site_id",
    "seq",
    "row_version",
    "created_at",
    "updated_at",
)
"""What `Loader.meta()` returns, in this order: the sync metadata of every record."""
PERSON_COLUMNS = (
    *META_COLUMNS,
    "full_name",
    "name_key",
    "gender",
    "birth_date",
    "birth_year",
    "ethnic_code",
    "occupation",
    "village_id",
)
DECISION_COLUMNS = (
    *META_COLUMNS,
    "number",
    "number_key",
    "name_key",
    "signed_on",
    "kind",
    "status",
    "issuer_unit_id",
    "authority",
    "sign_mode",
    "summary",
)
AWARD_COLUMNS = (
    *META_COLUMNS,
    "decision_id",
    "person_id",
    "award_code",
    "year",
)


def _insert(connection: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list) -> None:
    marks = ", ".join("?" for _ in columns)
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


class Loader:
    def __init__(self, connection: sqlite3.Connection, rng: random.Random, site_id: str) -> None:
        self.connection = connection
        self.rng = rng
        self.site = site_id
        self.seq = 0
        self.key_cache: dict[str, str] = {}

    def uid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def meta(self, owner: str) -> tuple:
        self.seq += 1
        return (self.uid(), owner, self.site, self.seq, 1, STAMP, STAMP)

    def key(self, name: str) -> str:
        cached = self.key_cache.get(name)
        if cached is None:
            cached = self.key_cache[name] = search_key(name)
        return cached

    def villages(self, communes: list[tuple[str, str]]) -> dict[str, list[str]]:
        rows, by_commune = [], {}
        for commune_id, _name in communes:
            by_commune[commune_id] = []
            for index in range(VILLAGES_PER_COMMUNE):
                village_id = self.uid()
                name = f"Thôn {index + 1}"
                rows.append(
                    (
                        village_id,
                        commune_id,
                        1,
                        STAMP,
                        STAMP,
                        name,
                        self.key(name),
                        "village",
                        "thon",
                        commune_id,
                        0,
                    )
                )
                by_commune[commune_id].append(village_id)
        _insert(
            self.connection,
            "admin_unit",
            (
                "id",
                "owner_unit_id",
                "row_version",
                "created_at",
                "updated_at",
                "name",
                "name_key",
                "level",
                "kind",
                "parent_id",
                "official",
            ),
            rows,
        )
        return by_commune

    def decisions(self, communes: list[tuple[str, str]]) -> dict[tuple[str, int, str], str]:
        rows, ids = [], {}
        for commune_id, commune_name in communes:
            for year in YEARS:
                for number, (code, what) in enumerate(
                    (
                        ("LDTT", "Lao động tiên tiến"),
                        ("GK_XA", "tặng Giấy khen"),
                        ("CSTDCS", "Chiến sĩ thi đua cơ sở"),
                    ),
                    start=1,
                ):
                    meta = self.meta(commune_id)
                    text = f"{number * 37 + year % 100:02d}/QĐ-UBND"
                    summary = f"Về việc {what} năm {year} ({commune_name})"
                    rows.append(
                        (
                            *meta,
                            text,
                            self.key(text),
                            search_key(f"{text} {summary}"),
                            f"{year}-12-20",
                            "award",
                            "issued",
                            commune_id,
                            "chu_tich_ubnd_xa",
                            "own",
                            summary,
                        )
                    )
                    ids[(commune_id, year, code)] = meta[0]
        _insert(self.connection, "decision", DECISION_COLUMNS, rows)
        return ids

    def people(
        self,
        count: int,
        communes: list[tuple[str, str]],
        villages: dict[str, list[str]],
        decisions: dict[tuple[str, int, str], str],
        batch: int = 50_000,
    ) -> int:
        rng, awards_written = self.rng, 0
        commune_ids = [commune_id for commune_id, _name in communes]
        males = (names.Gender.MALE, names.Gender.FEMALE)
        for start in range(0, count, batch):
            people, awards = [], []
            for _index in range(start, min(count, start + batch)):
                commune_id = rng.choice(commune_ids)
                pool = names.pick_pool(rng, MIX)
                gender = males[rng.getrandbits(1)]
                full_name = names.full_name(rng, pool, gender)
                year = rng.randint(1940, 2012)
                birth_date = (
                    f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                    if rng.random() < 0.85
                    else None
                )
                meta = self.meta(commune_id)
                people.append(
                    (
                        *meta,
                        full_name,
                        self.key(full_name),
                        gender.value,
                        birth_date,
                        year,
                        pool.ethnic_code,
                        rng.choice(OCCUPATIONS),
                        rng.choice(villages[commune_id]),
                    )
                )
                if rng.random() < 0.4:
                    for award_year in YEARS:
                        roll = rng.random()
                        code = (
                            "LDTT"
                            if roll < 0.35
                            else "CSTDCS"
                            if roll < 0.4
                            else "GK_XA"
                            if roll < 0.45
                            else None
                        )
                        if code:
                            awards.append(
                                (
                                    *self.meta(commune_id),
                                    decisions[(commune_id, award_year, code)],
                                    meta[0],
                                    code,
                                    award_year,
                                )
                            )
            _insert(self.connection, "person", PERSON_COLUMNS, people)
            _insert(self.connection, "award", AWARD_COLUMNS, awards)
            awards_written += len(awards)
            print(f"  {min(count, start + batch):>9,} people, {awards_written:>9,} awards", flush=True)
        return awards_written


def build(out: Path, persons: int, seed: int) -> dict[str, float]:
    out.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    db = Database.open(out, create=True)
    init_site(db, "province", PROVINCE_CODE, "admin", "benchmark-password")
    info = site_info(db)
    db.close()
    connection = sqlite3.connect(out, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -400000")
    connection.execute("BEGIN")
    communes = connection.execute(
        "SELECT id, name FROM admin_unit WHERE level = 'commune' AND parent_id = ?", (info.unit_id.hex,)
    ).fetchall()
    search_index.run(connection.execute, search_index.bulk_load_begin_statements())
    loader = Loader(connection, random.Random(seed), info.site_id.hex)
    villages = loader.villages(communes)
    decisions = loader.decisions(communes)
    awards = loader.people(persons, communes, villages, decisions)
    loaded = time.perf_counter()
    search_index.run(connection.execute, search_index.bulk_load_end_statements())
    connection.execute("UPDATE site SET next_seq = ?", (loader.seq + 1,))
    connection.execute("COMMIT")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("ANALYZE")
    connection.close()
    finished = time.perf_counter()
    return {
        "persons": persons,
        "awards": awards,
        "communes": len(communes),
        "load_s": loaded - started,
        "index_s": finished - loaded,
        "total_s": finished - started,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/out/dataset.sqlite"))
    args = parser.parse_args()
    figures = build(args.out, args.persons, args.seed)
    print(
        f"built {args.out}: {figures['persons']:,} people, {figures['awards']:,} awards in "
        f"{figures['communes']} communes"
    )
    print(
        f"rows {figures['load_s']:.1f} s, index {figures['index_s']:.1f} s, total {figures['total_s']:.1f} s "
        f"({figures['persons'] / figures['total_s']:,.0f} people/s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
