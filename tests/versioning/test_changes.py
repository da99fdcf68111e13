"""The shared diff rule: which leaf paths changed between two payloads."""

from __future__ import annotations

from icati_desktop.versioning.changes import MISSING, Change, ElementId, changed_paths, value_at


def test_equal_payloads_have_no_changes() -> None:
    payload = {"title": {"en": "A"}, "topics": ["x"], "answers": {"d3": {"value": 1}}}
    assert changed_paths(payload, dict(payload)) == []


def test_maps_are_compared_key_by_key_to_the_leaves() -> None:
    old = {"answers": {"d3": {"kind": "score", "value": 1}, "d9": {"kind": "dk"}}, "n": 1}
    new = {"answers": {"d3": {"kind": "score", "value": 3}, "d9": {"kind": "dk"}}, "n": 1}
    assert changed_paths(old, new) == [Change(("answers", "d3", "value"), 1, 3)]


def test_added_and_removed_keys_carry_missing_on_the_other_side() -> None:
    changes = changed_paths({"title": {"en": "A"}}, {"title": {"en": "A", "fr": "B"}})
    assert changes == [Change(("title", "fr"), MISSING, "B")]
    assert changed_paths({"a": 1, "b": 2}, {"a": 1}) == [Change(("b",), 2, MISSING)]


def test_plain_lists_are_one_value_and_null_is_not_missing() -> None:
    assert changed_paths({"topics": ["a", "b"]}, {"topics": ["b", "a"]}) == [
        Change(("topics",), ["a", "b"], ["b", "a"])
    ]
    assert changed_paths({"year": None}, {"year": 2020}) == [Change(("year",), None, 2020)]
    assert changed_paths({"flag": True}, {"flag": 1}) == [Change(("flag",), True, 1)]


def test_lists_of_elements_with_ids_are_compared_element_by_element() -> None:
    old = {"attendees": [{"id": "a", "role": "chair"}, {"id": "b", "role": "guest"}]}
    new = {"attendees": [{"id": "b", "role": "host"}, {"id": "a", "role": "chair"}]}
    assert changed_paths(old, new) == [
        Change(("attendees", ElementId("b"), "role"), "guest", "host")
    ]
    assert value_at(new, ("attendees", ElementId("b"), "role")) == "host"
    assert value_at(new, ("attendees", ElementId("z"))) is MISSING


def test_a_creation_and_a_deletion_list_every_top_level_field() -> None:
    payload = {"b": 2, "a": {"x": 1}}
    assert changed_paths(None, payload) == [
        Change(("a",), MISSING, {"x": 1}),
        Change(("b",), MISSING, 2),
    ]
    assert [c.path for c in changed_paths(payload, None)] == [("a",), ("b",)]
    assert changed_paths(None, None) == []


def test_a_value_that_changes_kind_is_one_change() -> None:
    assert changed_paths({"v": {"a": 1}}, {"v": [1]}) == [Change(("v",), {"a": 1}, [1])]
