"""Several HQ staff importing different bundles into one PostgreSQL store at the same time:
4 processes × 25 bundles all complete — no deadlock, no serialization failure shown to
anyone — and the store ends with the same digest as importing them one by one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.trust import trust_card
from tests.faults.field_work import FieldWork
from tests.pg import PgDatabases
from tests.sync.network import card_of

PROCESSES = 4
BUNDLES = 25
CHANGES = 6

IMPORTER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from icati_desktop.store.opening import open_store
    from icati_desktop.sync.importer import import_bundle
    data_dir, url, bundles = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    store = open_store(data_dir, url)
    try:
        added = [import_bundle(store, Path(b)).versions_added for b in bundles]
    finally:
        store.close()
    print(json.dumps(added))
    """
)


def _hq(data_dir: Path, url: str, keys: Path | None) -> Store:
    if keys is not None:  # the same HQ: its keys, hence its device id
        shutil.copytree(keys, data_dir / "keys")
    store = open_store(data_dir, url)
    initialise_device(store, Role.HQ, "ICATI HQ")
    return store


def _digest(store: Store) -> tuple[str, list[str]]:
    with store.read() as session:
        return state_digest(session), check_store(session)


@pytest.mark.slow
def test_four_processes_importing_at_once_end_as_one_by_one(
    pg_url: str, pg_databases: PgDatabases | None, tmp_path: Path
) -> None:
    assert pg_databases is not None
    shared_url, serial_url = pg_databases.new(), pg_databases.new()
    shared = _hq(tmp_path / "hq", shared_url, None)
    serial = _hq(tmp_path / "hq-serial", serial_url, tmp_path / "hq" / "keys")
    bundles: list[list[Path]] = []
    for d in range(PROCESSES):
        laptop = open_store(tmp_path / f"field-{d}")
        initialise_device(laptop, Role.FIELD, f"Expert {d}")
        for hq in (shared, serial):
            trust_card(hq, card_of(laptop))
        trust_card(laptop, card_of(shared))
        work = FieldWork(laptop)
        mine = [tmp_path / "out" / f"{d}-{n:02d}.icati" for n in range(BUNDLES)]
        mine[0].parent.mkdir(exist_ok=True)
        for path in mine:
            work.bundle(CHANGES, path)
        laptop.close()
        bundles.append(mine)
    shared.close()

    workers = []
    for d, mine in enumerate(bundles):
        data_dir = tmp_path / f"staff-{d}"  # each person's own data directory, same HQ keys
        shutil.copytree(tmp_path / "hq" / "keys", data_dir / "keys")
        argv = [str(data_dir), shared_url, json.dumps([str(p) for p in mine])]
        workers.append(
            subprocess.Popen(
                [sys.executable, "-c", IMPORTER, *argv],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ},
            )
        )
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err  # no deadlock or serialization failure
        assert json.loads(out.strip().splitlines()[-1]) == [CHANGES] * BUNDLES

    for mine in bundles:
        for path in mine:
            import_bundle(serial, path)
    one_by_one = _digest(serial)
    serial.close()
    shared = open_store(tmp_path / "hq", shared_url)
    try:
        assert _digest(shared) == one_by_one
        assert one_by_one[1] == []
    finally:
        shared.close()
