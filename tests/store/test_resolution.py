"""Per-path resolution: the base of a fork, one merged version, refusals."""

from __future__ import annotations

from uuid import uuid4

import pytest

from icati_desktop.domain.library import Resource
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.records import RecordService, StaleEdit
from icati_desktop.store.resolution import (
    BASE,
    ResolutionRefused,
    conflict_detail,
    list_conflict_details,
    record_title,
    resolve_with_choices,
)
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory, all_versions, deliver, resource

START = 1_800_000_000_000


def fork(
    make_store: StoreFactory, base: Resource, mine: Resource, theirs: Resource
) -> tuple[Store, Store, str, str, str, str]:
    """Two HQ stores edit one resource concurrently; A sees both leaves.

    Returns (A, B, record id, base version, A's leaf, B's leaf). B's edit is newer, so it
    is the shown winner on A.
    """
    clock = {"ms": START}
    hq_a = make_store(role="hq", name="Vienna", now_ms=lambda: clock["ms"])
    hq_b = make_store(role="hq", name="Nairobi", now_ms=lambda: clock["ms"])
    original = RecordService(hq_a).create(base)
    deliver(hq_a, hq_b)
    clock["ms"] += 1000
    a = RecordService(hq_a).update(original.record_id, mine)
    clock["ms"] += 1000
    b = RecordService(hq_b).update(original.record_id, theirs)
    deliver(hq_b, hq_a)
    return hq_a, hq_b, original.record_id, original.version_id, a.version_id, b.version_id


def test_the_base_is_the_common_ancestor_and_paths_are_laid_out(
    make_store: StoreFactory,
) -> None:
    hq_a, _b, rid, base, mine, theirs = fork(
        make_store,
        resource("Bangkok Rules", year=2010, publisher="UNODC"),
        resource("Bangkok Rules", year=2011, publisher="UNODC Vienna"),
        resource("Bangkok Rules (UN)", year=2012, publisher="UN"),
    )
    detail = conflict_detail(hq_a, rid)
    assert detail.record_type == "resource"
    assert detail.title == "Bangkok Rules (UN)"  # the merge: only theirs changed the title
    assert detail.base is not None
    assert detail.base.version_id == base
    assert (detail.mine, detail.theirs, detail.winner) == (mine, [theirs], theirs)
    assert detail.columns == [mine, theirs]
    assert [f.field for f in detail.differing] == ["publisher", "year"]  # model order
    by_name = {f.field: f for f in detail.fields}
    assert by_name["year"].values == {BASE: 2010, mine: 2011, theirs: 2012}
    assert by_name["year"].shown == theirs
    assert by_name["year"].changed_since_base
    assert not by_name["title"].differs  # settled by the merge
    assert by_name["title"].values[theirs] == {"en": "Bangkok Rules (UN)"}
    assert not by_name["resource_type"].changed_since_base
    assert detail.merged["title"] == {"en": "Bangkok Rules (UN)"}
    assert detail.payload_of(BASE) == {
        **detail.merged,
        "title": {"en": "Bangkok Rules"},
        "year": 2010,
        "publisher": "UNODC",
    }
    assert [d.record_id for d in list_conflict_details(hq_a)] == [rid]


def test_a_per_path_choice_writes_one_version_whose_parents_are_all_leaves(
    make_store: StoreFactory,
) -> None:
    hq_a, hq_b, rid, _base, mine, theirs = fork(
        make_store,
        resource("Bangkok Rules", year=2010, publisher="UNODC"),
        resource("Bangkok Rules", year=2011, publisher="UNODC Vienna"),
        resource("Bangkok Rules (UN)", year=2012, publisher="UN"),
    )
    before = len(all_versions(hq_a))
    version = resolve_with_choices(hq_a, rid, {"year": mine, "publisher": BASE})
    assert sorted(version.parents) == sorted([mine, theirs])
    assert len(all_versions(hq_a)) == before + 1
    assert list_conflicts(hq_a) == []
    shown = RecordService(hq_a).get(Resource, rid).payload
    assert (shown.title, shown.year, shown.publisher) == (
        {"en": "Bangkok Rules (UN)"},
        2011,
        "UNODC",
    )
    # the resolution travels like any version and closes the conflict on the other side
    deliver(hq_a, hq_b)
    assert list_conflicts(hq_b) == []
    assert RecordService(hq_b).get(Resource, rid).payload.year == 2011


def test_paths_not_chosen_keep_what_the_record_shows(make_store: StoreFactory) -> None:
    hq_a, _b, rid, _base, mine, _theirs = fork(
        make_store,
        resource("Guide", year=2010, publisher="A"),
        resource("Guide", year=2011, publisher="B"),
        resource("Guide (2nd ed.)", year=2012, publisher="C"),
    )
    resolve_with_choices(hq_a, rid, {"year": mine})
    shown = RecordService(hq_a).get(Resource, rid).payload
    assert (shown.title, shown.year, shown.publisher) == ({"en": "Guide (2nd ed.)"}, 2011, "C")


def test_a_merge_the_model_refuses_shows_the_winner_and_lists_what_it_left_out(
    make_store: StoreFactory,
) -> None:
    """Mine drops the series; theirs renumbers it. Merged, the number would have no series."""
    hq_a, _b, rid, _base, mine, theirs = fork(
        make_store,
        resource("Handbook", series="Toolkits", series_order=1),
        resource("Handbook"),
        resource("Handbook", series="Toolkits", series_order=2),
    )
    detail = conflict_detail(hq_a, rid)
    assert detail.fallback is not None
    assert "series_order" in detail.fallback
    assert [f.field for f in detail.differing] == ["series", "series_order"]
    shown = RecordService(hq_a).get(Resource, rid).payload
    assert (shown.series, shown.series_order) == ("Toolkits", 2)  # the winner, whole
    before = all_versions(hq_a)
    with pytest.raises(ResolutionRefused, match="series_order needs a series") as refused:
        resolve_with_choices(hq_a, rid, {"series": mine, "series_order": theirs})
    assert {"series", "series_order"} <= set(refused.value.fields)
    assert "series_order" in str(refused.value)
    assert all_versions(hq_a) == before
    assert [c.record_id for c in list_conflicts(hq_a)] == [rid]
    resolve_with_choices(hq_a, rid, {"series": mine, "series_order": mine})
    shown = RecordService(hq_a).get(Resource, rid).payload
    assert (shown.series, shown.series_order) == (None, None)


def test_choices_that_name_nothing_real_are_refused(make_store: StoreFactory) -> None:
    hq_a, _b, rid, _base, mine, _theirs = fork(
        make_store, resource("A"), resource("A1"), resource("A2")
    )
    with pytest.raises(ResolutionRefused, match="no such field") as refused:
        resolve_with_choices(hq_a, rid, {"colour": mine})
    assert refused.value.fields == ["colour"]
    with pytest.raises(ResolutionRefused, match="not one of the competing versions"):
        resolve_with_choices(hq_a, rid, {"title/en": "f" * 64})
    assert len(list_conflicts(hq_a)) == 1


def test_a_record_that_changed_since_it_was_shown_is_refused(make_store: StoreFactory) -> None:
    hq_a, _b, rid, _base, mine, theirs = fork(
        make_store, resource("A"), resource("A1"), resource("A2")
    )
    with pytest.raises(StaleEdit, match="arrived while it was open"):
        resolve_with_choices(hq_a, rid, {"title/en": mine}, expected_leaves=[mine])
    resolve_with_choices(hq_a, rid, {"title/en": mine}, expected_leaves=[theirs, mine])
    assert RecordService(hq_a).get(Resource, rid).payload.title == {"en": "A1"}
    with pytest.raises(ValueError, match="no open conflict"):
        resolve_with_choices(hq_a, rid, {"title/en": mine})


def test_two_creations_share_no_base(make_store: StoreFactory) -> None:
    hq_a = make_store(role="hq", name="A")
    hq_b = make_store(role="hq", name="B")
    rid = uuid4()
    RecordService(hq_a).create(resource("Made in A", year=2001, publisher="Same"), rid)
    RecordService(hq_b).create(resource("Made in B", year=2002, publisher="Same"), rid)
    deliver(hq_b, hq_a)
    detail = conflict_detail(hq_a, str(rid))
    assert detail.base is None
    assert [f.field for f in detail.differing] == ["title/en", "year"]  # equal values agree
    assert all(BASE not in f.values for f in detail.fields)
    assert all(f.changed_since_base for f in detail.differing)
    with pytest.raises(ResolutionRefused, match="no common base"):
        resolve_with_choices(hq_a, str(rid), {"year": BASE})
    version = resolve_with_choices(hq_a, str(rid), {"title/en": detail.mine})
    assert sorted(version.parents) == sorted(detail.columns)
    assert RecordService(hq_a).get(Resource, rid).payload.title == {"en": "Made in A"}


def test_an_edit_against_a_delete_can_be_kept_deleted(make_store: StoreFactory) -> None:
    hq_a, hq_b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    original = RecordService(hq_a).create(resource("Tokyo Rules"))
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(original.record_id, resource("Tokyo Rules (1990)"))
    RecordService(hq_b).delete("resource", original.record_id)
    deliver(hq_b, hq_a)
    detail = conflict_detail(hq_a, original.record_id)
    deleted = next(leaf.version_id for leaf in detail.leaves if leaf.deleted)
    assert detail.payload_of(deleted) is None
    with pytest.raises(ResolutionRefused, match="deletes the record"):
        resolve_with_choices(hq_a, original.record_id, {"title": deleted})
    version = resolve_with_choices(hq_a, original.record_id, {}, keep_deleted=True)
    assert version.deleted
    assert sorted(version.parents) == sorted(detail.columns)
    assert list_conflicts(hq_a) == []
    assert original.record_id not in RecordService(hq_a).ids("resource")


def test_three_leaves_list_every_other_leaf_as_theirs(make_store: StoreFactory) -> None:
    clock = {"ms": START}
    stores = [make_store(role="hq", name=name, now_ms=lambda: clock["ms"]) for name in "ABC"]
    original = RecordService(stores[0]).create(resource("Guide", year=2000))
    for other in stores[1:]:
        deliver(stores[0], other)
    leaves = []
    for index, store in enumerate(stores):
        clock["ms"] += 1000
        leaves.append(
            RecordService(store)
            .update(original.record_id, resource("Guide", year=2001 + index))
            .version_id
        )
    for other in stores[1:]:
        deliver(other, stores[0])
    detail = conflict_detail(stores[0], original.record_id)
    assert detail.base is not None
    assert detail.base.version_id == original.version_id
    assert detail.mine == leaves[0]
    assert detail.theirs == [leaves[2], leaves[1]]  # newest first
    [year] = list(detail.differing)
    assert year.values == {BASE: 2000, leaves[0]: 2001, leaves[1]: 2002, leaves[2]: 2003}
    assert year.shown == leaves[2]  # the newest of those that changed it
    version = resolve_with_choices(stores[0], original.record_id, {"year": leaves[1]})
    assert sorted(version.parents) == sorted(leaves)
    assert RecordService(stores[0]).get(Resource, original.record_id).payload.year == 2002


def test_after_a_partial_resolution_the_base_is_the_newest_common_ancestor(
    make_store: StoreFactory,
) -> None:
    """A resolves a first fork; B, which saw that resolution, forks again from it."""
    hq_a, hq_b, rid, _base, mine, _theirs = fork(
        make_store, resource("A", year=2000), resource("A", year=2001), resource("B", year=2002)
    )
    first = resolve_with_choices(hq_a, rid, {"year": mine})
    deliver(hq_a, hq_b)
    RecordService(hq_a).update(rid, resource("B", year=2005))
    RecordService(hq_b).update(rid, resource("B", year=2006))
    deliver(hq_b, hq_a)
    detail = conflict_detail(hq_a, rid)
    assert detail.base is not None
    assert detail.base.version_id == first.version_id
    assert {f.field: f.values for f in detail.differing}["year"][BASE] == 2001


def test_record_title_picks_a_human_title() -> None:
    assert record_title({"title": {"en": "Guide", "fr": "Guide FR"}}, "fr") == "Guide FR"
    assert record_title({"title": {"ar": "دليل"}}, "fr") == "دليل"
    assert record_title({"title": "", "country": "KEN", "held_on": "2025-03-01"}) == (
        "KEN · 2025-03-01"
    )
    assert record_title({"display_name": "Amina"}) == "Amina"
    assert record_title(None) is None
    assert record_title({"year": 2000}) is None
