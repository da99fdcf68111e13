"""An import is all or nothing: a crash half-way, a cancel, progress; its one backup a day."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.store.daily_backup import daily_backups
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync import merge
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.importer import import_bundle
from icati_desktop.versioning.version import Version
from tests.sync.conftest import NetworkFactory
from tests.sync.network import Network

SMALL_BATCH = 5


def _state(store: Store) -> tuple[str, int, list[str]]:
    with store.read() as session:
        versions = session.scalar(select(func.count()).select_from(VersionRow))
        return state_digest(session), int(versions or 0), check_store(session)


def _tree(data_dir: Path) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for path in data_dir.rglob("*"):
        rel = path.relative_to(data_dir)
        if rel.parts[0] in ("tmp", "logs") or path.name.endswith(("-wal", "-shm")):
            continue
        info = path.stat()
        found[rel.as_posix()] = (-1, 0) if path.is_dir() else (info.st_size, info.st_mtime_ns)
    return found


def _scratch_files(store: Store) -> list[str]:
    """What the import left in this process's scratch directory (nothing, when it is done)."""
    return sorted(p.name for p in store.scratch.path.rglob("*"))


@pytest.fixture
def loaded(make_network: NetworkFactory, monkeypatch: pytest.MonkeyPatch) -> tuple[Network, Path]:
    """HQ with one bundle already imported (so it has a backup), and a second field bundle
    that takes several batches."""
    monkeypatch.setattr(merge, "BATCH", SMALL_BATCH)
    net = make_network(fields=1)
    expert = net.fields[0]
    run_demo(expert, DemoSpec(seed=11, countries=1, meetings=2, action_items=1))
    net.deliver(net.export(expert), net.hq)
    # acknowledged: the next bundle holds only new work
    net.deliver(net.export(net.hq, expert), expert)
    run_demo(expert, DemoSpec(seed=12, countries=2, meetings=12, action_items=10))
    bundle = net.export(expert)
    return net, bundle


def test_a_failure_half_way_through_the_transaction_changes_nothing(
    loaded: tuple[Network, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    net, bundle = loaded
    before, tree = _state(net.hq), _tree(net.hq.data_dir)
    calls: list[int] = []
    real_apply = merge._apply

    def crash_on_second_batch(
        session: Session, batch: list[Version], parsed: dict[str, Any], stats: merge.MergeStats
    ) -> None:
        calls.append(len(batch))
        if len(calls) == 2:
            raise OSError("the disk went away")
        real_apply(session, batch, parsed, stats)

    monkeypatch.setattr(merge, "_apply", crash_on_second_batch)
    with pytest.raises(OSError, match="the disk went away"):
        import_bundle(net.hq, bundle)
    assert calls[0] >= SMALL_BATCH  # the first batch really was written before the crash
    assert _state(net.hq) == before
    assert before[2] == []
    assert _tree(net.hq.data_dir) == tree  # the day's backup is kept, too
    assert _scratch_files(net.hq) == []
    monkeypatch.setattr(merge, "_apply", real_apply)
    assert import_bundle(net.hq, bundle).versions_added > 0  # and the bundle still imports


def test_a_cancelled_import_changes_nothing(loaded: tuple[Network, Path]) -> None:
    net, bundle = loaded
    before, tree = _state(net.hq), _tree(net.hq.data_dir)
    seen: list[tuple[int, int]] = []

    with pytest.raises(BundleRejected) as caught:
        import_bundle(
            net.hq, bundle, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: bool(seen)
        )
    assert caught.value.code is RejectCode.CANCELLED
    assert "cancelled" in caught.value.message
    assert len(seen) == 1
    assert _state(net.hq) == before
    assert _tree(net.hq.data_dir) == tree
    assert _scratch_files(net.hq) == []


def test_progress_is_monotonic_and_ends_at_the_total(loaded: tuple[Network, Path]) -> None:
    net, bundle = loaded
    seen: list[tuple[int, int]] = []
    result = import_bundle(net.hq, bundle, progress=lambda d, t: seen.append((d, t)))
    total = result.versions_in_bundle
    assert total > 2 * SMALL_BATCH
    assert len(seen) > 2
    assert {t for _, t in seen} == {total}
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert all(0 <= d <= total for d in done)
    assert seen[-1] == (total, total)


def test_only_the_first_import_of_a_day_keeps_a_backup_of_the_state_before_it(
    loaded: tuple[Network, Path], tmp_path: Path
) -> None:
    net, bundle = loaded
    daily = daily_backups(net.hq.data_dir)
    if not net.hq.is_sqlite:  # PostgreSQL: its transactions and the server's own backups
        assert daily == []
        assert import_bundle(net.hq, bundle).versions_added > 0
        assert daily_backups(net.hq.data_dir) == []
        return
    assert len(daily) == 1  # from the first import (in the fixture)
    backed_up = daily[0].read_bytes()
    before = _state(net.hq)
    assert import_bundle(net.hq, bundle).versions_added > 0
    assert _state(net.hq)[0] != before[0]
    # The same day: no copy of the store per import.
    assert daily_backups(net.hq.data_dir) == daily
    assert daily[0].read_bytes() == backed_up
    copy = tmp_path / "restored"
    copy.mkdir()
    shutil.copyfile(daily[0], copy / DB_FILENAME)
    restored = open_store(copy)
    try:
        with restored.read() as session:
            assert check_store(session) == []
    finally:
        restored.close()


def test_a_dry_run_writes_no_backup(loaded: tuple[Network, Path]) -> None:
    net, bundle = loaded
    tree = _tree(net.hq.data_dir)
    assert import_bundle(net.hq, bundle, dry_run=True).versions_added > 0
    assert _tree(net.hq.data_dir) == tree
