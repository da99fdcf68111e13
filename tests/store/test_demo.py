"""`icati demo`: deterministic for a seed, written through the services, collides like people."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from icati_desktop.store.backup import make_backup, restore_backup
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, VersionRow
from tests.store.helpers import StoreFactory, deliver


def content(store: Store) -> list[tuple[str, str, object]]:
    """What a person sees: every live record with its shown payload (no clocks, no ids)."""
    with store.read() as session:
        rows = session.execute(
            select(RecordRow.record_type, RecordRow.record_id, VersionRow.payload)
            .join(VersionRow, VersionRow.version_id == RecordRow.winner_version_id)
            .where(RecordRow.deleted.is_(False))
            .order_by(RecordRow.record_id)
        )
        return [(t, r, json.loads(p)) for t, r, p in rows]


def twin(make_store: StoreFactory, tmp_path: Path, role: str = "field") -> tuple[Store, Store]:
    """Two stores holding the same device and content (a backup restored elsewhere)."""
    first = make_store(role=role)
    backup = make_backup(first.engine, tmp_path / "twin.sqlite3")
    second = make_store(init=False)
    restore_backup(second.engine, backup)
    return first, second


def test_the_same_seed_gives_the_same_records(make_store: StoreFactory, tmp_path: Path) -> None:
    first, second = twin(make_store, tmp_path)
    spec = DemoSpec(seed=7, countries=3, meetings=5, action_items=6, edits=4, deletes=2)
    report = run_demo(first, spec)
    assert run_demo(second, spec) == report
    assert content(first) == content(second)
    assert report.created["meeting"] == 5
    assert report.created["action_item"] == 6
    assert sum(report.edited.values()) == 4
    assert sum(report.deleted.values()) == 2


def test_another_seed_gives_other_records(make_store: StoreFactory, tmp_path: Path) -> None:
    first, second = twin(make_store, tmp_path)
    run_demo(first, DemoSpec(seed=1, countries=2, meetings=3, action_items=3))
    run_demo(second, DemoSpec(seed=2, countries=2, meetings=3, action_items=3))
    assert content(first) != content(second)


def test_demo_writes_versions_through_the_services(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    with store.read() as session:
        before = session.scalar(select(func.count()).select_from(VersionRow))
    report = run_demo(
        store, DemoSpec(seed=3, countries=2, meetings=4, action_items=5, edits=3, deletes=1)
    )
    with store.read() as session:
        after = session.scalar(select(func.count()).select_from(VersionRow))
        assert check_store(session) == []
    created = sum(report.created.values())
    assert report.created["resource"] == 2  # HQ also publishes library entries
    assert after == (before or 0) + created + 3 + 1


def test_two_devices_editing_the_same_central_data_collide(make_store: StoreFactory) -> None:
    hq = make_store(role="hq", name="HQ")
    run_demo(hq, DemoSpec(seed=11, countries=2, meetings=6, action_items=6))
    expert, focal_point = make_store(name="Expert"), make_store(name="Focal point")
    deliver(hq, expert)
    deliver(hq, focal_point)
    run_demo(expert, DemoSpec(seed=1, countries=0, meetings=0, action_items=0, edits=12))
    run_demo(focal_point, DemoSpec(seed=2, countries=0, meetings=0, action_items=0, edits=12))
    deliver(expert, focal_point)
    deliver(focal_point, expert)
    with expert.read() as s1, focal_point.read() as s2:
        assert state_digest(s1) == state_digest(s2)
        conflicts = s1.scalar(select(func.count()).where(RecordRow.in_conflict.is_(True)))
    assert conflicts
    assert conflicts > 0
