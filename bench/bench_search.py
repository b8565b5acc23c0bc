"""Name-search latency on a large database, against a LIKE '%…%' scan of the same data.

    python bench/make_dataset.py --persons 1000000 --out bench/out/p1m.sqlite
    python bench/bench_search.py --db bench/out/p1m.sqlite [--postgresql]

Queries are drawn from the people in the database, the way users type them: full names without
accents, surname and given name, the start of a name, a single given name. Each is timed through the
real service (`desktop.services.search.search`: index match plus the rows shown), then as a LIKE
scan over the same keys with the same limit, twice: stopping at the first 50 rows found, and sorted by
name as a list shows them. Figures are percentiles in milliseconds and ratios, measured in one run.

With `--postgresql` the dataset's units and people are copied into a throwaway PostgreSQL server
(`tests/postgres.py`) and the service is timed there, with its trigram indexes and again without
them (the scan an office server without pg_trgm makes).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.db import Database  # noqa: E402
from desktop.services.search import DEFAULT_LIMIT, fts_query, search  # noqa: E402
from desktop.text import search_key, search_tokens  # noqa: E402

MATCH_SQL = (
    "SELECT d.kind, d.record_id FROM search_fts JOIN search_doc AS d ON d.id = search_fts.rowid "
    "WHERE search_fts MATCH ? LIMIT ?"
)
"""The index match the service runs, without the rows it then shows: the same work as a LIKE query."""
LIKE_VARIANTS = (
    ("LIKE, first 50 found", "SELECT id FROM person WHERE name_key LIKE ? AND deleted_at IS NULL LIMIT ?"),
    (
        "LIKE, 50 sorted by name",
        "SELECT id FROM person WHERE name_key LIKE ? AND deleted_at IS NULL ORDER BY name_key LIMIT ?",
    ),
)
"""The scan stops early once it has found enough rows; a list sorted by name must read them all."""


def sample_queries(db_path: Path, count: int, seed: int) -> list[str]:
    """Realistic queries made from names actually in the database."""
    connection = sqlite3.connect(db_path)
    total = connection.execute("SELECT max(rowid) FROM person").fetchone()[0]
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        row = connection.execute(
            "SELECT full_name FROM person WHERE rowid = ?", (rng.randint(1, total),)
        ).fetchone()
        if row is None:
            continue
        words = search_key(row[0]).split()
        shape = len(queries) % 4
        if shape == 0:
            queries.append(" ".join(words))  # "nguyen van duc"
        elif shape == 1:
            queries.append(f"{words[0]} {words[-1]}")  # "nguyen duc"
        elif shape == 2:
            queries.append(" ".join(words[:-1] + [words[-1][:2]]))  # "nguyen van du" (still typing)
        else:
            queries.append(words[-1])  # "duc"
    connection.close()
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_each(queries: list[str], run) -> list[float]:  # type: ignore[no-untyped-def]
    timings = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label:<27} p50 {percentile(timings, 0.5):7.2f} ms   "
        f"p95 {percentile(timings, 0.95):7.2f} ms   max {max(timings):7.2f} ms"
    )


def copy_table(source: sqlite3.Connection, cursor, table: str) -> None:  # type: ignore[no-untyped-def]
    """Every row of `table` into the same table on PostgreSQL, through a staging copy (the rows
    the new database already holds, such as the official units, are kept)."""
    columns = ", ".join(row[1] for row in source.execute(f"PRAGMA table_info({table})"))
    cursor.execute(f"CREATE TEMP TABLE stage_{table} (LIKE {table})")
    with cursor.copy(f"COPY stage_{table} ({columns}) FROM STDIN") as copy:
        for row in source.execute(f"SELECT {columns} FROM {table}"):
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM stage_{table} ON CONFLICT DO NOTHING"
    )


def postgresql_copy(db_path: Path, server) -> Database:  # type: ignore[no-untyped-def]
    db = Database.open(server.url(server.create()))
    source = sqlite3.connect(db_path)
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET session_replication_role = replica")  # units refer to units copied later
        for table in ("admin_unit", "person"):
            copy_table(source, cursor, table)
        raw.commit()
    finally:
        raw.close()
        source.close()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE person")
    return db


def bench_postgresql(db_path: Path, queries: list[str], like_queries: int) -> None:
    from tests import postgres

    server = postgres.start()
    try:
        started = time.perf_counter()
        db = postgresql_copy(db_path, server)
        print(f"PostgreSQL: the dataset copied in {time.perf_counter() - started:.0f} s")
        for query in queries[:10]:
            search(db, query)
        subset = queries[:like_queries]
        indexed = time_each(subset, lambda q: search(db, q))
        report("service, trigram index", indexed)
        with db.engine.begin() as connection:
            for table in ("person", "collective", "decision"):
                connection.exec_driver_sql(f"DROP INDEX ix_{table}_name_key_trigram")
        scanned = time_each(subset, lambda q: search(db, q))
        report("service, no index (scan)", scanned)
        print(
            f"  ratio of the scan to the index on the same {len(subset)} queries: "
            f"median {statistics.median(scanned) / statistics.median(indexed):6.1f}x   "
            f"p95 {percentile(scanned, 0.95) / percentile(indexed, 0.95):6.1f}x"
        )
        db.close()
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/out/p1m.sqlite"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--like-queries",
        type=int,
        default=40,
        help="how many of the queries to also time as a LIKE scan (each scans the table)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgresql", action="store_true", help="time the service on PostgreSQL instead")
    args = parser.parse_args()
    if args.postgresql:
        bench_postgresql(args.db, sample_queries(args.db, args.queries, args.seed), args.like_queries)
        return 0

    db = Database.open(args.db)
    people = sqlite3.connect(args.db).execute("SELECT count(*) FROM person").fetchone()[0]
    queries = sample_queries(args.db, args.queries, args.seed)
    for query in queries[:10]:  # warm the page cache the way a working session has it
        search(db, query)
    indexed = time_each(queries, lambda q: search(db, q))

    scan = sqlite3.connect(args.db)
    like_subset = queries[: args.like_queries]
    matched = time_each(
        like_subset,
        lambda q: scan.execute(MATCH_SQL, (fts_query(search_tokens(q)), DEFAULT_LIMIT)).fetchall(),
    )
    print(f"people: {people:,}; queries: {len(queries)} (LIKE on the first {len(like_subset)})")
    print(
        f"index search (service)      p50 {percentile(indexed, 0.5):7.2f} ms   "
        f"p95 {percentile(indexed, 0.95):7.2f} ms   max {max(indexed):7.2f} ms   (match + rows shown)"
    )
    print(
        f"index match, ids only       p50 {percentile(matched, 0.5):7.2f} ms   "
        f"p95 {percentile(matched, 0.95):7.2f} ms   max {max(matched):7.2f} ms   (the work LIKE does below)"
    )
    for label, like_sql in LIKE_VARIANTS:
        scanned = time_each(
            like_subset, lambda q, sql=like_sql: scan.execute(sql, (f"%{q}%", DEFAULT_LIMIT)).fetchall()
        )
        print(
            f"{label:<27} p50 {percentile(scanned, 0.5):7.2f} ms   "
            f"p95 {percentile(scanned, 0.95):7.2f} ms   max {max(scanned):7.2f} ms"
        )
        print(
            f"  ratio to the index match on the same queries: "
            f"median {statistics.median(scanned) / statistics.median(matched):6.1f}x   "
            f"p95 {percentile(scanned, 0.95) / percentile(matched, 0.95):6.1f}x   "
            f"mean {statistics.mean(scanned) / statistics.mean(matched):6.1f}x"
        )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
