"""Two rounds of a self-assessment compared, in words and as JSON, in a chosen language.

``icati assessment compare`` prints these; the results screen's comparison labels its
answers with :func:`answer_text` too, so both read an answer the same way. Domain scores
and changes follow the one rule of :func:`~icati_desktop.reports.form_text.score_text`.
"""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from icati_desktop.domain.assessments import (
    Answer,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DontKnowAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
)
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.rounds import ItemChange, RoundComparison
from icati_desktop.i18n import translator
from icati_desktop.reports.form_text import (
    anchor_label,
    change_text,
    choice_label,
    item_label,
    localized,
    score_text,
)

TEXT_CHARS = 80


def answer_text(answer: Answer | None, item: str, form: FormDefinition, language: str) -> str:
    """An answer as a person reads it: "2 (Planned/piloting)", "Yes", "not answered"…"""
    tr = translator(language)
    if answer is None:
        return tr.gettext("not in this form version")
    value = answer.value
    if value is None:
        return tr.gettext("not answered")
    if isinstance(value, ScoreAnswer):
        score = format_decimal(value.value, locale=language)
        return f"{score} ({anchor_label(value.value, form, language)})"
    if isinstance(value, DontKnowAnswer):
        return localized(form.scale.dont_know_label, form, language) or tr.gettext("don't know")
    if isinstance(value, ChoiceAnswer):
        return choice_label(item, value.value, form, language)
    if isinstance(value, ChoicesAnswer):
        labels = [choice_label(item, v, form, language) for v in value.value]
        return format_list(labels, locale=language) if labels else tr.gettext("none chosen")
    if isinstance(value, NumberAnswer):
        return format_decimal(value.value, locale=language)
    if isinstance(value, DateAnswer):
        return format_date(value.value, format="medium", locale=language)
    assert isinstance(value, TextAnswer)
    text = value.value
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


def answer_json(answer: Answer | None) -> dict[str, Any] | None:
    """``None`` for an item the form version does not have; ``{"kind": "none"}`` for an
    unanswered one; else the tagged value (``{"kind": "score", "value": 3}``)."""
    if answer is None:
        return None
    if answer.value is None:
        return {"kind": "none"}
    return answer.value.model_dump(mode="json")


def _item_json(
    change: ItemChange, earlier: FormDefinition, later: FormDefinition, language: str
) -> dict[str, Any]:
    before = change.before_item
    after = change.item
    return {
        "item": after,
        "before_item": before,
        "kind": change.kind,
        "label": item_label(after, later, language)
        if after is not None
        else item_label(before or "", earlier, language),
        "before": answer_json(change.before),
        "after": answer_json(change.after),
        "before_text": answer_text(change.before, before or "", earlier, language),
        "after_text": answer_text(change.after, after or "", later, language),
    }


def _title(code: str, earlier: FormDefinition, later: FormDefinition, language: str) -> str:
    for form in (later, earlier):
        for domain in form.domains:
            if domain.code == code:
                return localized(domain.title, form, language)
    return code


def _round(assessment_id: str, comparison: RoundComparison, which: str) -> dict[str, Any]:
    earlier = which == "earlier"
    return {
        "id": assessment_id,
        "assessed_on": (
            comparison.earlier_assessed_on if earlier else comparison.later_assessed_on
        ).isoformat(),
        "form_version": comparison.earlier_version if earlier else comparison.later_version,
        "phase": comparison.earlier_phase if earlier else comparison.later_phase,
    }


def comparison_json(
    comparison: RoundComparison,
    ids: tuple[str, str],
    forms: tuple[FormDefinition, FormDefinition],
    language: str,
) -> dict[str, Any]:
    """Everything ``icati assessment compare --json`` prints (rounds oldest first)."""
    earlier, later = forms

    def decimal(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "country": comparison.country,
        "form_id": comparison.form_id,
        "earlier": _round(ids[0], comparison, "earlier"),
        "later": _round(ids[1], comparison, "later"),
        "crosswalk_used": comparison.crosswalk_used,
        "mean_change": decimal(comparison.mean_change),
        "domains": [
            {
                "code": d.code,
                "title": _title(d.code, earlier, later, language),
                "before": decimal(d.before),
                "after": decimal(d.after),
                "change": decimal(d.change),
            }
            for d in comparison.domains
        ],
        "items": [_item_json(c, earlier, later, language) for c in comparison.items],
        "repeat_groups_changed": list(comparison.repeat_groups_changed),
    }


def comparison_text(data: dict[str, Any], language: str) -> str:
    """The comparison for reading in a terminal, from :func:`comparison_json`'s data."""
    from decimal import Decimal

    tr = translator(language)
    first, second = data["earlier"], data["later"]
    lines = [
        tr.gettext("{country}: {before} (version {v1}, phase {p1}) → {after} "
                   "(version {v2}, phase {p2})").format(
            country=data["country"],
            before=first["assessed_on"],
            after=second["assessed_on"],
            v1=first["form_version"],
            v2=second["form_version"],
            p1=first["phase"],
            p2=second["phase"],
        ),
        "",
        tr.gettext("Domain scores"),
    ]  # fmt: skip

    def shown(value: str | None) -> str:
        return "–" if value is None else score_text(Decimal(value), language)

    for d in data["domains"]:
        change = "" if d["change"] is None else f" ({change_text(Decimal(d['change']), language)})"
        lines.append(
            f"  {d['code']}  {d['title']}: {shown(d['before'])} → {shown(d['after'])}{change}"
        )
    if data["mean_change"] is not None:
        lines.append(
            tr.gettext("Mean change over the domains scored in both rounds: {change}.").format(
                change=change_text(Decimal(data["mean_change"]), language)
            )
        )
    if data["items"]:
        lines += ["", tr.gettext("Answers that changed")]
        for item in data["items"]:
            name = item["item"] or item["before_item"]
            lines.append(
                f"  {name}: {item['before_text']} → {item['after_text']}  ({item['label']})"
            )
    else:
        lines += ["", tr.gettext("No answer changed.")]
    if data["repeat_groups_changed"]:
        lines.append(
            tr.gettext("Repeated entries changed in: {groups}").format(
                groups=", ".join(data["repeat_groups_changed"])
            )
        )
    return "\n".join(lines)


__all__ = ["answer_json", "answer_text", "comparison_json", "comparison_text"]
