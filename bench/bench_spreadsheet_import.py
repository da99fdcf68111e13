"""Benchmark: importing a stakeholder spreadsheet, per row, at two sizes of file and store.

Run with ``.venv/bin/python bench/bench_spreadsheet_import.py [--rows 1000 10000]
[--directory 20000]``. For each size a field store that already holds ``--directory``
people (a third with an email, as in ``bench_people_table``) imports a CSV of that many new
stakeholders; then the people are exported to XLSX and the export is imported again
(every row unchanged: the directory's people and the new ones). It prints the time per
row of the check (``--dry-run``), of the import and of the unchanged re-import (per row of
the export), and the ratio of the per-row times between the two
sizes: the checks read the store in chunks and the writes go in one batch, so the cost per
row stays flat as the file grows (a ratio near 1×).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_people_table import fill  # noqa: E402

from icati_desktop.formats.spreadsheet import read_table  # noqa: E402
from icati_desktop.reports.people_export import export_people  # noqa: E402
from icati_desktop.store.device import Role  # noqa: E402
from icati_desktop.store.imports.kinds import KINDS  # noqa: E402
from icati_desktop.store.imports.model import Context  # noqa: E402
from icati_desktop.store.imports.run import run_import  # noqa: E402
from icati_desktop.store.opening import open_store  # noqa: E402
from icati_desktop.sync.device_setup import initialise_device  # noqa: E402
from tests.imports.stakeholders import stakeholders, write_csv  # noqa: E402


def measure(scratch: Path, rows: int, directory: int) -> dict[str, float]:
    store = open_store(scratch / f"store-{rows}")
    initialise_device(store, Role.FIELD, "bench")
    fill(store, directory)
    sheet = write_csv(scratch / f"list-{rows}.csv", stakeholders(rows, seed=rows))
    context = Context(today=date.today())
    people = KINDS["people"]
    times: dict[str, float] = {}
    start = time.perf_counter()
    checked = run_import(store, people, read_table(sheet), context, dry_run=True)
    times["check (dry run)"] = time.perf_counter() - start
    start = time.perf_counter()
    done = run_import(store, people, read_table(sheet), context)
    times["import"] = time.perf_counter() - start
    assert checked.added == done.added == rows, (checked.problems[:3], done.added)
    export = scratch / f"people-{rows}.xlsx"
    export_people(store, export)
    start = time.perf_counter()
    again = run_import(store, people, read_table(export), context)
    reimport = time.perf_counter() - start
    assert (again.added, again.changed, again.skipped) == (0, 0, rows + directory)
    store.close()
    per_row = {label: seconds * 1000 / rows for label, seconds in times.items()}
    per_row["re-import of the export"] = reimport * 1000 / again.skipped
    return per_row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs=2, default=[1_000, 10_000])
    parser.add_argument("--directory", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        runs = {n: measure(Path(scratch), n, args.directory) for n in args.rows}
    small, large = args.rows
    print(f"\n{'ms per row':<24}{small:>10}{large:>10}   ratio")
    for label in runs[small]:
        ratio = runs[large][label] / runs[small][label]
        print(f"{label:<24}{runs[small][label]:>10.2f}{runs[large][label]:>10.2f}   {ratio:4.1f}×")


if __name__ == "__main__":
    main()
