"""The merge rule per field type, on plain JSON: hand-written cases."""

from __future__ import annotations

from typing import Any

import pytest

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.library import Resource
from icati_desktop.domain.meetings import Meeting
from icati_desktop.domain.merge_rules import (
    ATOMIC,
    SET,
    MergeKind,
    MergeSpec,
    merge_spec,
)
from icati_desktop.domain.registry import record_types
from icati_desktop.versioning.merge import (
    MISSING,
    Side,
    differing_paths,
    merge_order,
    merge_values,
    value_at,
    with_value_at,
)

OBJECT = MergeSpec(
    MergeKind.OBJECT,
    fields=(
        ("title", ATOMIC),
        ("tags", SET),
        (
            "answers",
            MergeSpec(
                MergeKind.MAP,
                item=MergeSpec(MergeKind.OBJECT, fields=(("value", ATOMIC), ("note", ATOMIC))),
            ),
        ),
        (
            "items",
            MergeSpec(
                MergeKind.KEYED,
                key="id",
                item=MergeSpec(
                    MergeKind.OBJECT, fields=(("id", ATOMIC), ("text", ATOMIC), ("done", ATOMIC))
                ),
            ),
        ),
    ),
)


def merge(base: Any, *sides: Any) -> tuple[Any, list[Any]]:
    """Sides named a, b, c… ranked a highest."""
    ranked = [Side(chr(ord("a") + i), (len(sides) - i,), value) for i, value in enumerate(sides)]
    return merge_values(OBJECT, base, ranked)


def doc(**fields: Any) -> dict[str, Any]:
    return {"title": "T", "tags": [], "answers": {}, "items": [], **fields}


def item(key: str, text: str = "", done: bool = False) -> dict[str, Any]:
    return {"id": key, "text": text, "done": done}


# --- scalars and objects ---------------------------------------------------------------------
def test_a_change_on_one_side_is_kept() -> None:
    merged, conflicts = merge(doc(), doc(title="A"), doc())
    assert merged == doc(title="A")
    assert conflicts == []
    merged, conflicts = merge(doc(), doc(), doc(title="B"))
    assert merged == doc(title="B")
    assert conflicts == []


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    merged, conflicts = merge(doc(), doc(title="X"), doc(title="X"))
    assert merged == doc(title="X")
    assert conflicts == []


def test_different_changes_of_a_scalar_conflict_and_show_the_higher_rank() -> None:
    merged, [conflict] = merge(doc(), doc(title="A"), doc(title="B"))
    assert merged["title"] == "A"
    assert conflict.path == ("title",)
    assert conflict.base == "T"
    assert conflict.values == (("a", "A"), ("b", "B"))
    assert conflict.changed == ("a", "b")
    assert conflict.shown == "a"


def test_the_side_order_given_does_not_matter_only_the_ranks() -> None:
    sides = [Side("a", (2,), doc(title="A")), Side("b", (1,), doc(title="B"))]
    one = merge_values(OBJECT, doc(), sides)
    other = merge_values(OBJECT, doc(), list(reversed(sides)))
    assert one[0] == other[0]
    assert one[1][0].shown == other[1][0].shown == "a"


# --- maps -------------------------------------------------------------------------------------
def test_maps_merge_key_by_key_and_field_by_field_inside() -> None:
    base = doc(answers={"d3": {"value": 1, "note": ""}, "d9": {"value": 2, "note": ""}})
    a = doc(answers={"d3": {"value": 3, "note": ""}, "d9": {"value": 2, "note": ""}})
    b = doc(
        answers={
            "d3": {"value": 1, "note": "why"},
            "d9": {"value": 4, "note": ""},
            "d1": {"value": 0, "note": ""},
        }
    )
    merged, conflicts = merge(base, a, b)
    assert conflicts == []
    assert merged["answers"] == {
        "d1": {"value": 0, "note": ""},
        "d3": {"value": 3, "note": "why"},
        "d9": {"value": 4, "note": ""},
    }


def test_a_key_removed_on_one_side_is_removed() -> None:
    base = doc(answers={"d3": {"value": 1, "note": ""}})
    merged, conflicts = merge(base, doc(), base)
    assert merged["answers"] == {}
    assert conflicts == []


def test_a_key_removed_on_one_side_and_edited_on_the_other_conflicts_edit_shown() -> None:
    base = doc(answers={"d3": {"value": 1, "note": ""}})
    edited = doc(answers={"d3": {"value": 2, "note": ""}})
    merged, [conflict] = merge(base, doc(), edited)  # the removal ranks higher
    assert conflict.path == ("answers", "d3")
    assert conflict.values == (("a", MISSING), ("b", {"value": 2, "note": ""}))
    assert conflict.shown == "b"  # present beats absent
    assert merged["answers"] == {"d3": {"value": 2, "note": ""}}


def test_the_same_key_added_differently_on_two_sides_conflicts_on_its_field() -> None:
    a = doc(answers={"d3": {"value": 1, "note": ""}})
    b = doc(answers={"d3": {"value": 2, "note": ""}})
    _merged, [conflict] = merge(doc(), a, b)
    assert conflict.path == ("answers", "d3", "value")
    assert conflict.base is MISSING


# --- lists of elements with ids ----------------------------------------------------------------
def test_elements_merge_one_by_one_and_additions_keep_their_place() -> None:
    base = doc(items=[item("1", "x"), item("2", "y")])
    a = doc(items=[item("1", "x", done=True), item("2", "y"), item("3", "new in a")])
    b = doc(items=[item("1", "x"), item("4", "new in b"), item("2", "Y")])
    merged, conflicts = merge(base, a, b)
    assert conflicts == []
    assert merged["items"] == [
        item("1", "x", done=True),
        item("4", "new in b"),
        item("2", "Y"),
        item("3", "new in a"),
    ]


def test_an_element_removed_on_one_side_and_edited_on_the_other_conflicts() -> None:
    base = doc(items=[item("1", "x"), item("2", "y")])
    removed = doc(items=[item("2", "y")])
    edited = doc(items=[item("1", "x (edited)"), item("2", "y")])
    merged, [conflict] = merge(base, removed, edited)
    assert conflict.path == ("items", "1")
    assert conflict.shown == "b"
    assert merged["items"] == [item("1", "x (edited)"), item("2", "y")]


def test_an_element_removed_on_one_side_and_untouched_on_the_other_is_removed() -> None:
    base = doc(items=[item("1", "x"), item("2", "y")])
    merged, conflicts = merge(
        base, doc(items=[item("2", "y")]), doc(items=[item("1", "x"), item("2", "Y")])
    )
    assert conflicts == []
    assert merged["items"] == [item("2", "Y")]


def test_a_reordering_on_one_side_is_kept_and_never_conflicts() -> None:
    base = doc(items=[item("1"), item("2"), item("3")])
    reordered = doc(items=[item("3"), item("1"), item("2")])
    edited = doc(items=[item("1", "one"), item("2"), item("3")])
    merged, conflicts = merge(base, edited, reordered)
    assert conflicts == []
    assert [e["id"] for e in merged["items"]] == ["3", "1", "2"]
    assert merged["items"][1]["text"] == "one"


def test_a_list_without_usable_ids_is_merged_whole() -> None:
    base = doc(items=[item("1")])
    a = doc(items=[item("1"), item("1", "twice")])  # an id twice: not element-wise
    _merged, [conflict] = merge(base, a, doc(items=[]))
    assert conflict.path == ("items",)


# --- sets ---------------------------------------------------------------------------------------
def test_sets_keep_additions_from_either_side_and_apply_removals_from_either() -> None:
    base = doc(tags=["legal", "dtc", "ccm"])
    a = doc(tags=["legal", "dtc", "training"])  # removes ccm, adds training
    b = doc(tags=["dtc", "ccm", "funding"])  # removes legal, adds funding
    merged, conflicts = merge(base, a, b)
    assert conflicts == []
    assert sorted(merged["tags"]) == ["dtc", "funding", "training"]


# --- three sides and no base ---------------------------------------------------------------------
def test_three_sides_each_changing_something_else_all_land() -> None:
    base = doc(answers={"d1": {"value": 0, "note": ""}})
    a = doc(title="A", answers={"d1": {"value": 0, "note": ""}})
    b = doc(tags=["new"], answers={"d1": {"value": 0, "note": ""}})
    c = doc(answers={"d1": {"value": 4, "note": ""}})
    merged, conflicts = merge(base, a, b, c)
    assert conflicts == []
    assert merged == doc(title="A", tags=["new"], answers={"d1": {"value": 4, "note": ""}})


def test_with_three_sides_the_higher_rank_among_those_that_changed_it_is_shown() -> None:
    base = doc()
    merged, [conflict] = merge(base, doc(), doc(title="B"), doc(title="C"))
    assert conflict.changed == ("b", "c")
    assert conflict.values[0] == ("a", "T")  # the untouched side is listed too
    assert conflict.shown == "b"
    assert merged["title"] == "B"


def test_without_a_base_equal_values_agree_and_different_ones_conflict() -> None:
    a = doc(title="A", tags=["x"], answers={"d1": {"value": 1, "note": ""}})
    b = doc(title="T", tags=["y"], answers={"d2": {"value": 2, "note": ""}})
    merged, conflicts = merge(MISSING, a, b)
    assert [c.path for c in conflicts] == [("title",)]
    assert sorted(merged["tags"]) == ["x", "y"]
    assert set(merged["answers"]) == {"d1", "d2"}


# --- paths ----------------------------------------------------------------------------------------
def test_values_are_read_and_written_at_a_path() -> None:
    document = doc(items=[item("1", "x"), item("2", "y")], answers={"d3": {"value": 1, "note": ""}})
    assert value_at(OBJECT, document, ("items", "2", "text")) == "y"
    assert value_at(OBJECT, document, ("answers", "d9")) is MISSING
    changed = with_value_at(OBJECT, document, ("items", "2", "text"), "Y")
    assert changed["items"][1]["text"] == "Y"
    assert document["items"][1]["text"] == "y"
    assert with_value_at(OBJECT, document, ("answers", "d3"), MISSING)["answers"] == {}
    source = doc(items=[item("1"), item("9", "back"), item("2")])
    restored = with_value_at(OBJECT, document, ("items", "9"), item("9", "back"), source)
    assert [e["id"] for e in restored["items"]] == ["1", "9", "2"]
    assert differing_paths(OBJECT, document, changed) == [("items", "2", "text")]
    assert differing_paths(OBJECT, doc(tags=["a", "b"]), doc(tags=["b", "a"])) == []


def test_merge_order_places_each_addition_after_what_it_follows() -> None:
    assert merge_order([["a", "b", "c"], ["a", "x", "b"]], ["a", "b"]) == ["a", "x", "b", "c"]
    assert merge_order([["b", "a"], ["a", "b", "z"]], ["a", "b"]) == ["b", "z", "a"]


# --- the rules the models declare -----------------------------------------------------------------
def kinds(spec: MergeSpec) -> dict[str, str]:
    return {name: field.kind.value for name, field in spec.fields}


def test_every_record_type_has_a_rule_for_every_field() -> None:
    for model in record_types().values():
        spec = merge_spec(model)
        assert [name for name, _ in spec.fields] == list(model.model_fields)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (
            Assessment,
            {
                "answers": "map",
                "repeats": "map",
                "participant_ids": "set",
                "phase_override": "atomic",
                "status": "atomic",
            },
        ),
        (
            Meeting,
            {
                "agenda": "keyed",
                "attendees": "keyed",
                "follow_ups": "keyed",
                "objectives": "set",
                "barriers": "atomic",
            },
        ),
        (ActionItem, {"progress_notes": "keyed", "continuum_stages": "set"}),
        (Resource, {"title": "map", "topics": "set", "attachments": "keyed", "links": "atomic"}),
    ],
)
def test_models_declare_the_expected_rules(model: Any, expected: dict[str, str]) -> None:
    found = kinds(merge_spec(model))
    assert {name: found[name] for name in expected} == expected


def test_inside_an_answer_value_note_and_evidence_merge_apart() -> None:
    answer = merge_spec(Assessment).field("answers").child()
    assert kinds(answer) == {"value": "atomic", "note": "atomic", "evidence": "object"}
    assert kinds(answer.field("evidence")) == {"resource_ids": "set", "attachments": "set"}
    entries = merge_spec(Assessment).field("repeats").child()
    assert (entries.kind, entries.key) == (MergeKind.KEYED, "id")
    assert entries.child().field("answers").kind is MergeKind.MAP
