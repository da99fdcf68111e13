"""The words at the top of the results: which assessment, the phase, and why.

The phase explanation, data gaps, mapping-first advice and re-assessment date use the
sentences of :mod:`icati_desktop.reports.assessment_text` (the same as the CLI and the
PDF report), laid out as HTML for a QLabel; every text is escaped.
"""

from __future__ import annotations

from html import escape as _html_escape

from icati_desktop.domain.assessments import AssessmentStatus
from icati_desktop.gui.assessments.results_jobs import ResultsSnapshot
from icati_desktop.gui.assessments.submit_box import submitted_text
from icati_desktop.i18n import _, format_date, ngettext
from icati_desktop.reports.assessment_text import (
    condition_text,
    localized,
    mapping_text,
    phase_name,
    reassess_text,
)
from icati_desktop.reports.form_text import domain_name

WARNING_STYLE = "color: #8a4b00;"


def escape(text: str) -> str:
    """``text`` for a QLabel's HTML (quotes kept as they are: they are not in attributes)."""
    return _html_escape(text, quote=False)


def title_text(snapshot: ResultsSnapshot) -> str:
    return _("{country}: self-assessment of {date}").format(
        country=snapshot.country_name, date=format_date(snapshot.assessment.assessed_on, "long")
    )


def details_text(snapshot: ResultsSnapshot, language: str) -> str:
    """ "Country ATI Self-assessment, version 1 · Submitted on 14 Mar 2025"."""
    form, assessment = snapshot.form, snapshot.assessment
    if assessment.status is AssessmentStatus.SUBMITTED and assessment.submitted_at is not None:
        status = submitted_text(assessment)
    else:
        status = _("Draft: the scores follow the answers given so far")
    return _("{form}, version {version} · {status}").format(
        form=localized(form.title, form, language), version=form.version, status=status
    )


def phase_text(phase: int, language: str) -> str:
    return _("Phase {number}: {name}").format(number=phase, name=phase_name(phase, language))


def phase_source_text(snapshot: ResultsSnapshot, language: str) -> str:
    """Computed, or an expert's override with who, when and why (computed one kept)."""
    result = snapshot.result
    override = result.override
    if override is None:
        return _("Computed from the answers by the form's phase rules.")
    return _(
        "Set by {by} on {date}, in place of the computed phase {computed}. Reason: {reason}"
    ).format(
        by=override.by,
        date=format_date(override.at.date(), "medium"),
        computed=phase_text(result.phase.computed, language),
        reason=override.reason,
    )


def _list(items: list[str]) -> str:
    return "<ul>{}</ul>".format("".join(f"<li>{escape(i)}</li>" for i in items))


def explanation_html(snapshot: ResultsSnapshot, language: str) -> str:
    """Why the computed phase, data gaps, mapping first and when to assess again."""
    form, result = snapshot.form, snapshot.result
    phase = result.phase
    parts: list[str] = []
    if result.mapping_first:
        parts.append(
            '<p style="{style}"><b>{title}</b> {text}</p>'.format(
                style=WARNING_STYLE,
                title=escape(_("First, a mapping meeting:")),
                text=escape(mapping_text(result, form, language)),
            )
        )
    parts.append("<h3>{}</h3>".format(escape(_("Why this phase"))))
    if phase.next_phase is None:
        parts.append(
            "<p>{}</p>".format(
                escape(
                    _("Every condition holds up to {phase}, the highest phase.").format(
                        phase=phase_text(phase.computed, language)
                    )
                )
            )
        )
    else:
        unmet = [condition_text(c, form, language) for c in phase.unmet(phase.next_phase)]
        parts.append(
            "<p>{}</p>".format(
                escape(
                    ngettext(
                        "{phase} is not reached yet; this condition does not hold:",
                        "{phase} is not reached yet; these conditions do not hold:",
                        len(unmet),
                    ).format(phase=phase_text(phase.next_phase, language))
                )
            )
        )
        parts.append(_list(unmet))
    insufficient = [d for d in result.domains if d.insufficient]
    if insufficient:
        parts.append("<h3>{}</h3>".format(escape(_("Insufficient data"))))
        lines = []
        for domain in insufficient:
            counts = ngettext(
                "{answered} of {total} item scored",
                "{answered} of {total} items scored",
                domain.total,
            ).format(answered=domain.answered, total=domain.total)
            lines.append(
                _(
                    "{domain}: {counts}, {dont_know} “don't know”, {unanswered} not answered."
                ).format(
                    domain=domain_name(domain.code, form, language),
                    counts=counts,
                    dont_know=domain.dont_know,
                    unanswered=domain.unanswered,
                )
            )
        parts.append(_list(lines))
        parts.append(
            "<p>{}</p>".format(
                escape(
                    _(
                        "A domain with insufficient data has no score and holds back every "
                        "phase that needs it."
                    )
                )
            )
        )
    if result.reassess_on is not None:
        parts.append("<h3>{}</h3>".format(escape(_("Next round"))))
        parts.append(f"<p>{escape(reassess_text(result.reassess_on, language))}</p>")
    return "".join(parts)


__all__ = [
    "details_text",
    "explanation_html",
    "phase_source_text",
    "phase_text",
    "title_text",
]
