"""Finding the same person recorded by two communes, on a large province database.

    python bench/make_dataset.py --persons 1000000 --out bench/out/p1m.sqlite
    python bench/bench_duplicates.py --db bench/out/p1m.sqlite

Times what the reviewer waits for: the list of the strongest pairs (`duplicates.candidates`, what
"Same person in two communes" opens) and the count an import gives for the people it brought
(`duplicates.pairs_with`, for a sample the size of one commune's bundle). Baseline: every pair the
same rules admit, counted by one SQL self-join, which is what listing all pairs would cost. Runs on
a copy, so the dataset is left as it was.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from desktop.db import Database  # noqa: E402
from desktop.models import Person  # noqa: E402
from desktop.services import duplicates  # noqa: E402
from desktop.services.duplicates import SAME_CARD, SAME_DATE, SAME_YEAR, First, Second  # noqa: E402


def timed(work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/out/p1m.sqlite"))
    parser.add_argument("--arrived", type=int, default=5_000, help="people in the sample 'bundle'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sovang-dup-bench-") as folder:
        copy = Path(folder) / args.db.name
        shutil.copyfile(args.db, copy)
        db = Database.open(copy)
        with db.session() as session:
            people = session.scalar(select(func.count()).select_from(Person))
            sample = list(
                session.scalars(select(Person.id).order_by(Person.created_at.desc()).limit(args.arrived))
            )
        shown, listing = timed(lambda: duplicates.candidates(db))
        with db.session() as session:
            counted, counting = timed(lambda: duplicates.pairs_with(session, sample))
            every = 0
            started = time.perf_counter()
            for matching in (SAME_CARD, SAME_DATE, SAME_YEAR):
                pairs = duplicates.matching_pairs(First.id < Second.id, *matching).subquery()
                every += session.scalar(select(func.count()).select_from(pairs)) or 0
            baseline = time.perf_counter() - started
        db.close()
    print(f"people: {people:,}; pairs the rules admit: {every:,} (all counted in {baseline:.2f} s)")
    print(
        f"strongest {len(shown)} pairs listed in {listing:.2f} s; "
        f"ratio to counting all {listing / baseline:.2f}×"
    )
    print(
        f"pairs for {len(sample):,} people just received: {counted:,} in {counting:.2f} s; "
        f"ratio to counting all {counting / baseline:.2f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
