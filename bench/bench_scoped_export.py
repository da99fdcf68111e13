"""Benchmark: HQ's central bundle for a device that works on one country, against one for a
device with every country, on stores of two sizes.

Run with ``make bench`` (or ``.venv/bin/python bench/bench_scoped_export.py``). An HQ holds
field records of 40 countries (a person, a meeting naming them, a plan and two items per
unit of work). For each size it times the first scope-index refresh (every version read once;
later exports read only what arrived since), a bundle for a one-country device, one for a
device with every country, and a content-only bundle. A scoped export should cost about its
share of the store — the time follows what the bundle carries, not what HQ holds — and the
index should cost about the same per version at both sizes.

Options: ``--sizes 2000 10000`` (units of work; the first is the baseline), ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

from icati_desktop.domain.action_plans import ActionItem, ActionPlan
from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.directory import Person
from icati_desktop.domain.meetings import Attendee, Meeting, MeetingFormat, MeetingType
from icati_desktop.store.country_choices import country_choices
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.scope_index import refresh_scope_index
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.scopes import ScopeChoice, enrol
from icati_desktop.sync.trust import own_card

COUNTRIES = 40
DAY = date(2026, 3, 2)


def work_unit(country: str, n: int) -> list[tuple[UUID, RecordPayload]]:
    person, plan = uuid4(), uuid4()
    return [
        (person, Person(display_name=f"Participant {n}", country=country)),
        (
            uuid4(),
            Meeting(
                title=f"Meeting {n}",
                country=country,
                held_on=DAY,
                format=MeetingFormat.IN_PERSON,
                meeting_type=MeetingType.TA_SESSION,
                attendees=[Attendee(person_id=person)],
            ),
        ),
        (
            plan,
            ActionPlan(
                country=country, title=f"Plan {n}", period_start=DAY, period_end=date(2027, 1, 1)
            ),
        ),
        *(
            (uuid4(), ActionItem(action_plan_id=plan, country=country, title=f"Item {n}.{i}"))
            for i in range(2)
        ),
    ]


def device(path: Path, name: str) -> Store:
    store = open_store(path)
    initialise_device(store, Role.FIELD, name)
    return store


def measure(root: Path, units: int) -> dict[str, float]:
    here = root / f"n{units}"
    hq = open_store(here / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    codes = [c.alpha3 for c in country_choices(hq)][:COUNTRIES]
    for name, choice in (("One", ScopeChoice.of(codes[:1])), ("All", ScopeChoice.everything())):
        field = device(here / name, name)
        enrol(hq, own_card(field, load_device_keys(field.data_dir / "keys")), choice)
        field.close()
    service = RecordService(hq)
    batch: list[tuple[UUID, RecordPayload]] = []
    for n in range(units):
        batch += work_unit(codes[n % COUNTRIES], n)
        if len(batch) >= 2000:
            service.create_many(batch)
            batch = []
    if batch:
        service.create_many(batch)
    start = time.perf_counter()
    with hq.write() as tx:
        indexed = refresh_scope_index(tx.session)
    index_s = time.perf_counter() - start
    out: dict[str, float] = {"units": units, "indexed": indexed, "index_s": index_s}
    for label, target in (
        ("one", CentralTarget.for_device("One")),
        ("all", CentralTarget.for_device("All")),
        ("content", CentralTarget.content_only()),
    ):
        start = time.perf_counter()
        result = export_bundle(hq, here / f"{label}.icati", central=target)
        out[f"{label}_s"] = time.perf_counter() - start
        out[f"{label}_versions"] = result.versions
    hq.close()
    print(
        f"  {units:>6} units: index {index_s:.2f} s for {indexed} versions; "
        f"one country {out['one_s']:.2f} s ({out['one_versions']:.0f} versions), "
        f"every country {out['all_s']:.2f} s ({out['all_versions']:.0f}), "
        f"content only {out['content_s']:.2f} s ({out['content_versions']:.0f})",
        flush=True,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-scope-"))
    try:
        results = [measure(root, n) for n in args.sizes]
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    base, big = results[0], results[-1]
    growth = big["units"] / base["units"]
    print(f"ratios {big['units']:.0f} / {base['units']:.0f} units (×{growth:.1f}):")
    per = (big["index_s"] / big["indexed"]) / (base["index_s"] / base["indexed"])
    print(f"  scope index time per version               ×{per:.2f}")
    for label in ("one", "all", "content"):
        ratio = big[f"{label}_s"] / base[f"{label}_s"]
        print(f"  export '{label}' time{' ' * (22 - len(label))}×{ratio:.2f}")
    for result in results:
        share = result["one_s"] / result["all_s"]
        versions = result["one_versions"] / result["all_versions"]
        print(
            f"  {result['units']:.0f} units: one-country export takes {share:.2f} of the "
            f"every-country export's time and carries {versions:.2f} of its versions"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
