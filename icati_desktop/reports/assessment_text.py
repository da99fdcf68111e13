"""The words that explain an assessment result, in a language chosen per report.

The CLI, the PDF report and the GUI all explain a result the same way: why the country
is not yet in the next phase ("Leadership & coordination (D2) is 0.75; phase 2 needs at
least 1."), the advice lines of DOMAIN.md, stage gaps and data gaps. The language is
an argument, not the app's current language, so an HQ user can print a French report
from an English session. Strings are ``tr.gettext("…")`` calls on
:func:`icati_desktop.i18n.translator`; pybabel extracts them through its default
``gettext`` / ``ngettext`` keywords. Numbers, percentages, dates and lists go through
babel for the language. Shared pieces live in :mod:`~icati_desktop.reports.form_text`
(labels, numbers) and :mod:`~icati_desktop.reports.phase_text` (condition reasons).

:func:`result_json` writes decimals (scores, percentages, shares) as strings, exactly as
computed ("1.50"), and counts and phases as JSON integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_percent

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import AdviceLine, AssessmentResult, ConditionCheck, StageGap
from icati_desktop.i18n import translator
from icati_desktop.reports.form_text import (
    anchor_label,
    domain_name,
    item_label,
    localized,
    number,
    phase_name,
    resource_title,
    score_text,
    sentence,
)
from icati_desktop.reports.phase_text import condition_text


def advice_text(line: AdviceLine, form: FormDefinition, language: str) -> str:
    """ "[Domain] scored [x] ([anchor]). Next step: [action]. Resources: [titles]. ICATI
    support: [offer]." (the Resources sentence only when the library has some)."""
    tr = translator(language)
    domain = domain_name(line.domain, form, language)
    if line.score is None or line.anchor is None:
        parts = [tr.gettext("{domain} has insufficient data.").format(domain=domain)]
    else:
        parts = [
            tr.gettext("{domain} scored {score} ({anchor}).").format(
                domain=domain,
                score=score_text(line.score, language),
                anchor=anchor_label(line.anchor, form, language),
            )
        ]
    action = localized(line.action, form, language)
    parts.append(sentence(tr.gettext("Next step: {action}").format(action=action)))
    if line.resources:
        titles = "; ".join(resource_title(r, form, language) for r in line.resources)
        parts.append(sentence(tr.gettext("Resources: {titles}").format(titles=titles)))
    offer = localized(line.support_offer, form, language)
    parts.append(sentence(tr.gettext("ICATI support: {offer}").format(offer=offer)))
    return " ".join(parts)


def stage_gap_text(gap: StageGap, form: FormDefinition, language: str) -> str:
    tr = translator(language)
    return tr.gettext(
        "“{stage}” is at 0 while another stage of the continuum is at {min} or more: "
        "look at ATI Atlas initiatives of this stage in other countries."
    ).format(
        stage=item_label(gap.stage_item, form, language),
        min=number(form.advice.target_score, language),
    )


def mapping_text(result: AssessmentResult, form: FormDefinition, language: str) -> str:
    """Advice rule 4: the mapping meeting that comes before any other advice."""
    tr = translator(language)
    share = tr.gettext("{share} of the answers are “don't know”.").format(
        share=format_percent(result.dont_know_share, locale=language)
    )
    action = localized(form.advice.mapping_action, form, language) or tr.gettext(
        "Hold a multi-agency mapping meeting (intercept-mapping workshop) to fill the data gaps "
        "before acting on the scores."
    )
    return f"{share} {sentence(action)}"


def reassess_text(on: date, language: str) -> str:
    return (
        translator(language)
        .gettext("Assess again from {date} and compare the change in each domain.")
        .format(date=format_date(on, format="long", locale=language))
    )


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _actual(value: Decimal | int | str | None) -> str | int | None:
    return str(value) if isinstance(value, Decimal) else value


def _phase_json(result: AssessmentResult, form: FormDefinition, language: str) -> dict[str, Any]:
    phase, override = result.phase, result.override
    later = sorted({c.phase for c in phase.checks if c.phase > phase.computed})
    return {
        "computed": phase.computed,
        "computed_name": phase_name(phase.computed, language),
        "override": None
        if override is None
        else {
            "phase": override.phase,
            "name": phase_name(override.phase, language),
            "reason": override.reason,
            "by": override.by,
            "at": override.at.isoformat(),
        },
        "shown": result.shown_phase,
        "shown_name": phase_name(result.shown_phase, language),
        "next": phase.next_phase,
        "next_name": None if phase.next_phase is None else phase_name(phase.next_phase, language),
        "unmet": [
            {
                "phase": number_,
                "name": phase_name(number_, language),
                "conditions": [_check_json(c, form, language) for c in phase.unmet(number_)],
            }
            for number_ in later
        ],
    }


def _check_json(check: ConditionCheck, form: FormDefinition, language: str) -> dict[str, Any]:
    return {
        "kind": check.condition.kind,
        "met": check.met,
        "actual": _actual(check.actual),
        "blocking_domains": list(check.blocking_domains),
        "text": condition_text(check, form, language),
    }


def advice_json(line: AdviceLine, form: FormDefinition, language: str) -> dict[str, Any]:
    return {
        "domain": line.domain,
        "title": localized(form.domain(line.domain).title, form, language),
        "score": _decimal(line.score),
        "anchor": line.anchor,
        "anchor_label": None if line.anchor is None else anchor_label(line.anchor, form, language),
        "blocks_phase": line.blocks_phase,
        "action": localized(line.action, form, language),
        "support_offer": localized(line.support_offer, form, language),
        "library_tags": list(line.library_tags),
        "resources": [
            {"id": r.id, "title": resource_title(r, form, language)} for r in line.resources
        ],
        "text": advice_text(line, form, language),
    }


def _gap_items(result: AssessmentResult) -> Sequence[dict[str, str]]:
    return [
        {"item": name, "domain": d.code, "status": status}
        for d in result.domains
        for status, names in (("dont_know", d.dont_know_items), ("unanswered", d.unanswered_items))
        for name in names
    ]


def result_json(
    result: AssessmentResult, form: FormDefinition, assessment: Assessment, language: str
) -> dict[str, Any]:
    """Everything ``icati assessment show ID --json`` prints, texts in ``language``."""
    return {
        "form": {
            "id": form.form_id,
            "version": form.version,
            "title": localized(form.title, form, language),
        },
        "country": assessment.country,
        "assessed_on": assessment.assessed_on.isoformat(),
        "status": assessment.status.value,
        "submitted_at": None
        if assessment.submitted_at is None
        else assessment.submitted_at.isoformat(),
        "submitted_by": assessment.submitted_by,
        "language": language,
        "domains": [
            {
                "code": d.code,
                "title": localized(form.domain(d.code).title, form, language),
                "score": _decimal(d.score),
                "percent": _decimal(d.percent),
                "answered": d.answered,
                "dont_know": d.dont_know,
                "unanswered": d.unanswered,
                "total": d.total,
                "insufficient": d.insufficient,
            }
            for d in result.domains
        ],
        "data_gaps": {
            "dont_know_share": str(result.dont_know_share),
            "insufficient_domains": [d.code for d in result.domains if d.insufficient],
            "items": [
                {**gap, "label": item_label(gap["item"], form, language)}
                for gap in _gap_items(result)
            ],
        },
        "phase": _phase_json(result, form, language),
        "mapping_first": result.mapping_first,
        "mapping_text": mapping_text(result, form, language) if result.mapping_first else None,
        "advice": [advice_json(line, form, language) for line in result.advice],
        "stage_gaps": [
            {
                "item": gap.stage_item,
                "label": item_label(gap.stage_item, form, language),
                "stage": None if gap.stage is None else gap.stage.value,
                "text": stage_gap_text(gap, form, language),
            }
            for gap in result.stage_gaps
        ],
        "reassess_on": None if result.reassess_on is None else result.reassess_on.isoformat(),
        "reassess_text": None
        if result.reassess_on is None
        else reassess_text(result.reassess_on, language),
    }


__all__ = [
    "advice_json",
    "advice_text",
    "condition_text",
    "localized",
    "mapping_text",
    "phase_name",
    "reassess_text",
    "result_json",
    "stage_gap_text",
]
