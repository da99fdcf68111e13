"""Bundle export: ``export_bundle`` against raw sqlite3 + json + zip of the same versions.

    .venv/bin/python bench/bench_bundle_export.py [--versions 50000] [--runs 3] [--keep DIR]

An HQ publishes ``--versions`` library resources, then exports its central bundle; the
baseline (``bench/baselines/json_zip.py``) reads the same version rows from the same
store file with sqlite3 and writes them as JSON lines into a zip with the same
compression, hashing each member. Medians of ``--runs``, each in its own process.
Verdict: ≤ 2×. Takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import BASELINES, Verdicts, median, run_json


def build(path: Path, versions: int) -> None:
    from icati_desktop.store.device import Role
    from icati_desktop.store.opening import open_store
    from icati_desktop.sync.device_setup import initialise_device
    from tests.sync.synthetic import publish_resources

    store = open_store(path)
    try:
        initialise_device(store, Role.HQ, "ICATI HQ")
        publish_resources(store, 0, versions)
    finally:
        store.close()


def child(data_dir: Path, out: Path) -> dict[str, float]:
    from icati_desktop.store.opening import open_store
    from icati_desktop.sync.central_scope import CentralTarget
    from icati_desktop.sync.exporter import export_bundle

    store = open_store(data_dir)
    try:
        start = time.perf_counter()
        # HQ's bundle of the library for any device (the content everybody receives)
        result = export_bundle(store, out, central=CentralTarget.content_only())
        return {"seconds": time.perf_counter() - start, "versions": result.versions}
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--child", nargs=2, metavar=("DATA_DIR", "OUT"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]))))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-export-"))
    root.mkdir(parents=True, exist_ok=True)
    verdicts = Verdicts()
    try:
        hq = root / f"hq-{args.versions}"
        if not (hq / "icati.sqlite3").exists():
            build(hq, args.versions)
        app, raw = [], []
        for n in range(args.runs):
            app.append(run_json([__file__, "--child", str(hq), str(root / f"out-{n}.icati")]))
            raw.append(
                run_json(
                    [
                        str(BASELINES / "json_zip.py"),
                        str(hq / "icati.sqlite3"),
                        str(root / f"raw-{n}.zip"),
                    ]
                )
            )
        print(
            f"{int(app[0]['versions'])} versions; bundle "
            f"{(root / 'out-0.icati').stat().st_size / 1024 / 1024:.1f} MiB"
        )
        verdicts.ratio(
            "bundle-export",
            median([r["seconds"] for r in app]),
            median([r["seconds"] for r in raw]),
            2.0,
        )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
