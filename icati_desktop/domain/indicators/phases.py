"""Countries per phase, phase moves, assessments (first and repeat) and domain change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from icati_desktop.domain.indicators.facts import (
    AssessmentFact,
    CountryFact,
    FirstActivity,
    Level,
    RecordLink,
)
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.results import Breakdown, Indicator, Row, Unit, links, mean
from icati_desktop.domain.phases import FIRST_PHASE

PHASES = (1, 2, 3, 4)


def _history(assessments: Sequence[AssessmentFact]) -> dict[str, list[AssessmentFact]]:
    """Each country's assessments with a phase, oldest first (same day: by record id)."""
    out: dict[str, list[AssessmentFact]] = {}
    for fact in sorted(assessments, key=lambda a: (a.day, a.record.record_id)):
        out.setdefault(fact.country, []).append(fact)
    return out


def countries_per_phase(
    assessments: Sequence[AssessmentFact],
    first: Sequence[FirstActivity],
    countries: Mapping[str, CountryFact],
    period: Period,
) -> Indicator:
    """On the last day of the period: the phase of each country's latest assessment, and
    phase 1 for a country reached but never assessed."""
    phase_of: dict[str, tuple[int, RecordLink | None]] = {
        f.country: (FIRST_PHASE, None)
        for f in first
        if f.level == Level.REACHED and f.day <= period.end and f.country in countries
    }
    for country, facts in _history(assessments).items():
        known = [a for a in facts if a.day <= period.end and a.phase is not None]
        if known and country in countries:
            latest = known[-1]
            assert latest.phase is not None
            phase_of[country] = (latest.phase, latest.record)
    rows = []
    for phase in PHASES:
        codes = [c for c, (p, _r) in phase_of.items() if p == phase]
        evidence = [countries[c].record for c in codes] + [
            r for c in codes if (r := phase_of[c][1]) is not None
        ]
        rows.append(Row(key=str(phase), value=Decimal(len(codes)), records=links(evidence)))
    return Indicator(
        key="countries_per_phase",
        value=Decimal(len(phase_of)),
        unit=Unit.COUNT,
        breakdown=Breakdown.PHASE,
        rows=tuple(rows),
        records=links(r for row in rows for r in row.records),
    )


def phase_moves(assessments: Sequence[AssessmentFact], period: Period) -> Indicator:
    """Changes of a country's phase within the period: an assessment in the period whose
    phase differs from the country's previous one (which may be older than the period).
    Rows: moves up and moves down."""
    up: list[RecordLink] = []
    down: list[RecordLink] = []
    for facts in _history(assessments).values():
        previous: int | None = None
        for fact in facts:
            if fact.phase is None:
                continue
            if previous is not None and fact.phase != previous and period.contains(fact.day):
                (up if fact.phase > previous else down).append(fact.record)
            previous = fact.phase
    rows = (
        Row(key="up", value=Decimal(len(up)), records=links(up)),
        Row(key="down", value=Decimal(len(down)), records=links(down)),
    )
    return Indicator(
        key="phase_moves",
        value=Decimal(len(up) + len(down)),
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=rows,
        records=links(up + down),
    )


def assessments_done(
    assessments: Sequence[AssessmentFact], period: Period
) -> tuple[Indicator, Indicator]:
    """Assessments submitted in the period, first or repeat; and the mean change of the
    domain scores of the repeats against each country's previous assessment (domains
    scored both times only)."""
    first: list[RecordLink] = []
    repeat: list[RecordLink] = []
    changes: list[Decimal] = []
    for facts in _history(assessments).values():
        for index, fact in enumerate(facts):
            if not period.contains(fact.day):
                continue
            if index == 0:
                first.append(fact.record)
                continue
            repeat.append(fact.record)
            before = facts[index - 1].domain_scores
            changes.extend(
                now - old
                for code, now in fact.domain_scores.items()
                if now is not None and (old := before.get(code)) is not None
            )
    rows = (
        Row(key="first", value=Decimal(len(first)), records=links(first)),
        Row(key="repeat", value=Decimal(len(repeat)), records=links(repeat)),
    )
    done = Indicator(
        key="assessments",
        value=Decimal(len(first) + len(repeat)),
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=rows,
        records=links(first + repeat),
    )
    change = Indicator(
        key="domain_change",
        value=mean(changes),
        unit=Unit.SCORE,
        breakdown=Breakdown.KIND,
        rows=(rows[1],),
        records=links(repeat),
    )
    return done, change
