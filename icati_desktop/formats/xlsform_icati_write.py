"""ICATI's own sheets written for an exported form (see
:mod:`icati_desktop.formats.xlsform_icati` for what each holds and how it is read back)."""

from __future__ import annotations

from collections.abc import Callable

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.formats.xlsform_icati import (
    ADVICE,
    CONDITION_FIELDS,
    CROSSWALK,
    DESCRIPTIONS,
    PHASES,
    POLICY_FIELDS,
    SCORING_FIELDS,
    SETTINGS,
)

Cells = list[object]
ColumnName = Callable[[str], str]
"""A language code → its column suffix (``en`` → ``English (en)``)."""


def _texts(base: str, languages: list[str], column: ColumnName) -> list[str]:
    return [f"{base}::{column(code)}" for code in languages]


def _in(text: dict[str, str], languages: list[str]) -> list[object]:
    return [text.get(code) for code in languages]


def icati_sheets(form: FormDefinition, column: ColumnName) -> dict[str, list[Cells]]:
    """The rows (header first) of each ICATI sheet the form needs to travel whole."""
    langs = list(form.languages)
    policy, scoring = form.advice, form.scoring
    sheets: dict[str, list[Cells]] = {
        SETTINGS: [
            [
                *_texts("title", langs, column),
                *_texts("description", langs, column),
                "languages",
                *SCORING_FIELDS,
                *POLICY_FIELDS,
                *_texts("mapping_action", langs, column),
            ],
            [
                *_in(form.title, langs),
                *_in(form.description, langs),
                " ".join(langs),
                *(str(getattr(scoring, name)) for name in SCORING_FIELDS),
                *(str(getattr(policy, name)) for name in POLICY_FIELDS),
                *_in(policy.mapping_action, langs),
            ],
        ]
    }
    described: list[Cells] = [
        ["domain", d.code, *_in(d.description, langs)] for d in form.domains if d.description
    ]
    described += [
        ["scale", str(a.value), *_in(a.description, langs)]
        for a in form.scale.anchors
        if a.description
    ]
    if described:
        sheets[DESCRIPTIONS] = [["of", "name", *_texts("description", langs, column)], *described]
    if form.phase_rules:
        rows: list[Cells] = [["phase", "condition", *CONDITION_FIELDS]]
        for rule in form.phase_rules:
            for condition in rule.conditions:
                values = condition.model_dump(mode="json")
                if "item" in values:
                    values["items"] = values.pop("item")
                elif "items" in values:
                    values["items"] = " ".join(values["items"])
                rows.append(
                    [rule.phase, condition.kind, *(values.get(f) for f in CONDITION_FIELDS)]
                )
        sheets[PHASES] = rows
    if form.advice_rules:
        sheets[ADVICE] = [
            [
                "domain",
                "library_tags",
                *_texts("action", langs, column),
                *_texts("support_offer", langs, column),
            ],
            *(
                [
                    r.domain,
                    " ".join(r.library_tags),
                    *_in(r.action, langs),
                    *_in(r.support_offer, langs),
                ]
                for r in form.advice_rules
            ),
        ]
    if form.crosswalk:
        walked: list[Cells] = [["from_version", "from_item", "to_item"]]
        walked.extend([e.from_form_version, e.from_item, e.to_item] for e in form.crosswalk)
        sheets[CROSSWALK] = walked
    return sheets


__all__ = ["Cells", "ColumnName", "icati_sheets"]
