"""Benchmark: the Network section's store calls at 100,000 people, against 10,000.

Run with ``.venv/bin/python bench/bench_network.py [--sizes 10000 100000]``. Each size gets
that many people (a third with consent to network mailings and an email), written as
the people benchmark writes them. Timed: the network's size (the Participants tab's
figure), the first and the last page of participants, the participants of one country,
and a country's mailing audience (one eighth of the people: its cost grows with the
list, not with the store). It prints milliseconds per call and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_people_table as people

from icati_desktop.store.device import Role
from icati_desktop.store.mailing_lists import ListSelector, mailing_audience
from icati_desktop.store.network_members import (
    ParticipantFilter,
    network_size,
    participants_page,
)
from icati_desktop.store.opening import open_store
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device

PAGE = 200


def measure(store: Store) -> dict[str, float]:
    results: dict[str, float] = {}
    with store.read() as session:
        size = network_size(session)
        everyone = ParticipantFilter()

        def run(label: str, call: object) -> None:
            people.timed(label, call, results)

        run("network size", lambda: network_size(session))
        run("first page", lambda: participants_page(session, everyone, PageRequest("display_name")))
        last = PageRequest("display_name", offset=max(0, size - PAGE))
        run("last page", lambda: participants_page(session, everyone, last, size))
        kenya = ParticipantFilter(country="KEN")
        run("country KEN", lambda: participants_page(session, kenya, PageRequest("display_name")))
        run("KEN audience", lambda: mailing_audience(session, ListSelector("country", "KEN")))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    people.SCOPE = "network_mailings"
    runs: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            store = open_store(Path(scratch) / f"network-{size}")
            initialise_device(store, Role.HQ, "bench")
            start = time.perf_counter()
            people.fill(store, size)
            print(f"{size:>7} people stored in {time.perf_counter() - start:.0f} s")
            runs[size] = measure(store)
            store.close()
    base, *others = args.sizes
    print(f"\n{'call':<16}" + "".join(f"{s:>12}" for s in args.sizes) + "   ratio")
    for label in runs[base]:
        row = "".join(f"{runs[s][label]:>10.1f}ms" for s in args.sizes)
        ratio = runs[others[-1]][label] / runs[base][label] if others else 1.0
        print(f"{label:<16}{row}   {ratio:5.1f}×")


if __name__ == "__main__":
    main()
