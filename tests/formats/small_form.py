"""A small form with one item of every type, a nested group and a repeat group, and the
default form as shipped — shared by the submission, export and assessment-store tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from icati_desktop.domain.forms import FormDefinition

CONTENT = Path(__file__).resolve().parents[2] / "resources" / "content"


def default_form() -> FormDefinition:
    return FormDefinition.model_validate_json(
        (CONTENT / "forms" / "ati_self_assessment.json").read_text(encoding="utf-8")
    )


def _item(name: str, type_: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "item", "name": name, "type": type_, "label": {"en": name}, **extra}


def small_form_data(version: str = "1", *, with_budget: bool = True) -> dict[str, Any]:
    d2: list[dict[str, Any]] = [
        _item("coordination", "score", weight=2, key_item=True),
        _item("partners", "select_multiple", choices="agencies"),
        {
            "kind": "group",
            "name": "sites",
            "repeat": True,
            "items": [_item("site_name", "text"), _item("site_score", "score")],
        },
    ]
    if with_budget:
        d2.insert(1, _item("budget", "decimal"))
    return {
        "form_id": "small",
        "version": version,
        "title": {"en": "Small form"},
        "languages": ["en", "fr"],
        "default_language": "en",
        "scale": {
            "anchors": [{"value": v, "label": {"en": f"anchor {v}"}} for v in range(5)],
            "dont_know_label": {"en": "Don't know"},
        },
        "choice_lists": [
            {
                "name": "yes_no",
                "choices": [
                    {"name": "yes", "label": {"en": "Yes"}},
                    {"name": "no", "label": {"en": "No"}},
                ],
            },
            {
                "name": "agencies",
                "choices": [
                    {"name": "police", "label": {"en": "Police"}},
                    {"name": "health", "label": {"en": "Health"}},
                    {"name": "courts", "label": {"en": "Courts"}},
                ],
            },
        ],
        "domains": [
            {
                "code": "D1",
                "title": {"en": "Law", "fr": "Droit"},
                "elements": [
                    _item("intro", "note"),
                    _item("law", "score", weight=2, key_item=True),
                    {
                        "kind": "group",
                        "name": "details",
                        "items": [
                            _item("has_strategy", "select_one", choices="yes_no"),
                            _item("strategy_year", "integer"),
                            _item("adopted_on", "date"),
                            _item("comment", "text"),
                        ],
                    },
                ],
            },
            {"code": "D2", "title": {"en": "Coordination"}, "elements": d2},
        ],
    }


def small_form(version: str = "1", **options: Any) -> FormDefinition:
    return FormDefinition.model_validate(small_form_data(version, **options))


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
