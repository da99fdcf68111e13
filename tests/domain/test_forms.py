from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from icati_desktop.domain.forms import FormDefinition, FormGroup, FormItem, ItemType
from icati_desktop.versioning.canonical import canonical_json

ANCHORS = [{"value": v, "label": {"en": f"anchor {v}"}} for v in range(5)]


def score(name: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "item", "name": name, "type": "score", "label": {"en": name}, **extra}


def form_data() -> dict[str, Any]:
    return {
        "form_id": "mini",
        "version": "2026.1",
        "title": {"en": "Mini", "fr": "Mini"},
        "languages": ["en", "fr"],
        "default_language": "en",
        "scale": {"anchors": ANCHORS, "dont_know_label": {"en": "Don't know"}},
        "choice_lists": [
            {
                "name": "yes_no",
                "choices": [
                    {"name": "yes", "label": {"en": "Yes"}},
                    {"name": "no", "label": {"en": "No"}},
                ],
            }
        ],
        "domains": [
            {
                "code": "D1",
                "title": {"en": "Law"},
                "elements": [score("law", weight=2, key_item=True)],
            },
            {
                "code": "D2",
                "title": {"en": "Continuum"},
                "elements": [
                    score("pre_arrest", continuum_stage="pre_arrest"),
                    {
                        "kind": "group",
                        "name": "sites",
                        "repeat": True,
                        "items": [
                            {
                                "kind": "item",
                                "name": "done",
                                "type": "select_one",
                                "choices": "yes_no",
                                "label": {"en": "Done?"},
                            },
                            score("court", continuum_stage="court"),
                        ],
                    },
                ],
            },
        ],
        "phase_rules": [
            {
                "phase": 2,
                "conditions": [
                    {"kind": "domain_at_least", "domain": "D1", "min": 1},
                    {"kind": "domains_count_at_least", "count": 2, "min": "1.5"},
                    {"kind": "item_equals", "item": "done", "value": "yes"},
                ],
            },
            {
                "phase": 3,
                "conditions": [
                    {"kind": "every_domain_at_least", "min": 2},
                    {
                        "kind": "items_count_at_least",
                        "items": ["pre_arrest", "court"],
                        "count": 1,
                        "min": 2,
                    },
                ],
            },
        ],
        "advice_rules": [
            {
                "domain": "D1",
                "library_tags": ["legal"],
                "action": {"en": "Review the law."},
                "support_offer": {"en": "Legal review."},
            }
        ],
    }


def test_a_valid_form() -> None:
    form = FormDefinition.model_validate(form_data())
    assert [item.name for _, item in form.items()] == ["law", "pre_arrest", "done", "court"]
    assert form.item("law").weight == Decimal(2)
    assert isinstance(form.domain("D2").elements[1], FormGroup)
    assert form.item("done").type is ItemType.SELECT_ONE
    assert form.scoring.min_answered_share == Decimal("0.6")
    assert form.advice.max_gaps == 3
    with pytest.raises(KeyError):
        form.item("nope")


def test_a_form_survives_the_canonical_encoding() -> None:
    form = FormDefinition.model_validate(form_data())
    again = FormDefinition.model_validate(json.loads(canonical_json(form.model_dump())))
    assert again == form


def broken(path: list[str | int], value: Any) -> dict[str, Any]:
    data = form_data()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken(["domains", 1, "code"], "D1"), "domain D1 appears twice"),
        (broken(["domains", 1, "elements", 0, "name"], "law"), "name 'law' is used twice"),
        (broken(["domains", 1, "elements", 1, "name"], "court"), "name 'court' is used twice"),
        (broken(["domains", 1, "elements", 1, "items", 0, "choices"], "yn"), "unknown choice list"),
        (broken(["domains", 0, "elements", 0, "weight"], 0), "greater than 0"),
        (broken(["domains", 0, "code"], "Law"), "should match pattern"),
        (broken(["phase_rules", 0, "conditions", 0, "domain"], "D7"), "unknown domain D7"),
        (broken(["phase_rules", 0, "conditions", 1, "count"], 3), "asks for 3 of 2 domains"),
        (broken(["phase_rules", 0, "conditions", 2, "value"], "maybe"), "'maybe' is not a choice"),
        (broken(["phase_rules", 0, "conditions", 2, "item"], "law"), "needs select_one item 'law'"),
        (broken(["phase_rules", 1, "conditions", 1, "items"], ["done"]), "needs score item 'done'"),
        (broken(["phase_rules", 1, "phase"], 2), "phase 2 has more than one rule"),
        (broken(["phase_rules", 1, "phase"], 5), "less than or equal to 4"),
        (broken(["phase_rules", 0, "conditions", 0, "kind"], "vibes"), "does not match any of"),
        (broken(["advice_rules", 0, "domain"], "D9"), "advice for unknown domain D9"),
        (broken(["advice_rules", 0, "library_tags"], ["M&E"]), "should match pattern"),
        (broken(["domains", 0, "title"], {"fr": "Droit"}), "domain D1 has no 'en' text"),
        (broken(["default_language"], "ar"), "default language 'ar' is not in languages"),
        (broken(["scale", "anchors"], ANCHORS[:4]), "one anchor for each value 0 to 4"),
        (broken(["scale", "dont_know_label"], {}), "needs a label for it"),
        (broken(["version"], "v1\n"), "should match pattern"),
        (
            broken(
                ["crosswalk"], [{"from_form_version": "2026.1", "from_item": "a", "to_item": "law"}]
            ),
            "maps from an earlier version",
        ),
        (
            broken(
                ["crosswalk"], [{"from_form_version": "1", "from_item": "a", "to_item": "gone"}]
            ),
            "crosswalk target 'gone'",
        ),
    ],
)
def test_a_broken_form_is_refused_with_a_clear_message(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        FormDefinition.model_validate(data)


def test_several_problems_are_reported_together() -> None:
    data = broken(["advice_rules", 0, "domain"], "D9")
    data["phase_rules"][0]["conditions"][0]["domain"] = "D8"
    with pytest.raises(ValidationError, match=r"unknown domain D8.*advice for unknown domain D9"):
        FormDefinition.model_validate(data)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"type": "select_one"}, "select items, and only they, name a choice list"),
        ({"type": "text", "choices": "yes_no"}, "select items, and only they, name a choice list"),
        ({"type": "integer", "key_item": True}, "only score items carry a weight or key_item"),
        ({"type": "score", "name": "1st"}, "should match pattern"),
        ({"type": "score", "relevant": ""}, "at least 1 character"),
    ],
)
def test_item_rules(item: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        FormItem.model_validate({"name": "q", "label": {"en": "Q"}} | item)
