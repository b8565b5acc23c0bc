"""How long judging a 500-person commune's annual proposal takes, with every rule and the quota.

    python bench/bench_rules.py [--persons 500] [--runs 7]

Builds a commune with the demo (ten years of history), records the ratings, initiatives and
registrations of 2026, then proposes every title the commune would propose at year end: LĐTT for
everyone rated HTT or better, CSTĐCS for those rated HTXS with an initiative, TTLĐTT for every
agency, school and village, Gia đình văn hóa for every household. The figure is the whole check
through the service (loading histories and members from SQLite, then every rule), the median of
several runs, next to the 200 ms target; the engine alone is shown for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from desktop.db import Database  # noqa: E402
from desktop.demo.builder import build_demo  # noqa: E402
from desktop.models import (  # noqa: E402
    Collective,
    Initiative,
    InitiativeAuthor,
    Person,
    Proposal,
    ProposalItem,
    Registration,
    TaskRating,
)
from desktop.rules.engine import ProposalItemCase, check_proposal  # noqa: E402
from desktop.services import eligibility  # noqa: E402
from desktop.services.setup import init_site  # noqa: E402

YEAR = 2026
AS_OF = dt.date(2026, 12, 20)
TARGET_MS = 200.0
RATINGS = ("HTXS",) * 20 + ("HTT",) * 60 + ("HT",) * 15 + ("KHT",) * 5


def build(path: Path, persons: int, seed: int) -> tuple[Database, object]:
    db = Database.open(path, create=True)
    init_site(db, "commune", "01290", "admin", "bench-password-1")
    build_demo(db, "admin", seed=seed, persons=persons)
    rng = random.Random(seed)
    with db.transaction("admin") as session:
        lines: list[tuple[str, object, str]] = []
        registered = set(session.scalars(select(Registration.person_id).where(Registration.year == YEAR)))
        for person_id in session.scalars(select(Person.id).order_by(Person.name_key)):
            rating = rng.choice(RATINGS)
            session.add(TaskRating(person_id=person_id, year=YEAR, rating=rating))
            if person_id not in registered:
                session.add(Registration(person_id=person_id, year=YEAR, award_code="LDTT", state="approved"))
            if rating in ("HTXS", "HTT"):
                lines.append(("person_id", person_id, "LDTT"))
            if rating == "HTXS" and rng.random() < 0.5:
                initiative = Initiative(title="Sáng kiến", scope="co_so", recognised_on=dt.date(YEAR, 11, 2))
                session.add(initiative)
                session.flush()
                session.add(InitiativeAuthor(initiative_id=initiative.id, person_id=person_id))
                lines.append(("person_id", person_id, "CSTDCS"))
        for collective_id, kind in session.execute(select(Collective.id, Collective.kind)):
            code = "GDVH" if kind == "household" else "TTLDTT"
            lines.append(("collective_id", collective_id, code))
        proposal = Proposal(
            title=f"Đề nghị khen thưởng năm {YEAR}", kind="regular", year=YEAR, to_level="commune"
        )
        session.add(proposal)
        session.flush()
        session.add_all(
            ProposalItem(proposal_id=proposal.id, position=position, award_code=code, **{column: subject})
            for position, (column, subject, code) in enumerate(lines)
        )
        return db, proposal.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db, proposal_id = build(Path(folder) / "commune.sqlite", args.persons, args.seed)
        print(f"commune built in {time.perf_counter() - started:.1f} s")
        timings, result = [], None
        for _run in range(args.runs):
            started = time.perf_counter()
            result = eligibility.check_recorded_proposal(db, proposal_id, AS_OF)
            timings.append((time.perf_counter() - started) * 1000)
        assert result is not None
        items = [
            ProposalItemCase(str(index), verdict_case)
            for index, verdict_case in enumerate(_cases_of(db, proposal_id))
        ]
        engine = []
        for _run in range(args.runs):
            started = time.perf_counter()
            check_proposal(items, None)
            engine.append((time.perf_counter() - started) * 1000)
        db.close()

    verdicts = result.report.verdicts
    print(f"persons: {args.persons}; proposal lines: {len(verdicts)}")
    print(
        "lines by award and verdict:",
        dict(sorted(Counter((v.award, v.outcome.value) for v in verdicts).items())),
    )
    print(
        f"whole check (service, SQLite + rules)   median {statistics.median(timings):7.1f} ms   "
        f"min {min(timings):7.1f} ms   max {max(timings):7.1f} ms"
    )
    print(f"rules alone (engine, cases in memory)   median {statistics.median(engine):7.1f} ms")
    print(f"target {TARGET_MS:.0f} ms: median is {statistics.median(timings) / TARGET_MS:.2f}x the target")
    return 0


def _cases_of(db: Database, proposal_id: object) -> list:
    """The cases the service builds, to time the engine apart from the loading."""
    with db.session() as session:
        proposal = session.get(Proposal, proposal_id)
        rows = session.execute(
            select(ProposalItem.person_id, ProposalItem.collective_id, ProposalItem.award_code)
            .where(ProposalItem.proposal_id == proposal_id)
            .order_by(ProposalItem.position)
        ).all()
        subjects = eligibility._subjects(session, [p or c for p, c, _code in rows])
        lines = [(subjects[p or c], code) for p, c, code in rows]
        return eligibility._cases(session, lines, proposal.year, AS_OF, exclude_proposal=proposal_id)


if __name__ == "__main__":
    raise SystemExit(main())
