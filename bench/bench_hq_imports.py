"""HQ importing many field bundles: total time, and whether each bundle gets slower.

    .venv/bin/python bench/bench_hq_imports.py [--bundles 500] [--changes 200] [--devices 10]
        [--db-url postgresql+psycopg://…] [--keep DIR]

``--devices`` field laptops each write their share of ``--bundles`` bundles of
``--changes`` changes (three new action items for every edit of an earlier one), each
bundle exported, signed and encrypted to HQ as the app does; after each export the laptop
takes HQ's acknowledgement, so every bundle carries only its own changes. HQ then imports
them one by one, in a child process, first into a SQLite store, then (with ``--db-url`` or
``$ICATI_TEST_PG_URL``) into a PostgreSQL one. Verdicts: all bundles in < 60 s on each
engine, and the last tenth of the bundles no slower than 1.25× the first tenth (the time
per bundle does not grow with the store). The baseline inserts the same version lines with
raw sqlite3, one transaction per bundle. Takes about 4 minutes at the default sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import BASELINES, Verdicts, cpu_seconds, run_json

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.lines import version_line
from tests.faults.field_work import FieldWork
from tests.sync.network import card_of, enrol

GOAL_SECONDS = 60.0
GROWTH = 1.25


def make_bundles(root: Path, bundles: int, changes: int, devices: int) -> Path:
    """Field bundles in ``root/bundles`` (in import order) and HQ's data dir in ``root/hq``."""
    out = root / "bundles"
    if out.is_dir() and len(list(out.glob("*.icati"))) == bundles:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    hq = open_store(root / "hq-template")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    laptops = []
    for d in range(devices):
        laptop = open_store(root / f"field-{d}")
        initialise_device(laptop, Role.FIELD, f"Expert {d}")
        enrol(hq, laptop)
        laptops.append(FieldWork(laptop))
    hq.close()
    lines = (root / "versions.jsonl").open("w", encoding="utf-8")
    start = time.perf_counter()
    for n in range(bundles):
        batch = laptops[n % devices].bundle(changes, out / f"{n:04d}.icati")
        for v in batch:
            lines.write(
                version_line(
                    version_id=v.version_id,
                    record_type=v.record_type,
                    record_id=v.record_id,
                    parents_json=json.dumps(list(v.parents)),
                    hlc=v.hlc,
                    origin=v.origin,
                    deleted=v.deleted,
                    payload_json=v.payload_json,
                )
                + "\n"
            )
        if (n + 1) % 100 == 0:
            print(f"  {n + 1} bundles written ({time.perf_counter() - start:.0f} s)", flush=True)
    lines.close()
    cards = [card_of(work.store).to_dict() for work in laptops]
    (root / "cards.json").write_text(json.dumps(cards))
    for work in laptops:
        work.store.close()
    return out


def fresh_hq(root: Path, name: str, db_url: str | None) -> Path:
    """A copy of the template HQ (same keys, same enrolments) to import into."""
    target = root / name
    shutil.rmtree(target, ignore_errors=True)
    if db_url is None:
        shutil.copytree(root / "hq-template", target, ignore=shutil.ignore_patterns("logs"))
        return target
    from icati_desktop.sync.cards import parse_card
    from icati_desktop.sync.trust import trust_card

    shutil.copytree(root / "hq-template" / "keys", target / "keys")
    store = open_store(target, db_url)
    try:
        initialise_device(store, Role.HQ, "ICATI HQ")  # the copied keys: the same device
        for card in json.loads((root / "cards.json").read_text()):
            trust_card(store, parse_card(card))
    finally:
        store.close()
    return target


def import_child(data_dir: Path, db_url: str | None, bundles: Path) -> dict[str, object]:
    store = open_store(data_dir, db_url)
    times, cpu_times = [], []
    cpu_start = cpu_seconds()
    try:
        for path in sorted(bundles.glob("*.icati")):
            start, cpu = time.perf_counter(), cpu_seconds()
            result = import_bundle(store, path)
            times.append(time.perf_counter() - start)
            cpu_times.append(cpu_seconds() - cpu)
            assert result.versions_added > 0, path
    finally:
        store.close()
    return {"times": times, "cpu_times": cpu_times, "cpu_seconds": cpu_seconds() - cpu_start}


def report(
    verdicts: Verdicts,
    engine: str,
    times: list[float],
    baseline: float,
    cpu: tuple[float, float],
    cpu_times: list[float],
) -> None:
    tenth = max(1, len(times) // 10)
    cpu_first, cpu_last = cpu_times[:tenth], cpu_times[-tenth:]
    first, last = times[:tenth], times[-tenth:]
    total = sum(times)
    print(
        f"{engine}: {len(times)} bundles in {total:.1f} s; per bundle: first tenth "
        f"{sum(first) / len(first) * 1000:.0f} ms, last tenth {sum(last) / len(last) * 1000:.0f}"
        f" ms, slowest {max(times) * 1000:.0f} ms; {total / baseline:.1f}× raw sqlite3 "
        f"({baseline:.1f} s); CPU {cpu[0]:.1f} s, raw sqlite3 {cpu[1]:.1f} s (this process "
        "only: on a PostgreSQL store the server's own work is not in it)",
        flush=True,
    )
    print(
        f"{engine}: CPU per bundle: first tenth {sum(cpu_first) / len(cpu_first) * 1000:.0f} ms, "
        f"last tenth {sum(cpu_last) / len(cpu_last) * 1000:.0f} ms",
        flush=True,
    )
    verdicts.limit(f"hq-{len(times)}-bundles-{engine}", total, GOAL_SECONDS)
    verdicts.ratio(f"hq-per-bundle-growth-{engine}", sum(last), sum(first), GROWTH)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=500)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--db-url", default=os.environ.get("ICATI_TEST_PG_URL"))
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--child", nargs=3, metavar=("DATA_DIR", "DB_URL", "BUNDLES"))
    args = parser.parse_args()
    if args.child:
        data_dir, db_url, bundles = args.child
        print(json.dumps(import_child(Path(data_dir), db_url or None, Path(bundles))))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-hq-"))
    root.mkdir(parents=True, exist_ok=True)
    verdicts = Verdicts()
    pg_db: str | None = None
    try:
        start = time.perf_counter()
        bundles = make_bundles(root, args.bundles, args.changes, args.devices)
        print(f"{args.bundles} field bundles ready in {time.perf_counter() - start:.0f} s")
        lines, raw_db = root / "versions.jsonl", root / "raw.db"
        baseline = [str(BASELINES / "raw_sqlite_insert.py"), str(lines), str(raw_db)]
        raw = run_json([*baseline, "--transactions", str(args.bundles)])
        raw_db.unlink()
        engines: list[tuple[str, str | None]] = [("sqlite", None)]
        if args.db_url:
            pg_db = _new_pg_database(args.db_url)
            engines.append(("postgresql", pg_db))
        else:
            print("postgresql: skipped (no --db-url and no $ICATI_TEST_PG_URL)")
        for engine, url in engines:
            hq = fresh_hq(root, f"hq-{engine}", url)
            child = run_json([__file__, "--child", str(hq), url or "", str(bundles)])
            cpu = (float(child["cpu_seconds"]), float(raw["cpu_seconds"]))
            report(verdicts, engine, list(child["times"]), raw["seconds"], cpu, child["cpu_times"])
    finally:
        if pg_db is not None:
            _drop_pg_database(args.db_url, pg_db)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return verdicts.exit_code()


def _new_pg_database(base: str) -> str:
    from tests.pg import PgDatabases

    return PgDatabases(base).new()


def _drop_pg_database(base: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
