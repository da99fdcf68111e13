"""A country's overview at 10k and 100k action items: cost bounded by the country, not the store.

    .venv/bin/python bench/bench_country_overview.py [--items 100000] [--runs 5]

Builds two field stores (``--items``/10 and ``--items`` action items spread over twelve
countries, with one meeting per ten items) and times
:func:`icati_desktop.store.country_overview.country_overview` for one country — what the
Country workspace reads on each refresh — median of ``--runs``. Verdicts: the overview at
the large size < 150 ms, and its ratio to the small size ≤ 3× (the store grew 10×).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from uuid import UUID

from _common import Verdicts, median, timed

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, ActionPlan
from icati_desktop.domain.meetings import Meeting
from icati_desktop.store.country_overview import country_overview
from icati_desktop.store.device import Role, observe, require_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import make_version
from tests.store.synthetic_atlas import COUNTRIES

GOAL, RATIO_GOAL = 0.150, 3.0
TODAY = date(2026, 6, 1)


def payloads(count: int, rng: random.Random) -> list[tuple[str, ActionPlan | ActionItem | Meeting]]:
    plans = {c: UUID(int=10**9 + i, version=4) for i, c in enumerate(COUNTRIES)}
    out: list[tuple[str, ActionPlan | ActionItem | Meeting]] = [
        (str(pid), ActionPlan(country=c, title=f"Plan {c}", period_start=TODAY,
                              period_end=TODAY + timedelta(days=365)))
        for c, pid in plans.items()
    ]  # fmt: skip
    for n in range(count):
        country = rng.choice(COUNTRIES)
        status = rng.choice(list(ActionItemStatus))
        due = TODAY + timedelta(days=rng.randint(-200, 200))
        item = ActionItem(
            action_plan_id=plans[country], country=country, title=f"Action {n}",
            owner_name=f"Owner {n % 97}", due_on=due, status=status,
            closed_on=due if status.is_closed else None,
        )  # fmt: skip
        out.append((str(UUID(int=n + 1, version=4)), item))
        if n % 10 == 0:
            meeting = Meeting.model_validate(
                {"country": country, "held_on": due, "title": f"Meeting {n}",
                 "format": "in_person", "meeting_type": "ta_session"}
            )  # fmt: skip
            out.append((str(UUID(int=2 * 10**9 + n, version=4)), meeting))
    return out


def build(path: Path, count: int) -> Store:
    store = open_store(path)
    initialise_device(store, Role.FIELD, "Bench")
    records = payloads(count, random.Random(11))
    for first in range(0, len(records), 10_000):
        with store.write() as tx:
            device = require_device(tx.session)
            clock = HybridLogicalClock(device.clock, store.now_ms)
            batch = [
                make_version(
                    record_type=payload.record_type,
                    record_id=rid,
                    parents=(),
                    hlc=clock.tick(),
                    origin=device.device_id,
                    deleted=False,
                    payload=payload.model_dump(mode="python"),
                )
                for rid, payload in records[first : first + 10_000]
            ]
            for start in range(0, len(batch), 1000):
                add_versions(tx.session, batch[start : start + 1000])
            observe(tx.session, clock.last, store.now_ms)
    return store


def overview_time(store: Store, runs: int) -> float:
    def read() -> None:
        with store.read() as session:
            country_overview(session, "KEN", TODAY)

    read()  # warm the caches, as a workspace already open is
    return median([timed(read)[0] for _ in range(runs)])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    verdicts = Verdicts()
    with tempfile.TemporaryDirectory() as tmp:
        figures = {}
        for size in (args.items // 10, args.items):
            built, store = timed(partial(build, Path(tmp) / f"s{size}", size))
            print(f"built {size} items in {built:.1f} s", flush=True)
            figures[size] = overview_time(store, args.runs)
            store.close()
            print(f"overview at {size} items: {figures[size] * 1000:.1f} ms", flush=True)
        small, large = figures[args.items // 10], figures[args.items]
        verdicts.limit(f"country-overview-{args.items}", large, GOAL)
        verdicts.ratio("country-overview-growth", large, small, RATIO_GOAL)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
