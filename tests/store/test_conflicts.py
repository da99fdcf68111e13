"""Open conflicts as the CLI and GUI show them, and resolving them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icati_desktop.domain.library import Resource
from icati_desktop.store.conflicts import (
    differing_fields,
    get_conflict,
    list_conflicts,
    pick_leaf,
)
from icati_desktop.store.device import read_device
from icati_desktop.store.records import RecordNotFound, RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.trust import own_card, trust_card
from tests.store.helpers import StoreFactory, deliver, resource

START = 1_800_000_000_000


def device_id(store: Store) -> str:
    with store.read() as session:
        device = read_device(session)
        assert device is not None
        return device.device_id


def test_no_conflicts_in_a_fresh_store(make_store: StoreFactory) -> None:
    assert list_conflicts(make_store(role="hq")) == []


def test_concurrent_edits_list_both_leaves_and_resolving_closes_everywhere(
    make_store: StoreFactory,
) -> None:
    clock = {"ms": START}
    hq_a = make_store(role="hq", name="Vienna", now_ms=lambda: clock["ms"])
    hq_b = make_store(role="hq", name="Nairobi", now_ms=lambda: clock["ms"])
    trust_card(hq_a, own_card(hq_b, load_device_keys(hq_b.data_dir / "keys")))
    original = RecordService(hq_a).create(resource("Bangkok Rules", year=2010))
    deliver(hq_a, hq_b)
    clock["ms"] += 1000
    mine = RecordService(hq_a).update(original.record_id, resource("Bangkok Rules", year=2011))
    clock["ms"] += 1000
    theirs = RecordService(hq_b).update(
        original.record_id, resource("Bangkok Rules (UN)", year=2010)
    )
    deliver(hq_b, hq_a)

    [conflict] = list_conflicts(hq_a)
    assert conflict.record_id == original.record_id
    assert conflict.record_type == "resource"
    assert conflict.differing_fields == ["title", "year"]
    assert [leaf.version_id for leaf in conflict.leaves] == [theirs.version_id, mine.version_id]
    newest, older = conflict.leaves
    assert (newest.origin, newest.origin_name) == (device_id(hq_b), "Nairobi")  # trusted
    assert (older.origin, older.origin_name) == (device_id(hq_a), "Vienna")  # itself
    assert newest.time == datetime.fromtimestamp((START + 2000) / 1000, UTC)
    assert newest.counter == 0
    assert newest.shown
    assert not older.shown
    assert not newest.deleted
    assert get_conflict(hq_a, original.record_id) == conflict

    # hq_b does not know hq_a's name: the id alone is shown
    deliver(hq_a, hq_b)
    [seen_by_b] = list_conflicts(hq_b)
    assert seen_by_b.leaves[1].origin_name is None

    keep = pick_leaf(conflict, mine.version_id[:10])
    resolution = RecordService(hq_a).resolve(original.record_id, keep)
    assert sorted(resolution.parents) == sorted([mine.version_id, theirs.version_id])
    assert list_conflicts(hq_a) == []
    with pytest.raises(ValueError, match="no open conflict"):
        get_conflict(hq_a, original.record_id)
    deliver(hq_a, hq_b)
    assert list_conflicts(hq_b) == []
    shown = RecordService(hq_b).get(Resource, original.record_id)
    assert shown.payload.year == 2011


def test_an_edit_against_a_delete_lists_no_differing_fields(make_store: StoreFactory) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Tokyo Rules"))
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(original.record_id, resource("Tokyo Rules (1990)"))
    RecordService(hq_b).delete("resource", original.record_id)
    deliver(hq_b, hq_a)
    [conflict] = list_conflicts(hq_a)
    assert sorted(leaf.deleted for leaf in conflict.leaves) == [False, True]
    assert conflict.differing_fields == []
    assert [leaf.deleted for leaf in conflict.leaves if leaf.shown] == [False]


def test_pick_leaf_and_get_conflict_refuse_what_is_not_there(make_store: StoreFactory) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Guide"))
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(original.record_id, resource("Guide A"))
    RecordService(hq_b).update(original.record_id, resource("Guide B"))
    deliver(hq_b, hq_a)
    conflict = get_conflict(hq_a, original.record_id)
    with pytest.raises(ValueError, match="not one of the competing versions"):
        pick_leaf(conflict, original.version_id)
    with pytest.raises(ValueError, match="not one of the competing versions"):
        pick_leaf(conflict, "abc")  # too short to be a prefix
    with pytest.raises(RecordNotFound):
        get_conflict(hq_a, "00000000-0000-0000-0000-000000000000")


def test_differing_fields_counts_a_missing_key_as_a_difference() -> None:
    assert differing_fields(
        [{"a": 1, "b": [1]}, {"a": 1, "b": [2]}, {"a": 1, "b": [1], "c": None}]
    ) == [
        "b",
        "c",
    ]
    assert differing_fields([]) == []
    assert differing_fields([{"a": 1}]) == []
