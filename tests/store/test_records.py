"""The versioned store through its service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from icati_desktop.domain.library import Resource
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.records import (
    PermissionDenied,
    RecordNotFound,
    RecordService,
    StaleEdit,
)
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.tables.reference import ResourceRow
from tests.store.helpers import StoreFactory, all_versions, deliver, resource


def test_create_update_delete_each_add_one_version_and_refresh_the_row(
    make_store: StoreFactory,
) -> None:
    store = make_store(role="hq")
    service = RecordService(store)
    before = len(all_versions(store))
    created = service.create(resource("Drug courts: key components", year=1997))
    updated = service.update(created.record_id, resource("Defining Drug Courts", year=1997))
    assert updated.hlc > created.hlc
    with store.read() as session:
        row = session.get(ResourceRow, created.record_id)
        assert row is not None
        assert row.version_id == updated.version_id
        assert row.year == 1997
        parents = session.scalar(
            select(VersionRow.parents).where(VersionRow.version_id == updated.version_id)
        )
        assert parents == f'["{created.version_id}"]'
    service.delete("resource", created.record_id)
    assert len(all_versions(store)) == before + 3
    with store.read() as session:
        assert session.get(ResourceRow, created.record_id) is None
        state = session.get(RecordRow, created.record_id)
        assert state is not None
        assert state.deleted
    with pytest.raises(RecordNotFound):
        service.get(Resource, created.record_id)
    with store.read() as session:
        assert check_store(session) == []


def test_a_field_device_cannot_write_central_records(make_store: StoreFactory) -> None:
    field = make_store(role="field")
    with pytest.raises(PermissionDenied, match="central office"):
        RecordService(field).create(resource("Unofficial guide"))


def test_edit_beats_concurrent_delete_and_the_conflict_stays_open(
    make_store: StoreFactory,
) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    a, b = RecordService(hq_a), RecordService(hq_b)
    original = a.create(resource("Tokyo Rules"))
    deliver(hq_a, hq_b)
    edited = a.update(original.record_id, resource("Tokyo Rules (A/RES/45/110)"))
    b.delete("resource", original.record_id)  # later clock, but a delete
    deliver(hq_a, hq_b)
    deliver(hq_b, hq_a)
    for store in (hq_a, hq_b):
        view = RecordService(store).get(Resource, original.record_id)
        assert view.version_id == edited.version_id
        assert view.in_conflict
    with hq_a.read() as s1, hq_b.read() as s2:
        assert state_digest(s1) == state_digest(s2)


def test_of_two_concurrent_edits_the_higher_clock_wins_everywhere(
    make_store: StoreFactory,
) -> None:
    clock = {"ms": 1_800_000_000_000}
    hq_a = make_store(role="hq", name="A", now_ms=lambda: clock["ms"])
    hq_b = make_store(role="hq", name="B", now_ms=lambda: clock["ms"])
    original = RecordService(hq_a).create(resource("Bangkok Rules"))
    deliver(hq_a, hq_b)
    clock["ms"] += 10
    RecordService(hq_a).update(original.record_id, resource("Bangkok Rules — A"))
    clock["ms"] += 10
    later = RecordService(hq_b).update(original.record_id, resource("Bangkok Rules — B"))
    deliver(hq_a, hq_b)
    deliver(hq_b, hq_a)
    for store in (hq_a, hq_b):
        shown = RecordService(store).get(Resource, original.record_id)
        assert shown.version_id == later.version_id
        assert shown.payload.title == {"en": "Bangkok Rules — B"}
        assert shown.in_conflict


def test_resolving_names_every_leaf_and_closes_the_conflict(make_store: StoreFactory) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Guide"))
    deliver(hq_a, hq_b)
    mine = RecordService(hq_a).update(original.record_id, resource("Guide (mine)"))
    RecordService(hq_b).update(original.record_id, resource("Guide (theirs)"))
    deliver(hq_b, hq_a)
    resolution = RecordService(hq_a).resolve(original.record_id, mine.version_id)
    assert len(resolution.parents) == 2
    deliver(hq_a, hq_b)
    for store in (hq_a, hq_b):
        shown = RecordService(store).get(Resource, original.record_id)
        assert not shown.in_conflict
        assert shown.payload.title == {"en": "Guide (mine)"}


def test_an_edit_on_a_version_that_is_no_longer_a_leaf_is_refused_on_a_device(
    make_store: StoreFactory, engine_kind: str
) -> None:
    service = RecordService(make_store(role="hq"))
    first = service.create(resource("One"))
    service.update(first.record_id, resource("Two"))
    if engine_kind == "sqlite":
        with pytest.raises(StaleEdit):
            service.update(first.record_id, resource("Three"), base_version_id=first.version_id)
    else:  # a central store: written beside the other edit, a conflict as between laptops
        third = service.update(first.record_id, resource("Three"), base_version_id=first.version_id)
        assert third.in_conflict  # both changed the title
    with pytest.raises(StaleEdit):
        service.update(first.record_id, resource("Four"), base_version_id="0" * 64)


def test_the_clock_increases_across_restarts_and_backward_clock_jumps(
    make_store: StoreFactory,
) -> None:
    wall = {"ms": 2_000_000_000_000}
    store = make_store(role="hq", now_ms=lambda: wall["ms"])
    first = RecordService(store).create(resource("First"))
    data_dir, url = store.data_dir, store.engine.url.render_as_string(hide_password=False)
    store.close()
    wall["ms"] -= 86_400_000  # the system clock goes back a day
    from icati_desktop.store.opening import open_store

    reopened = open_store(data_dir, None if url.startswith("sqlite") else url, lambda: wall["ms"])
    try:
        service = RecordService(reopened)
        stamps = [service.create(resource(f"After restart {i}")).hlc for i in range(3)]
    finally:
        reopened.close()
    assert first.hlc < stamps[0] < stamps[1] < stamps[2]
    assert stamps[0].ms == first.hlc.ms


def test_digest_is_equal_whatever_order_versions_arrive_in(make_store: StoreFactory) -> None:
    hq = make_store(role="hq")
    service = RecordService(hq)
    views = [service.create(resource(f"Resource {i}")) for i in range(6)]
    for view in views[:3]:
        service.update(view.record_id, resource(f"{view.payload.title['en']} (rev)"))
    service.delete("resource", views[4].record_id)
    versions = all_versions(hq)
    forward, backward = make_store(init=False), make_store(init=False)
    from icati_desktop.store.versions import add_versions

    with forward.write() as tx:
        add_versions(tx.session, versions)
    with backward.write() as tx:
        for version in reversed(versions):  # children before parents
            add_versions(tx.session, [version])
    with hq.read() as s0, forward.read() as s1, backward.read() as s2:
        assert state_digest(s0) == state_digest(s1) == state_digest(s2)
        assert check_store(s1) == []
        assert check_store(s2) == []


def test_adding_a_version_twice_changes_nothing(make_store: StoreFactory) -> None:
    hq, other = make_store(role="hq"), make_store(role="hq")
    RecordService(hq).create(resource("Once"))
    first = deliver(hq, other)
    with other.read() as session:
        digest = state_digest(session)
    assert deliver(hq, other) == 0
    assert first > 0
    with other.read() as session:
        assert state_digest(session) == digest


def test_check_catches_a_row_that_disagrees_with_its_winner(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    view = RecordService(store).create(resource("Honest title"))
    with store.write() as tx:
        row = tx.session.get(ResourceRow, view.record_id)
        assert row is not None
        row.publisher = "Tampered"
    with store.read() as session:
        problems = check_store(session)
    assert any(view.record_id in p and "publisher" in p for p in problems)
