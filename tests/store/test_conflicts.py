"""Open conflicts as the CLI and GUI show them: only the paths both sides changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icati_desktop.domain.library import Resource
from icati_desktop.store.conflicts import get_conflict, list_conflicts, pick_leaf
from icati_desktop.store.device import read_device
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.records import RecordNotFound, RecordService, StaleEdit
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


def sound_and_digest(store: Store) -> str:
    with store.read() as session:
        assert check_store(session) == []
        return state_digest(session)


def test_no_conflicts_in_a_fresh_store(make_store: StoreFactory) -> None:
    assert list_conflicts(make_store(role="hq")) == []


def test_edits_of_different_fields_merge_without_a_conflict(make_store: StoreFactory) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Guide", year=2000, topics=["legal"]))
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(
        original.record_id, resource("Guide", year=2001, topics=["legal", "dtc"])
    )
    RecordService(hq_b).update(
        original.record_id, resource("Guide (UN)", year=2000, topics=["legal", "ccm"])
    )
    deliver(hq_b, hq_a)
    deliver(hq_a, hq_b)
    for store in (hq_a, hq_b):
        assert list_conflicts(store) == []
        shown = RecordService(store).get(Resource, original.record_id)
        assert shown.payload.title == {"en": "Guide (UN)"}
        assert shown.payload.year == 2001
        assert sorted(shown.payload.topics) == ["ccm", "dtc", "legal"]  # both tags kept
        assert not shown.in_conflict
        assert len(shown.leaves) == 2
    assert sound_and_digest(hq_a) == sound_and_digest(hq_b)
    # an edit of the merged record names both leaves: one leaf again, nothing lost
    after = RecordService(hq_a).update(
        original.record_id, resource("Guide (UN)", year=2002, topics=["legal", "ccm", "dtc"])
    )
    assert after.leaves == (after.version_id,)


def test_concurrent_edits_list_only_the_path_both_changed(make_store: StoreFactory) -> None:
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
        original.record_id, resource("Bangkok Rules (UN)", year=2012)
    )
    deliver(hq_b, hq_a)

    [conflict] = list_conflicts(hq_a)
    assert conflict.record_id == original.record_id
    assert conflict.record_type == "resource"
    assert conflict.differing_fields == ["year"]  # the title changed on one side only
    assert conflict.base_version_id == original.version_id
    [path] = conflict.paths
    assert (path.path, path.text, path.field) == (["year"], "year", "year")
    assert (path.base_present, path.base) == (True, 2010)
    assert [(v.version_id, v.value, v.changed) for v in path.values] == [
        (theirs.version_id, 2012, True),
        (mine.version_id, 2011, True),
    ]
    assert path.values[0].hlc == [START + 2000, 0]
    assert path.values[0].origin == device_id(hq_b)
    assert path.shown == theirs.version_id
    assert [leaf.version_id for leaf in conflict.leaves] == [theirs.version_id, mine.version_id]
    newest, older = conflict.leaves
    assert (newest.origin, newest.origin_name) == (device_id(hq_b), "Nairobi")  # trusted
    assert (older.origin, older.origin_name) == (device_id(hq_a), "Vienna")  # itself
    assert newest.time == datetime.fromtimestamp((START + 2000) / 1000, UTC)
    assert newest.shown
    assert not older.shown
    assert get_conflict(hq_a, original.record_id) == conflict
    shown = RecordService(hq_a).get(Resource, original.record_id)
    assert shown.in_conflict
    assert (shown.payload.title, shown.payload.year) == ({"en": "Bangkok Rules (UN)"}, 2012)

    # hq_b does not know hq_a's name: the id alone is shown
    deliver(hq_a, hq_b)
    [seen_by_b] = list_conflicts(hq_b)
    assert seen_by_b.leaves[1].origin_name is None
    assert sound_and_digest(hq_a) == sound_and_digest(hq_b)

    # keeping mine takes my year, and keeps theirs where only they changed something
    keep = pick_leaf(conflict, mine.version_id[:10])
    resolution = RecordService(hq_a).resolve(original.record_id, keep)
    assert sorted(resolution.parents) == sorted([mine.version_id, theirs.version_id])
    assert list_conflicts(hq_a) == []
    with pytest.raises(ValueError, match="no open conflict"):
        get_conflict(hq_a, original.record_id)
    deliver(hq_a, hq_b)
    assert list_conflicts(hq_b) == []
    resolved = RecordService(hq_b).get(Resource, original.record_id).payload
    assert (resolved.title, resolved.year) == ({"en": "Bangkok Rules (UN)"}, 2011)


def test_an_edit_against_a_delete_conflicts_on_the_record_itself(
    make_store: StoreFactory,
) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Tokyo Rules"))
    deliver(hq_a, hq_b)
    edit = RecordService(hq_a).update(original.record_id, resource("Tokyo Rules (1990)"))
    RecordService(hq_b).delete("resource", original.record_id)
    deliver(hq_b, hq_a)
    [conflict] = list_conflicts(hq_a)
    assert sorted(leaf.deleted for leaf in conflict.leaves) == [False, True]
    assert conflict.differing_fields == []
    [path] = conflict.paths
    assert path.path == []
    assert path.field is None
    assert {v.present for v in path.values} == {True, False}
    assert path.shown == edit.version_id  # not-deleted beats deleted
    assert [leaf.deleted for leaf in conflict.leaves if leaf.shown] == [False]


def test_a_delete_against_an_unchanged_copy_deletes(make_store: StoreFactory) -> None:
    """Saving a record without changing it is no edit a deletion could conflict with."""
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Tokyo Rules"))
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(original.record_id, resource("Tokyo Rules"))
    RecordService(hq_b).delete("resource", original.record_id)
    deliver(hq_b, hq_a)
    deliver(hq_a, hq_b)
    for store in (hq_a, hq_b):
        assert list_conflicts(store) == []
        assert original.record_id not in RecordService(store).ids("resource")
    assert sound_and_digest(hq_a) == sound_and_digest(hq_b)


def test_pick_leaf_and_get_conflict_refuse_what_is_not_there(make_store: StoreFactory) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Guide"))
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(original.record_id, resource("Guide A"))
    RecordService(hq_b).update(original.record_id, resource("Guide B"))
    deliver(hq_b, hq_a)
    conflict = get_conflict(hq_a, original.record_id)
    assert [p.text for p in conflict.paths] == ["title/en"]  # translations merge per language
    with pytest.raises(ValueError, match="not one of the competing versions"):
        pick_leaf(conflict, original.version_id)
    with pytest.raises(ValueError, match="not one of the competing versions"):
        pick_leaf(conflict, "abc")  # too short to be a prefix
    with pytest.raises(RecordNotFound):
        get_conflict(hq_a, "00000000-0000-0000-0000-000000000000")


def test_an_edit_during_a_conflict_keeps_the_other_sides_changes_and_the_conflict(
    make_store: StoreFactory,
) -> None:
    clock = {"ms": START}
    hq_a = make_store(role="hq", name="A", now_ms=lambda: clock["ms"])
    hq_b = make_store(role="hq", name="B", now_ms=lambda: clock["ms"])
    original = RecordService(hq_a).create(resource("Guide", year=2000, publisher="UNODC"))
    deliver(hq_a, hq_b)
    clock["ms"] += 1000
    mine = RecordService(hq_a).update(
        original.record_id, resource("Guide", year=2001, publisher="UNODC", series="Toolkits")
    )
    clock["ms"] += 1000
    RecordService(hq_b).update(original.record_id, resource("Guide (UN)", year=2002))
    deliver(hq_b, hq_a)
    service = RecordService(hq_a)
    shown = service.get(Resource, original.record_id)
    assert shown.in_conflict
    assert (shown.payload.title, shown.payload.series) == ({"en": "Guide (UN)"}, "Toolkits")
    clock["ms"] += 1000
    edit = service.update(
        original.record_id,
        shown.payload.model_copy(update={"summary": {"en": "A practical guide"}}),
        base_leaves=shown.leaves,
    )
    assert edit.version_id not in shown.leaves
    assert mine.version_id in edit.leaves  # the edit named only the shown leaf
    [conflict] = list_conflicts(hq_a)
    assert [p.text for p in conflict.paths] == ["year"]  # nothing re-conflicts
    after = service.get(Resource, original.record_id).payload
    assert after.title == {"en": "Guide (UN)"}  # their change, kept
    assert after.series == "Toolkits"  # mine, kept
    assert after.summary == {"en": "A practical guide"}  # the edit
    with pytest.raises(StaleEdit):  # a view read before the edit is stale now
        service.update(original.record_id, shown.payload, base_leaves=shown.leaves)
    deliver(hq_a, hq_b)
    assert sound_and_digest(hq_a) == sound_and_digest(hq_b)
