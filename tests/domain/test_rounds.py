"""Comparing two rounds of a country's self-assessment, also across form versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from icati_desktop.domain.assessments import Answer
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.rounds import DomainChange, ItemChange, compare_rounds, item_pairs
from icati_desktop.domain.scoring import score_assessment
from tests.domain.scoring_helpers import ANCHORS, assess, mini_form, score


def form(version: str, d1: list[dict[str, Any]], **extra: Any) -> FormDefinition:
    return FormDefinition.model_validate(
        {
            "form_id": "rounds",
            "version": version,
            "title": {"en": "Rounds"},
            "languages": ["en"],
            "default_language": "en",
            "scale": {"anchors": ANCHORS, "dont_know_label": {"en": "Don't know"}},
            "domains": [
                {"code": "D1", "title": {"en": "Law"}, "elements": d1},
                {
                    "code": "D2",
                    "title": {"en": "Stages"},
                    "elements": [score("stage_a", continuum_stage="court")],
                },
            ],
            **extra,
        }
    )


V1 = form("1", [score("law", weight=2, key_item=True), score("strategy"), score("old_only")])
V2_ITEMS = [
    score("law", weight=2, key_item=True),
    score("strategy_named"),
    score("strategy"),  # the name is reused for a new question
    score("new_only"),
]
RENAMED = [{"from_form_version": "1", "from_item": "strategy", "to_item": "strategy_named"}]
V2 = form("2", V2_ITEMS, crosswalk=RENAMED)


def round_of(definition: FormDefinition, answers: dict[str, Any], on: date, **fields: Any) -> Any:
    assessment = assess(definition, answers, assessed_on=on, **fields)
    return definition, assessment, score_assessment(definition, assessment)


EARLIER = round_of(V1, {"law": 1, "strategy": 2, "old_only": 3, "stage_a": "dk"}, date(2024, 3, 1))
LATER = round_of(
    V2, {"law": 1, "strategy_named": 3, "strategy": 0, "stage_a": 2}, date(2025, 3, 10)
)


def test_items_are_matched_through_the_crosswalk() -> None:
    assert item_pairs(V1, V2) == [
        ("law", "law"),
        ("strategy", "strategy_named"),  # the crosswalk wins over the same name
        ("stage_a", "stage_a"),
        (None, "strategy"),
        (None, "new_only"),
        ("old_only", None),
    ]


def test_a_comparison_across_two_form_versions() -> None:
    comparison = compare_rounds(EARLIER, LATER)
    assert (comparison.earlier_version, comparison.later_version) == ("1", "2")
    assert comparison.crosswalk_used
    # D1 before: (2·1 + 2 + 3) / 4 = 1.75. After: law 1 (weight 2), strategy_named 3,
    # strategy 0, new_only unanswered (3 of 4 answered): (2 + 3 + 0) / 4 = 1.25.
    # D2 before: its only item "don't know" → insufficient; after: 2.
    assert comparison.domains == (
        DomainChange("D1", Decimal("1.75"), Decimal("1.25"), Decimal("-0.50")),
        DomainChange("D2", None, Decimal("2.00"), None),
    )
    assert comparison.mean_change == Decimal("-0.50")
    assert [(c.item, c.before_item, c.kind) for c in comparison.items] == [
        ("strategy_named", "strategy", "changed"),
        ("stage_a", "stage_a", "changed"),
        ("strategy", None, "added"),
        ("new_only", None, "added"),
        (None, "old_only", "removed"),
    ]
    renamed, stage, reused, new, removed = comparison.items
    assert (renamed.before, renamed.after) == (Answer(value=2), Answer(value=3))
    assert stage.before is not None
    assert stage.before.is_dont_know
    assert (reused.before, reused.after) == (None, Answer(value=0))
    assert (new.before, new.after) == (None, Answer())
    assert (removed.before, removed.after) == (Answer(value=3), None)


def test_a_crosswalk_from_another_version_is_not_used() -> None:
    elsewhere = [{**RENAMED[0], "from_form_version": "0.9"}]
    later = round_of(
        form("2", V2_ITEMS, crosswalk=elsewhere),
        {"law": 1, "strategy_named": 3, "strategy": 0, "stage_a": 2},
        date(2025, 3, 10),
    )
    comparison = compare_rounds(EARLIER, later)
    assert not comparison.crosswalk_used
    assert ("strategy", "strategy", "changed") in [
        (c.item, c.before_item, c.kind) for c in comparison.items
    ]
    assert ("strategy_named", None, "added") in [
        (c.item, c.before_item, c.kind) for c in comparison.items
    ]


def test_the_same_version_lists_only_changed_answers() -> None:
    first = round_of(V1, {"law": 1, "strategy": 2, "old_only": 3}, date(2024, 3, 1))
    second = round_of(
        V1,
        {"law": 2, "strategy": 2, "old_only": 3},
        date(2025, 3, 1),
        phase_override={
            "phase": 2,
            "reason": "Steering committee formed",
            "by": "TA expert",
            "at": "2025-03-02T10:00:00+00:00",
        },
    )
    comparison = compare_rounds(first, second)
    assert comparison.items == (
        ItemChange("law", "law", Answer(value=1), Answer(value=2), "changed"),
    )
    # D1 (2·1 + 2 + 3)/4 = 1.75 → (2·2 + 2 + 3)/4 = 2.25; D2 unanswered both times.
    assert comparison.domains[0].change == Decimal("0.50")
    assert (comparison.earlier_phase, comparison.later_phase) == (1, 2)
    assert not comparison.crosswalk_used


def test_changed_repeat_group_entries_are_named() -> None:
    mini = mini_form()
    sites = [{"site_records": {"value": 1}}]
    first = round_of(mini, {}, date(2024, 1, 1), repeats={"sites": sites})
    same = round_of(mini, {}, date(2025, 1, 1), repeats={"sites": sites})
    more = round_of(mini, {}, date(2025, 1, 1), repeats={"sites": [*sites, *sites]})
    assert compare_rounds(first, same).repeat_groups_changed == ()
    assert compare_rounds(first, more).repeat_groups_changed == ("sites",)


def test_rounds_of_two_countries_or_in_reverse_are_refused() -> None:
    other = round_of(V2, {}, date(2025, 3, 10), country="COL")
    with pytest.raises(ValueError, match="two countries"):
        compare_rounds(EARLIER, other)
    with pytest.raises(ValueError, match="pass them oldest first"):
        compare_rounds(LATER, EARLIER)
    with pytest.raises(ValueError, match="pass the form version it was answered on"):
        compare_rounds((V2, EARLIER[1], EARLIER[2]), LATER)
