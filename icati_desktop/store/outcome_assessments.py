"""Submitted assessments as indicator facts: phase, and domain scores where a change is asked.

A correction supersedes the assessment it replaces, which then no longer counts. Domain
scores are computed (by the form's rules) only for repeat assessments of the period and
the assessment each one follows — the mean domain change needs no others.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.indicators.facts import AssessmentFact, RecordLink
from icati_desktop.domain.indicators.period import Period
from icati_desktop.store.assessment_reads import load, score
from icati_desktop.store.tables.field import AssessmentRow


def assessment_facts(
    session: Session, period: Period, countries: Sequence[str] | None
) -> list[AssessmentFact]:
    superseded = select(AssessmentRow.supersedes).where(
        AssessmentRow.status == "submitted", AssessmentRow.supersedes.is_not(None)
    )
    query = select(
        AssessmentRow.id,
        AssessmentRow.country,
        AssessmentRow.assessed_on,
        func.coalesce(AssessmentRow.override_phase, AssessmentRow.computed_phase),
    ).where(
        AssessmentRow.status == "submitted",
        AssessmentRow.assessed_on <= period.end,
        AssessmentRow.id.not_in(superseded),
    )
    if countries is not None:
        query = query.where(AssessmentRow.country.in_(countries))
    rows = sorted(session.execute(query).all(), key=lambda r: (r[1], r[2], r[0]))
    wanted: set[str] = set()
    for index, (record_id, country, day, _phase) in enumerate(rows):
        if index and rows[index - 1][1] == country and period.contains(day):
            wanted |= {record_id, rows[index - 1][0]}
    return [
        AssessmentFact(
            RecordLink("assessment", record_id),
            country,
            day,
            phase,
            _domain_scores(session, record_id) if record_id in wanted else {},
        )
        for record_id, country, day, phase in rows
    ]


def _domain_scores(session: Session, record_id: str) -> dict[str, Decimal | None]:
    assessment, form = load(session, record_id)
    result = score(session, form, assessment)
    return {d.code: None if d.insufficient else d.score for d in result.domains}
