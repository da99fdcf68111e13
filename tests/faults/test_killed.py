"""SIGKILL at random points of an import, an export and a backup: after the next start the
store is exactly as before or exactly the clean result, and no temporary file survives —
no decrypted bundle, no ``.partial``, no journal — in the data directory or beside the
destination.

Each run forks a child (everything already imported, so it starts at once) that does the
work on its own copy of the data directory; the parent kills it after a random delay drawn
over the work's measured duration. CI runs 40 + 30 + 30 points, and 12 in a run of several
bundles; ``ICATI_FAULT_RUNS=full`` runs ten times as many. The seed is ``ICATI_FAULT_SEED``
(default fixed), printed on failure.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from icati_desktop.store.backup import make_backup, verify_backup_file
from icati_desktop.store.opening import open_store
from icati_desktop.store.sync_state import bundle_history
from icati_desktop.sync.batch_import import import_bundles
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.identity import load_age_identity_if_any
from icati_desktop.sync.importer import import_bundle
from tests.faults.world import FULL, World, build_world, copy_dir, reopened
from tests.sync import forge
from tests.sync.stick import make_stick

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL"
)
SEED = int(os.environ.get("ICATI_FAULT_SEED", "20261206"))
RUNS = {"import": 40, "export": 30, "backup": 30, "batch": 12}
if FULL:
    RUNS = {name: count * 10 for name, count in RUNS.items()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("killed"))


def _in_child(work: Callable[[], None]) -> int:
    """Fork; the child does ``work`` and exits; returns the child's pid."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            work()
        except BaseException:
            code = 1
        os._exit(code)
    return pid


def _duration(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    pid = _in_child(work)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return time.perf_counter() - start


def _kill_after(work: Callable[[], None], delay: float) -> bool:
    """Run ``work`` in a child and SIGKILL it after ``delay``; True if it finished first."""
    pid = _in_child(work)
    time.sleep(delay)
    finished, status = os.waitpid(pid, os.WNOHANG)
    if finished == 0:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.waitstatus_to_exitcode(status) == 0


def _import_into(data_dir: Path, bundle: Path) -> Callable[[], None]:
    def work() -> None:
        store = open_store(data_dir)
        try:
            import_bundle(store, bundle)
        finally:
            store.close()

    return work


def test_a_killed_import_leaves_the_store_as_before_or_imported(
    world: World, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    scratch = tmp_path / "hq"
    span = _duration(_import_into(copy_dir(world.hq, scratch), world.bundle)) * 1.1
    outcomes = {"before": 0, "after": 0}
    for run in range(RUNS["import"]):
        delay = rng.uniform(0, span)
        data_dir = copy_dir(world.hq, scratch)
        _kill_after(_import_into(data_dir, world.bundle), delay)
        digest, problems, left = reopened(data_dir, full_check=run % 10 == 0)
        where = f"run {run}, killed after {delay:.3f} s (seed {SEED})"
        assert problems == [], where
        assert left == [], where
        assert digest in (world.hq_before, world.hq_after), where
        outcomes["before" if digest == world.hq_before else "after"] += 1
    assert outcomes["before"] > 0  # the kill points really fell inside the import


def test_a_killed_run_of_several_bundles_keeps_the_bundles_it_finished(
    tmp_path: Path,
) -> None:
    """Killed while importing a stick of bundles: the store is exactly the clean result of
    the first k bundles (each is its own transaction), never a part of one."""
    rng = random.Random(SEED + 3)
    stick = make_stick(tmp_path / "stick")
    files = [stick.omar, stick.amina]  # oldest first, as the run imports them
    clean = []
    for k in range(len(files) + 1):
        data_dir = copy_dir(stick.hq, tmp_path / f"clean-{k}")
        store = open_store(data_dir)
        try:
            import_bundles(store, files[:k])
        finally:
            store.close()
        clean.append(reopened(data_dir)[0])
    assert len(set(clean)) == len(clean)

    def run_into(data_dir: Path) -> Callable[[], None]:
        def work() -> None:
            store = open_store(data_dir)
            try:
                import_bundles(store, files)
            finally:
                store.close()

        return work

    scratch = tmp_path / "hq"
    span = _duration(run_into(copy_dir(stick.hq, scratch))) * 1.1
    seen = set()
    for run in range(RUNS["batch"]):
        delay = rng.uniform(0, span)
        data_dir = copy_dir(stick.hq, scratch)
        _kill_after(run_into(data_dir), delay)
        digest, problems, left = reopened(data_dir, full_check=run % 10 == 0)
        where = f"run {run}, killed after {delay:.3f} s (seed {SEED + 3})"
        assert problems == [], where
        assert left == [], where
        assert digest in clean, where
        seen.add(clean.index(digest))
    assert len(seen) > 1  # the kill points fell inside the run, not only after it


def _export_to(data_dir: Path, out: Path) -> Callable[[], None]:
    def work() -> None:
        store = open_store(data_dir)
        try:
            export_bundle(store, out)
        finally:
            store.close()

    return work


def _recorded_exports(data_dir: Path) -> list[str]:
    store = open_store(data_dir)
    try:
        with store.read() as session:
            return [e.file_name for e in bundle_history(session) if e.direction == "export"]
    finally:
        store.close()


def test_a_killed_export_leaves_no_file_or_a_recorded_one(world: World, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    scratch, usb = tmp_path / "field", tmp_path / "usb"
    usb.mkdir()
    span = _duration(_export_to(copy_dir(world.field, scratch), usb / "timing.icati")) * 1.1
    before = _recorded_exports(world.field)
    hq_identity = load_age_identity_if_any(world.hq / "keys")
    made = 0
    for run in range(RUNS["export"]):
        delay = rng.uniform(0, span)
        data_dir = copy_dir(world.field, scratch)
        for old in usb.iterdir():
            old.unlink()
        out = usb / "amina.icati"
        _kill_after(_export_to(data_dir, out), delay)
        _, problems, left = reopened(data_dir, full_check=run % 10 == 0)
        recorded = _recorded_exports(data_dir)
        where = f"run {run}, killed after {delay:.3f} s (seed {SEED + 1})"
        assert problems == [], where
        assert left == [], where
        assert sorted(p.name for p in usb.iterdir()) in ([], ["amina.icati"]), where
        if out.exists():  # complete, and the device knows it made it
            made += 1
            assert sorted(recorded) == sorted([*before, "amina.icati"]), where
            opened = forge.unpack(out, hq_identity)  # whole: decrypts, opens, is signed
            assert {"manifest.json", "manifest.sig"} <= set(opened.names()), where
        else:
            assert recorded == before, where
    assert made < RUNS["export"]  # some kills came before the end


def _backup_to(data_dir: Path, out: Path) -> Callable[[], None]:
    def work() -> None:
        store = open_store(data_dir)
        try:
            make_backup(store.engine, out, store.scratch)
        finally:
            store.close()

    return work


def test_a_killed_backup_leaves_no_file_or_a_sound_one(world: World, tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    scratch, usb = tmp_path / "hq", tmp_path / "usb"
    usb.mkdir()
    span = _duration(_backup_to(copy_dir(world.hq, scratch), usb / "timing.sqlite3")) * 1.1
    for run in range(RUNS["backup"]):
        delay = rng.uniform(0, span)
        data_dir = copy_dir(world.hq, scratch)
        for old in usb.iterdir():
            old.unlink()
        out = usb / "hq-backup.sqlite3"
        _kill_after(_backup_to(data_dir, out), delay)
        digest, problems, left = reopened(data_dir, full_check=run % 10 == 0)
        where = f"run {run}, killed after {delay:.3f} s (seed {SEED + 2})"
        assert (digest, problems, left) == (world.hq_before, [], []), where
        assert sorted(p.name for p in usb.iterdir()) in ([], [out.name]), where
        if out.exists():
            verify_backup_file(out)
            with sqlite3.connect(f"file:{out}?mode=ro", uri=True) as conn:
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
