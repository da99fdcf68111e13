"""Benchmark: what the field-level merge costs when HQ imports a field bundle.

    .venv/bin/python bench/bench_merge.py [--records 300] [--answers 30]

HQ and a field laptop share ``--records`` assessments of ``--answers`` answers each. The
laptop answers one more item in every one of them and sends its bundle; HQ imports it
twice, into two copies of the same store:

* **fast path** — HQ did not touch the assessments, so each laptop version simply
  follows the one HQ has: every record keeps one leaf, nothing is merged;
* **merge** — HQ answered another item of every assessment meanwhile, so every record
  gets two leaves and is merged (base found through the record's versions, payloads
  merged, the result validated), without a conflict.

It prints the import time per record for both and their ratio, then ``db check`` and
``db digest`` on the merged store (both recompute or read every merge). A baseline is
measured in the same run: the ratio is what matters, not the absolute figures.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from uuid import uuid4

from icati_desktop.domain.assessments import Answer, Assessment, ScoreAnswer
from icati_desktop.store.backup import make_backup
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from tests.sync.network import enrol  # HQ trusts the laptop for every country


def new_device(path: Path, role: Role, name: str) -> Store:
    store = open_store(path)
    initialise_device(store, role, name)
    return store


def answer_each(store: Store, ids: list[str], item: str) -> None:
    service = RecordService(store)
    for rid in ids:
        shown = service.get(Assessment, rid).payload
        answers = {**shown.answers, item: Answer(value=ScoreAnswer(value=2))}
        service.update(rid, Assessment.model_validate({**shown.model_dump(), "answers": answers}))


def copy_store(source: Store, where: Path) -> Store:
    where.mkdir(parents=True)
    make_backup(source.engine, where / DB_FILENAME)
    shutil.copytree(source.data_dir / "keys", where / "keys")
    return open_store(where)


def timed_import(store: Store, bundle: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one import."""
    wall, cpu = time.perf_counter(), time.process_time()
    import_bundle(store, bundle)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--answers", type=int, default=30)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="icati-bench-merge-"))
    try:
        hq = new_device(root / "hq", Role.HQ, "HQ")
        laptop = new_device(root / "laptop", Role.FIELD, "Laptop")
        enrol(hq, laptop)
        with laptop.read() as session:
            laptop_id = require_device(session).device_id
        answers = {f"q{k}": Answer(value=ScoreAnswer(value=k % 5)) for k in range(args.answers)}
        payload = Assessment(
            country="KEN",
            form_id="ati-self-assessment",
            form_version="1",
            assessed_on=date(2026, 3, 2),
            answers=answers,
        )
        ids = [str(uuid4()) for _ in range(args.records)]
        RecordService(hq).create_many([(rid, payload) for rid in ids])  # type: ignore[misc]
        export_bundle(hq, root / "central.icati", central=CentralTarget.for_device(laptop_id))
        import_bundle(laptop, root / "central.icati")
        answer_each(laptop, ids, "from_laptop")
        export_bundle(laptop, root / "field.icati")

        fast = copy_store(hq, root / "hq-fast")
        merged = copy_store(hq, root / "hq-merge")
        answer_each(merged, ids, "from_hq")
        fast_s, fast_cpu = timed_import(fast, root / "field.icati")
        merge_s, merge_cpu = timed_import(merged, root / "field.icati")
        assert list_conflicts(merged) == []
        with merged.read() as session:
            start = time.perf_counter()
            problems = check_store(session)
            check_s = time.perf_counter() - start
            start = time.perf_counter()
            state_digest(session)
            digest_s = time.perf_counter() - start
        assert problems == [], problems
        n = args.records
        print(f"{n} assessments of {args.answers} answers, one laptop answer each")
        for name, wall, cpu in (
            ("fast path (1 leaf)", fast_s, fast_cpu),
            ("merged (2 leaves)", merge_s, merge_cpu),
        ):
            print(
                f"import, {name:<19} {wall:7.2f} s wall  {cpu:7.2f} s CPU  "
                f"{1000 * cpu / n:6.2f} ms CPU/record"
            )
        print(f"ratio merged / fast path (CPU): {merge_cpu / fast_cpu:5.2f}")
        print(f"db check on the merged store:  {check_s:7.2f} s wall")
        print(f"db digest on the merged store: {digest_s:7.2f} s wall")
        for store in (hq, laptop, fast, merged):
            store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
