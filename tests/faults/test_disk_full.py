"""A full disk at every point of an import, an export, a backup and a migration: one line
with the code ``disk_full`` (and JSON with ``--json``), the store as before or exactly the
clean result, no file that is not recorded, no temporary file left.

The data directory (and the destination) sit on a small tmpfs, filled to leave ``free``
bytes; ``free`` is first searched (bisection) for the least an operation needs, then
sampled below it, so the failure falls on the operation's different writes. CI runs ~15
points an operation; ``ICATI_FAULT_RUNS=full`` steps through every 4 KiB. Mounting needs
root: otherwise the tests are skipped and say why.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from icati_desktop.cli import main
from icati_desktop.store import migrate
from icati_desktop.store.opening import open_store
from icati_desktop.store.sync_state import bundle_history
from tests.faults.world import FULL, World, build_world, copy_dir, digest_of, leftovers, reopened
from tests.tmpfs import small_tmpfs

DISK = 24 * 1024 * 1024
STEP = 4096
SAMPLES = 6


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("disk-full"), meetings=8, items=8)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of its own (root only)."""
    with small_tmpfs(tmp_path / "disk", DISK) as mount:
        yield mount


def fill(disk: Path, free: int) -> None:
    """Leave exactly ``free`` bytes (rounded to blocks) free on ``disk``."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    stats = os.statvfs(disk)
    size = stats.f_bavail * stats.f_frsize - free
    if size > 0:
        with filler.open("wb") as handle:
            os.posix_fallocate(handle.fileno(), 0, size)


def unfill(disk: Path) -> None:
    (disk / "filler").unlink(missing_ok=True)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def points(attempt: Callable[[int], bool]) -> list[int]:
    """Free-space values to try: a bisection for the least that succeeds, then samples
    below it (every step with ``ICATI_FAULT_RUNS=full``). ``attempt(free)`` runs and checks
    one case and says whether the operation succeeded."""
    low, high = 0, DISK // 2
    assert attempt(high), "the operation fails even with plenty of space"
    tried = [high]
    while high - low > STEP:
        middle = (low + high) // 2 // STEP * STEP
        tried.append(middle)
        if attempt(middle):
            high = middle
        else:
            low = middle
    assert not attempt(0)
    below = range(0, high, STEP) if FULL else range(0, high, max(STEP, high // SAMPLES))
    for free in below:
        attempt(free)
    return [*tried, 0, *below]


def refused_with_one_line(code: int, out: str, err: str) -> None:
    assert code == 1
    assert err.count("\n") == 1, err  # one line, no traceback
    assert len(err) < 400
    assert "disk_full" in err
    assert "Traceback" not in err
    assert "unexpected error" not in err


def test_import_on_a_full_disk(
    world: World, disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def attempt(free: int) -> bool:
        data_dir = copy_dir(world.hq, disk / "hq")
        fill(disk, free)
        argv = ["--data-dir", str(data_dir), "--json", "bundle", "import", str(world.bundle)]
        code, out, err = cli(capsys, *argv)
        unfill(disk)
        digest, problems, left = reopened(data_dir)
        where = f"{free} bytes free"
        assert (problems, left) == ([], []), where
        if code == 0:
            assert digest == world.hq_after, where
            return True
        refused_with_one_line(code, out, err)
        assert json.loads(out)["code"] == "disk_full", where
        assert digest == world.hq_before, where
        return False

    assert len(points(attempt)) >= 10


def _exports(data_dir: Path) -> list[str]:
    store = open_store(data_dir)
    try:
        with store.read() as session:
            return [e.file_name for e in bundle_history(session) if e.direction == "export"]
    finally:
        store.close()


def test_export_on_a_full_disk(
    world: World, disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _exports(world.field)

    def attempt(free: int) -> bool:
        data_dir = copy_dir(world.field, disk / "field")
        usb = disk / "usb"
        shutil.rmtree(usb, ignore_errors=True)
        usb.mkdir()
        fill(disk, free)
        out_file = usb / "amina.icati"
        code, out, err = cli(
            capsys, "--data-dir", str(data_dir), "bundle", "export", "--out", str(out_file)
        )
        unfill(disk)
        _, problems, left = reopened(data_dir)
        where = f"{free} bytes free"
        assert (problems, left) == ([], []), where
        assert sorted(p.name for p in usb.iterdir()) in ([], [out_file.name]), where
        recorded = _exports(data_dir)
        # No file or a recorded file, never one without the other.
        assert out_file.exists() == (code == 0) == (len(recorded) == len(before) + 1), where
        if code != 0:
            refused_with_one_line(code, out, err)
        return code == 0

    assert len(points(attempt)) >= 10


def test_backup_on_a_full_disk(
    world: World, disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def attempt(free: int) -> bool:
        data_dir = copy_dir(world.hq, disk / "hq")
        target = disk / "copy.sqlite3"
        target.unlink(missing_ok=True)
        fill(disk, free)
        code, _out, err = cli(
            capsys, "--data-dir", str(data_dir), "db", "backup", "--out", str(target)
        )
        unfill(disk)
        digest, problems, left = reopened(data_dir)
        where = f"{free} bytes free"
        assert (digest, problems, left) == (world.hq_before, [], []), where
        assert leftovers(disk) == [], where
        assert target.exists() == (code == 0), where
        if code != 0:
            assert code == 1
            assert err.count("\n") == 1, err
            assert "disk is full" in err, err
        return code == 0

    assert len(points(attempt)) >= 10


OLD_REVISION = "0011"


def _at_old_revision(data_dir: Path) -> None:
    """Take a store back to schema 0011, as the previous release left it (undoing 0012's
    meeting terms and 0014's network groups table and roster availability column; the
    upgrade still takes its pre-migration backup, which needs room)."""
    store = open_store(data_dir)
    try:
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "DELETE FROM record_terms WHERE record_type = 'meeting' AND field IN "
                    "('attendees.sector', 'barriers.category', 'agenda.domain_code')"
                )
            )
            conn.execute(text("DROP TABLE network_groups"))
            conn.execute(text("ALTER TABLE roster_entries DROP COLUMN availability"))
            conn.execute(text(f"UPDATE alembic_version SET version_num = '{OLD_REVISION}'"))
    finally:
        store.close()


def test_migration_on_a_full_disk(
    world: World, disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = copy_dir(world.hq, tmp_path / "old")
    _at_old_revision(old)

    def attempt(free: int) -> bool:
        data_dir = copy_dir(old, disk / "hq")
        fill(disk, free)
        code, _out, err = cli(capsys, "--data-dir", str(data_dir), "info")
        unfill(disk)
        where = f"{free} bytes free"
        if code != 0:
            assert err.count("\n") == 1, err
            assert "Traceback" not in err
            assert "disk" in err, err  # full: free some space
            assert _revision(data_dir) == OLD_REVISION, where  # untouched: the old schema
            assert leftovers(data_dir) == [], where
            return False
        assert _revision(data_dir) == migrate.HEAD_REVISION, where
        digest, problems, left = reopened(data_dir)
        assert (digest, problems, left) == (world.hq_before, [], []), where
        return True

    assert len(points(attempt)) >= 10


def _revision(data_dir: Path) -> str:
    import sqlite3

    with sqlite3.connect(data_dir / "icati.sqlite3") as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_zero_bytes_free_gives_one_line(
    world: World, disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = copy_dir(world.hq, disk / "hq")
    fill(disk, 0)
    for argv in (["info"], ["db", "check"], ["bundle", "import", str(world.bundle)]):
        code, out, err = cli(capsys, "--data-dir", str(data_dir), *argv)
        refused_with_one_line(code, out, err)
    unfill(disk)
    assert digest_of_dir(data_dir) == world.hq_before


def digest_of_dir(data_dir: Path) -> str:
    store = open_store(data_dir)
    try:
        return digest_of(store)
    finally:
        store.close()
