"""Importing a 100k-version bundle: against raw sqlite3 inserts of the same rows, and 10k.

    .venv/bin/python bench/bench_import_100k.py [--sizes 10000 100000] [--trace] [--keep DIR]

For each size an HQ publishes that many library resources and exports its central
bundle; a fresh field device imports it in a child process (so its peak RSS is its own).
The baseline (``bench/baselines/raw_sqlite_insert.py``) parses the same version lines and
inserts them with ``executemany`` into one table, WAL and ``synchronous=FULL``, in one
transaction. Verdicts: the largest import ≤ 10× the baseline (the first step) and ≤ 3×
(the goal); memory flat (peak RSS of the largest import ≤ 1.15× the smallest's).
``--trace`` repeats each import under ``tracemalloc`` (slower) for the peak of Python
allocations. Takes about 3 minutes at the default sizes.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from _common import BASELINES, MiB, Verdicts, cpu_seconds, run_json

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.lines import version_line
from icati_desktop.versioning.hlc import Timestamp
from tests.sync.network import enrol
from tests.sync.synthetic import publish_resources


def new_device(path: Path, role: Role, name: str) -> Store:
    store = open_store(path)
    initialise_device(store, role, name)
    return store


def write_lines(db: Path, out: Path) -> int:
    """The store's versions as bundle lines (what the bundle carries), for the baseline."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    count = 0
    try:
        with out.open("w", encoding="utf-8") as handle:
            for row in conn.execute(
                "SELECT version_id, record_type, record_id, parents, hlc_ms, hlc_counter, "
                "origin, deleted, payload FROM versions ORDER BY record_type, record_id"
            ):
                handle.write(
                    version_line(
                        version_id=row[0],
                        record_type=row[1],
                        record_id=row[2],
                        parents_json=row[3],
                        hlc=Timestamp(row[4], row[5]),
                        origin=row[6],
                        deleted=bool(row[7]),
                        payload_json=row[8] or "null",
                    )
                    + "\n"
                )
                count += 1
    finally:
        conn.close()
    return count


def import_child(data_dir: Path, bundle: Path, trace: bool) -> dict[str, float]:
    """Runs in a child process: import ``bundle`` into the store in ``data_dir``."""
    store = open_store(data_dir)
    if trace:
        tracemalloc.start()
    start, cpu_start = time.perf_counter(), cpu_seconds()
    result = import_bundle(store, bundle)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    store.close()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "added": result.versions_added,
        "rss_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced_peak_mib": traced_peak / MiB,
    }


def run_child(data_dir: Path, bundle: Path, trace: bool) -> dict[str, float]:
    args = [__file__, "--child-import", str(data_dir), str(bundle)]
    return run_json([*args, "--trace"] if trace else args)


@dataclass
class Measure:
    size: int
    versions: int
    export_s: float
    import_s: float
    import_cpu: float
    added: int
    rss_peak: float
    traced_peak: float | None
    baseline_s: float
    baseline_cpu: float
    baseline_rss: float


def measure(root: Path, size: int, trace: bool) -> Measure:
    here = root / f"n{size}"
    hq = new_device(here / "hq", Role.HQ, "ICATI HQ")
    targets = [here / "field"] + ([here / "field-traced"] if trace else [])
    for target in targets:
        device = new_device(target, Role.FIELD, "Expert")
        enrol(hq, device)
        device.close()
    start = time.perf_counter()
    publish_resources(hq, 0, size)
    publish_s = time.perf_counter() - start
    bundle = here / "central.icati"
    start = time.perf_counter()
    exported = export_bundle(hq, bundle, central=CentralTarget.content_only())
    export_s = time.perf_counter() - start
    hq.close()
    lines = here / "versions.jsonl"
    write_lines(here / "hq" / "icati.sqlite3", lines)
    print(f"  {size:>7}: published in {publish_s:.1f} s, exported in {export_s:.1f} s", flush=True)
    plain = run_child(here / "field", bundle, trace=False)
    print(f"  {size:>7}: imported in {plain['seconds']:.1f} s", flush=True)
    traced = run_child(here / "field-traced", bundle, trace=True) if trace else None
    baseline = run_json([str(BASELINES / "raw_sqlite_insert.py"), str(lines), str(here / "raw.db")])
    print(f"  {size:>7}: baseline in {baseline['seconds']:.1f} s", flush=True)
    return Measure(
        size=size,
        versions=exported.versions,
        export_s=export_s,
        import_s=plain["seconds"],
        import_cpu=plain["cpu_seconds"],
        added=int(plain["added"]),
        rss_peak=plain["rss_peak_mib"],
        traced_peak=traced["traced_peak_mib"] if traced else None,
        baseline_s=baseline["seconds"],
        baseline_cpu=baseline["cpu_seconds"],
        baseline_rss=baseline["rss_peak_mib"],
    )


def table(results: list[Measure]) -> str:
    head = (
        f"{'versions':>9} {'import s':>9} {'µs/version':>11} {'raw s':>7} {'× raw':>6} "
        f"{'peak RSS MiB':>13} {'raw RSS MiB':>12} {'traced MiB':>11} "
        f"{'CPU s':>6} {'raw CPU s':>9} {'CPU × raw':>9}"
    )
    lines = [head, "-" * len(head)]
    for m in results:
        traced = f"{m.traced_peak:11.1f}" if m.traced_peak is not None else f"{'—':>11}"
        lines.append(
            f"{m.versions:>9} {m.import_s:>9.2f} {m.import_s / m.versions * 1e6:>11.0f} "
            f"{m.baseline_s:>7.2f} {m.import_s / m.baseline_s:>6.1f} {m.rss_peak:>13.1f} "
            f"{m.baseline_rss:>12.1f} {traced} {m.import_cpu:>6.2f} {m.baseline_cpu:>9.2f} "
            f"{m.import_cpu / m.baseline_cpu:>9.1f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--child-import", nargs=2, metavar=("DATA_DIR", "BUNDLE"))
    args = parser.parse_args()
    if args.child_import:
        data_dir, bundle = (Path(p) for p in args.child_import)
        print(json.dumps(import_child(data_dir, bundle, args.trace)))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-import-"))
    root.mkdir(parents=True, exist_ok=True)
    verdicts = Verdicts()
    try:
        print(f"import benchmark in {root}", flush=True)
        results = [measure(root, size, args.trace) for size in args.sizes]
        print()
        print(table(results))
        for m in results:
            if m.added != m.size:  # the field device already holds the default content
                print(f"ERROR: {m.size} resources published but {m.added} versions imported")
                return 1
        big, small = results[-1], results[0]
        name = f"import-{big.size // 1000}k"
        verdicts.ratio(f"{name}-first-step", big.import_s, big.baseline_s, 10)
        verdicts.ratio(name, big.import_s, big.baseline_s, 3)
        if big is not small:
            verdicts.ratio(f"{name}-memory", big.rss_peak, small.rss_peak, 1.15, unit="MiB")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
