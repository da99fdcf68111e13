"""Benchmark: the HQ audit export over 100k versions, against a 10k baseline.

Run with ``make bench`` (or ``.venv/bin/python bench/bench_audit_export.py``). For each size,
an HQ store holds that many resources (one version each, every field a changed field), and a
child process exports the whole period to XLSX (then CSV), so its peak RSS is its own. A
streamed export keeps memory flat and the time per version roughly constant: the summary
prints the ratios of 100k to the 10k baseline of the same run.

Options: ``--sizes 10000 100000`` (the first is the baseline), ``--keep DIR``.
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
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.sync.device_setup import initialise_device
from tests.sync.synthetic import publish_resources

MiB = 1024 * 1024


def child(data_dir: str, out: str) -> None:
    """Runs in its own process: export everything, print time and peak RSS as JSON."""
    from icati_desktop.reports.audit_export import export_audit

    store = open_store(Path(data_dir))
    start = time.perf_counter()
    summary = export_audit(store, date(2000, 1, 1), datetime.now(UTC).date(), Path(out))
    seconds = time.perf_counter() - start
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "rows": summary.rows, "peak": peak}))


def measure(data_dir: Path, out: Path) -> dict[str, float]:
    code = (
        "import sys; sys.path.insert(0, sys.argv[3]);"
        "from bench.bench_audit_export import child; child(sys.argv[1], sys.argv[2])"
    )
    root = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), str(out), root],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-audit-"))
    results: dict[int, dict[str, dict[str, float]]] = {}
    try:
        for size in args.sizes:
            data = root / f"hq-{size}"
            store = open_store(data)
            initialise_device(store, Role.HQ, "HQ")
            start = time.perf_counter()
            publish_resources(store, 0, size)
            store.close()
            print(f"{size} versions written in {time.perf_counter() - start:.1f} s")
            results[size] = {}
            for suffix in ("xlsx", "csv"):
                measured = measure(data, root / f"audit-{size}.{suffix}")
                results[size][suffix] = measured
                print(
                    f"  {suffix}: {measured['rows']:.0f} rows in {measured['seconds']:.1f} s, "
                    f"peak RSS {measured['peak'] / MiB:.0f} MiB"
                )
        base = args.sizes[0]
        for size in args.sizes[1:]:
            for suffix in ("xlsx", "csv"):
                b, m = results[base][suffix], results[size][suffix]
                per_version = (m["seconds"] / size) / (b["seconds"] / base)
                print(
                    f"{suffix} {size} vs {base}: time per version ×{per_version:.2f}, "
                    f"peak RSS ×{m['peak'] / b['peak']:.2f}"
                )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
