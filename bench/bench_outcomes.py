"""Outcomes dashboard benchmark: every indicator of one year at 2,000 then 20,000 meetings.

    .venv/bin/python bench/bench_outcomes.py [--meetings 20000] [--baseline 2000]
        [--runs 5] [--db-url postgresql+psycopg://…]

Builds a central store (SQLite in a temporary directory unless --db-url is given) with
the meetings of ``bench_meetings_list`` (20 countries over five and a half years), 50 network
events a year with 40 named participants each, and times what the Outcomes page asks for
(``store.outcome_facts.outcome_indicators`` for 2023, one read transaction). Then it grows
the store to ``--meetings`` and times the same again. The dated history before the period
is aggregated in SQL; the year itself holds ten times the meetings too, so a linear cost
would be 10×: the verdict asks for at most half of that (5×).

Measured here (SQLite, 2 shared cores): 324 ms at 2,000 meetings, 999 ms at 20,000 (3.1×).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_meetings_list import grow

from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.indicators import Period
from icati_desktop.domain.meetings import MeetingFormat
from icati_desktop.domain.network import EventKind, EventParticipant, NetworkEvent
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.outcome_facts import outcome_indicators
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device

YEAR = Period(date(2023, 1, 1), date(2023, 12, 31))
GOAL = 5.0


def events(store: Store, rng: random.Random) -> None:
    people = [uuid4() for _ in range(400)]
    countries = ["KEN", "COL", "BRA", "GHA", "PER", "MEX", "ZAF", "IND"]
    payloads: list[tuple[UUID, RecordPayload]] = []
    for n in range(275):  # 50 a year from 2020 to mid-2025
        starts = datetime(2020, 1, 6, 14, tzinfo=UTC) + timedelta(days=7 * n)
        payloads.append(
            (
                uuid4(),
                NetworkEvent(
                    title=f"Network meeting {n}",
                    kind=EventKind(rng.choice(["network_meeting", "webinar", "training"])),
                    starts_at=starts,
                    time_zone="UTC",
                    format=MeetingFormat.REMOTE,
                    participants=[
                        EventParticipant(person_id=p, country=rng.choice(countries))
                        for p in rng.sample(people, 40)
                    ],
                ),
            )
        )
    RecordService(store).create_many(payloads)


def timed(store: Store, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        outcome_indicators(store, YEAR)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db-url")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder), args.db_url)
        initialise_device(store, Role.HQ, "Bench HQ")
        events(store, rng)
        grow(store, args.baseline, rng)
        small = timed(store, args.runs)
        grow(store, args.meetings - args.baseline, rng)
        large = timed(store, args.runs)
        store.close()
    ratio = large / small
    verdict = "OK" if ratio <= GOAL else "MISS"
    print(f"every indicator of 2023 at {args.baseline:,} meetings: {small * 1000:.0f} ms")
    print(f"every indicator of 2023 at {args.meetings:,} meetings: {large * 1000:.0f} ms")
    print(
        f"VERDICT outcomes: {large * 1000:.0f} ms vs baseline {small * 1000:.0f} ms = "
        f"{ratio:.1f}× (goal ≤ {GOAL:.0f}× for 10× the meetings) {verdict}"
    )
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
