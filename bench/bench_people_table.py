"""Benchmark: the people list at 100,000 people, against a 10,000 baseline.

Run with ``.venv/bin/python bench/bench_people_table.py [--sizes 10000 100000]``. For each
size, a field store gets that many people (a third with consent and an email) and the
timings are those of the Stakeholders list's store calls: the first page and the count,
sorted by name, by institution and by consent, filtered by country and by text, and the
last page (scrolling to the end). It prints milliseconds per call and the ratio to the
baseline: paging and sorting in SQL keep each call short and the ratio small.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.directory import ConsentRecord, Contact, Person, Sector
from icati_desktop.store.device import Role, observe, require_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.people import PeopleQuery, count_people, people_page
from icati_desktop.store.store import Store
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import make_version

COUNTRIES = ("KEN", "COL", "NGA", "BRA", "IND", "FRA", "GHA", "MEX")
SECTORS = ("justice", "health", "community", "research", "civil_society")
PAGE = 200
SCOPE = "store_only"
"""The consent scope of the people with consent (the network benchmark sets network_mailings)."""


def _payloads(count: int) -> list[tuple[str, RecordPayload]]:
    rng = random.Random(count)
    out: list[tuple[str, RecordPayload]] = []
    for n in range(count):
        pid = str(uuid4())
        person = Person(
            display_name=f"Person {rng.randrange(10**8):08d}",
            role=rng.choice(("Judge", "Prosecutor", "Counsellor", "")),
            organisation_name=f"Institution {rng.randrange(500)}",
            sector=Sector(rng.choice(SECTORS)),
            country=rng.choice(COUNTRIES),
        )
        out.append((pid, person))
        if n % 3 == 0:
            consent = ConsentRecord.model_validate(
                {"person_id": pid, "given": True, "scope": SCOPE, "decided_on": date(2026, 1, 5),
                 "method": "verbal", "notice_version": "1", "recorded_by": "bench"}
            )  # fmt: skip
            out.append((str(uuid4()), consent))
            out.append((str(uuid4()), Contact(person_id=UUID(pid), emails=[f"p{n}@example.org"])))
    return out


def fill(store: Store, count: int) -> None:
    """Write the records straight into the version log, 1,000 per call, as the importer does."""
    payloads = _payloads(count)
    with store.write() as tx:
        device = require_device(tx.session)
        clock = HybridLogicalClock(device.clock, store.now_ms)
        for first in range(0, len(payloads), 1_000):
            batch = [
                make_version(
                    record_type=payload.record_type, record_id=rid, parents=(),
                    hlc=clock.tick(), origin=device.device_id, deleted=False,
                    payload=payload.model_dump(mode="python"),
                )
                for rid, payload in payloads[first : first + 1_000]
            ]  # fmt: skip
            add_versions(tx.session, batch)
        observe(tx.session, clock.last, store.now_ms)


def timed(label: str, call: object, results: dict[str, float]) -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    results[label] = best * 1000


def measure(store: Store, count: int) -> dict[str, float]:
    results: dict[str, float] = {}
    queries = {
        "first page, by name": PeopleQuery(),
        "by institution": PeopleQuery(sort="organisation"),
        "by consent": PeopleQuery(sort="consent", descending=True),
        "country KEN": PeopleQuery(country="KEN"),
        "text 'Institution 42'": PeopleQuery(text="Institution 42"),
    }
    for label, query in queries.items():

        def call(q: PeopleQuery = query) -> None:
            with store.read() as session:
                count_people(session, q)
            people_page(store, q, 0, PAGE)

        timed(label, call, results)
    timed("last page", lambda: people_page(store, PeopleQuery(), count - PAGE, PAGE), results)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    runs: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            store = open_store(Path(scratch) / f"people-{size}")
            initialise_device(store, Role.FIELD, "bench")
            start = time.perf_counter()
            fill(store, size)
            print(f"{size:>7} people stored in {time.perf_counter() - start:.0f} s")
            runs[size] = measure(store, size)
            store.close()
    base, *others = args.sizes
    print(f"\n{'call':<24}" + "".join(f"{s:>12}" for s in args.sizes) + "   ratio")
    for label in runs[base]:
        row = "".join(f"{runs[s][label]:>10.1f}ms" for s in args.sizes)
        ratio = runs[others[-1]][label] / runs[base][label] if others else 1.0
        print(f"{label:<24}{row}   {ratio:5.1f}×")


if __name__ == "__main__":
    main()
