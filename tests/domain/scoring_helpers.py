"""Forms and assessments for the scoring, rounds and assessment-text tests."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition

FORM_FILE = (
    Path(__file__).resolve().parents[2]
    / "resources"
    / "content"
    / "forms"
    / "ati_self_assessment.json"
)
ANCHORS = [{"value": v, "label": {"en": f"anchor {v}"}} for v in range(5)]


@cache
def default_form() -> FormDefinition:
    """The Country ATI Self-assessment HQ ships (D1–D9, 35 score items)."""
    return FormDefinition.model_validate_json(FORM_FILE.read_text(encoding="utf-8"))


def default_answers(value: int | str, **items: int | str) -> dict[str, Any]:
    """Every score item of the default form answered ``value``, except ``items``."""
    answers: dict[str, Any] = {item.name: value for _, item in default_form().items()}
    answers.update(items)
    return answers


def domain_answers(code: str, *values: int | str) -> dict[str, int | str]:
    """The items of one default-form domain, in form order, answered ``values``."""
    names = [item.name for item in default_form().domain(code).items()]
    assert len(names) == len(values), f"{code} has {len(names)} items"
    return dict(zip(names, values, strict=True))


def assess(form: FormDefinition, answers: dict[str, Any], **fields: Any) -> Assessment:
    data: dict[str, Any] = {
        "country": "KEN",
        "form_id": form.form_id,
        "form_version": form.version,
        "assessed_on": date(2025, 3, 14),
        "answers": {name: {"value": value} for name, value in answers.items()},
    }
    data.update(fields)
    return Assessment.model_validate(data)


def score(name: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "item", "name": name, "type": "score", "label": {"en": name}, **extra}


def mini_form_data() -> dict[str, Any]:
    """A small form whose rules name nothing of the default form.

    D1 "Law": five items (``a1`` weight 2), for the 60 % / 40 % boundaries.
    D5 "Stages": three continuum-stage items and a yes/no select item.
    D7 "Data": two items inside a repeat group (one entry per site); no advice rule.
    Phase 2: D1 ≥ 1 and ``trained`` = yes. Phase 3: a stage item ≥ 2 and every domain ≥ 1.
    """
    return {
        "form_id": "mini",
        "version": "1",
        "title": {"en": "Mini", "fr": "Mini (fr)"},
        "languages": ["en", "fr"],
        "default_language": "en",
        "scale": {"anchors": ANCHORS, "dont_know_label": {"en": "Not sure"}},
        "choice_lists": [
            {
                "name": "yes_no",
                "choices": [
                    {"name": "yes", "label": {"en": "Yes", "fr": "Oui"}},
                    {"name": "no", "label": {"en": "No", "fr": "Non"}},
                ],
            }
        ],
        "domains": [
            {
                "code": "D1",
                "title": {"en": "Law", "fr": "Droit"},
                "elements": [
                    score("a1", weight=2, key_item=True),
                    score("a2"),
                    score("a3"),
                    score("a4"),
                    score("a5"),
                ],
            },
            {
                "code": "D5",
                "title": {"en": "Stages"},
                "elements": [
                    score("s_first", continuum_stage="pre_arrest", label={"en": "First stage"}),
                    score("s_middle", continuum_stage="court", label={"en": "Middle stage"}),
                    score("s_last", continuum_stage="post_sentence", label={"en": "Last stage"}),
                    {
                        "kind": "item",
                        "name": "trained",
                        "type": "select_one",
                        "choices": "yes_no",
                        "label": {"en": "Trained?"},
                    },
                ],
            },
            {
                "code": "D7",
                "title": {"en": "Data"},
                "elements": [
                    {
                        "kind": "group",
                        "name": "sites",
                        "repeat": True,
                        "items": [score("site_records"), score("site_reports")],
                    }
                ],
            },
        ],
        "phase_rules": [
            {
                "phase": 2,
                "conditions": [
                    {"kind": "domain_at_least", "domain": "D1", "min": 1},
                    {"kind": "item_equals", "item": "trained", "value": "yes"},
                ],
            },
            {
                "phase": 3,
                "conditions": [
                    {
                        "kind": "items_count_at_least",
                        "items": ["s_first", "s_middle", "s_last"],
                        "count": 1,
                        "min": 2,
                    },
                    {"kind": "every_domain_at_least", "min": 1},
                ],
            },
        ],
        "advice_rules": [
            {
                "domain": "D1",
                "library_tags": ["legal"],
                "action": {"en": "Review the law.", "fr": "Revoir la loi."},
                "support_offer": {"en": "Legal review"},
            },
            {
                "domain": "D5",
                "library_tags": ["continuum"],
                "action": {"en": "Map the stages."},
                "support_offer": {"en": "Intercept mapping."},
            },
        ],
    }


def mini_form(**changes: Any) -> FormDefinition:
    data = mini_form_data()
    data.update(changes)
    return FormDefinition.model_validate(data)
