"""Benchmark: export and import of a 100k-version central bundle, against a 10k baseline.

Run with ``make bench`` (or ``.venv/bin/python bench/bench_import_100k.py``). For each size,
an HQ publishes that many library resources, exports its central bundle, and a fresh field
device imports it. Each import runs in a child process, so its peak RSS is its own (and not
the bundle generation's); a second child repeats the import under ``tracemalloc`` for the
peak of Python allocations. The summary compares 100k with the 10k baseline of the same run:
a streamed import keeps the time per version and the memory roughly flat.

Options: ``--sizes 10000 100000`` (the first is the baseline), ``--no-tracemalloc`` (skips
the slower traced imports), ``--keep DIR`` (keep the stores and bundles in DIR).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.store.device import Role, observe, require_device
from icati_desktop.store.opening import initialise_device, open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.trust import own_card, trust_card
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.hlc import HybridLogicalClock
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.manifest import VERSIONS_DIR
from icati_desktop.sync.version import Version, make_version

CHUNK = 1_000
TRANSACTION = 20_000
MiB = 1024 * 1024


def resource_payload(n: int) -> Resource:
    return Resource(
        title={"en": f"Field note {n}: referral pathways between courts and clinics"},
        summary={"en": f"Summary {n}: " + "how the pilot court refers people. " * 4},
        resource_type=ResourceType.GUIDE,
        topics=["legal", "treatment"],
        year=2020 + n % 6,
        languages=["en"],
    )


def publish(hq: Store, count: int) -> None:
    """HQ publishes ``count`` resources, stamped by its clock, in transactions of 20k.

    Same versions as ``RecordService.create_many`` would write, added through the same
    ``add_versions`` — but in chunks of 1000: ``create_many`` adds each version on its
    own (its rate is measured separately, see ``create_many_rate``).
    """
    for start in range(0, count, TRANSACTION):
        with hq.write() as tx:
            device = require_device(tx.session)
            clock = HybridLogicalClock(device.clock, hq.now_ms)
            batch: list[Version] = []
            for n in range(start, min(count, start + TRANSACTION)):
                payload = resource_payload(n)
                batch.append(
                    make_version(
                        record_type=payload.record_type,
                        record_id=str(UUID(int=n + 1, version=4)),
                        parents=(),
                        hlc=clock.tick(),
                        origin=device.device_id,
                        deleted=False,
                        payload=payload.model_dump(mode="python"),
                    )
                )
                if len(batch) == CHUNK:
                    add_versions(tx.session, batch)
                    batch = []
            if batch:
                add_versions(tx.session, batch)
            observe(tx.session, clock.last, hq.now_ms)  # persist the clock, as tick() does


def create_many_rate(root: Path, count: int = 500) -> float:
    """Records per second written by ``RecordService.create_many`` (for the record)."""
    hq = open_store(root / "create-many")
    try:
        initialise_device(hq, Role.HQ, "HQ")
        payloads = [(uuid4(), resource_payload(n)) for n in range(count)]
        start = time.perf_counter()
        RecordService(hq).create_many(payloads)
        return count / (time.perf_counter() - start)
    finally:
        hq.close()


def new_device(path: Path, role: Role, name: str) -> Store:
    store = open_store(path)
    initialise_device(store, role, name)
    return store


def enrol(hq: Store, device: Store) -> None:
    trust_card(hq, own_card(device, load_device_keys(device.data_dir / "keys")))
    trust_card(device, own_card(hq, load_device_keys(hq.data_dir / "keys")))


def versions_bytes(bundle: Path) -> int:
    with zipfile.ZipFile(bundle) as zf:
        return sum(i.file_size for i in zf.infolist() if i.filename.startswith(VERSIONS_DIR))


def current_rss_kib() -> int:
    """Resident set size now (Linux); the peak so far elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def import_child(data_dir: Path, bundle: Path, trace: bool) -> dict[str, float]:
    """Runs in a child process: import ``bundle`` into the store in ``data_dir``."""
    store = open_store(data_dir)
    rss_before = current_rss_kib()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = import_bundle(store, bundle)
    seconds = time.perf_counter() - start
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    store.close()
    return {
        "seconds": seconds,
        "added": result.versions_added,
        "rss_before_kib": rss_before,
        "rss_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "traced_peak": traced_peak,
    }


def run_child(data_dir: Path, bundle: Path, trace: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--child-import", str(data_dir), str(bundle)]
    if trace:
        args.append("--trace")
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@dataclass
class Measure:
    size: int
    versions: int
    publish_s: float
    export_s: float
    bundle_bytes: int
    raw_bytes: int
    import_s: float
    added: int
    rss_peak: float
    rss_growth: float
    traced_peak: float | None

    @property
    def us_per_version(self) -> float:
        return self.import_s / self.versions * 1e6


def measure(root: Path, size: int, trace: bool) -> Measure:
    here = root / f"n{size}"
    hq = new_device(here / "hq", Role.HQ, "ICATI HQ")
    plain = new_device(here / "field", Role.FIELD, "Expert")
    traced = new_device(here / "field-traced", Role.FIELD, "Expert (traced)") if trace else None
    for device in (plain, traced):
        if device is not None:
            enrol(hq, device)
            device.close()
    start = time.perf_counter()
    publish(hq, size)
    publish_s = time.perf_counter() - start
    bundle = here / "central.icati"
    start = time.perf_counter()
    exported = export_bundle(hq, bundle)
    export_s = time.perf_counter() - start
    hq.close()
    print(f"  {size:>7}: published in {publish_s:.1f} s, exported in {export_s:.1f} s", flush=True)
    plain_run = run_child(here / "field", bundle, trace=False)
    print(f"  {size:>7}: imported in {plain_run['seconds']:.1f} s", flush=True)
    traced_run = run_child(here / "field-traced", bundle, trace=True) if trace else None
    return Measure(
        size=size,
        versions=exported.versions,
        publish_s=publish_s,
        export_s=export_s,
        bundle_bytes=exported.size,
        raw_bytes=versions_bytes(bundle),
        import_s=plain_run["seconds"],
        added=int(plain_run["added"]),
        rss_peak=plain_run["rss_peak_kib"] * 1024,
        rss_growth=(plain_run["rss_peak_kib"] - plain_run["rss_before_kib"]) * 1024,
        traced_peak=traced_run["traced_peak"] if traced_run else None,
    )


def table(results: list[Measure], create_many: float) -> str:
    head = (
        f"{'versions':>9} {'export s':>9} {'bundle MiB':>11} {'raw MiB':>8} {'import s':>9} "
        f"{'µs/version':>11} {'peak RSS MiB':>13} {'RSS growth MiB':>15} {'traced MiB':>11}"
    )
    lines = [head, "-" * len(head)]
    for m in results:
        traced = f"{m.traced_peak / MiB:11.1f}" if m.traced_peak is not None else f"{'—':>11}"
        lines.append(
            f"{m.versions:>9} {m.export_s:>9.2f} {m.bundle_bytes / MiB:>11.1f} "
            f"{m.raw_bytes / MiB:>8.1f} {m.import_s:>9.2f} {m.us_per_version:>11.0f} "
            f"{m.rss_peak / MiB:>13.1f} {m.rss_growth / MiB:>15.1f} {traced}"
        )
    base, big = results[0], results[-1]
    lines.append("")
    lines.append(
        f"ratios {big.versions} / {base.versions} versions (×{big.versions / base.versions:.1f}):"
    )
    lines.append(f"  import time per version  ×{big.us_per_version / base.us_per_version:.2f}")
    export_ratio = (big.export_s / big.versions) / (base.export_s / base.versions)
    lines.append(f"  export time per version  ×{export_ratio:.2f}")
    lines.append(f"  peak RSS                 ×{big.rss_peak / base.rss_peak:.2f}")
    if base.rss_growth > 0:
        lines.append(f"  RSS growth during import ×{big.rss_growth / base.rss_growth:.2f}")
    if big.traced_peak and base.traced_peak:
        lines.append(f"  tracemalloc peak         ×{big.traced_peak / base.traced_peak:.2f}")
        lines.append(
            f"  tracemalloc peak / uncompressed versions of the larger bundle: "
            f"{big.traced_peak / big.raw_bytes:.3f}"
        )
    lines.append(f"create_many (one version at a time): {create_many:.0f} records/s")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--child-import", nargs=2, metavar=("DATA_DIR", "BUNDLE"))
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.child_import:
        data_dir, bundle = (Path(p) for p in args.child_import)
        print(json.dumps(import_child(data_dir, bundle, args.trace)))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        print(f"import benchmark in {root}", flush=True)
        results = [measure(root, size, not args.no_tracemalloc) for size in args.sizes]
        rate = create_many_rate(root)
        print()
        print(table(results, rate))
        for m in results:
            if m.added != m.size:  # the field device already holds the default content
                print(f"ERROR: {m.size} resources published but {m.added} versions imported")
                return 1
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
