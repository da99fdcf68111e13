"""ATI Basics languages, the curriculum pipeline, the Atlas, action items closed on time."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from icati_desktop.domain.indicators.facts import (
    ActionItemFact,
    CurriculumFact,
    EventFact,
    InitiativeFact,
    RecordLink,
    SeriesItemFact,
)
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.results import Breakdown, Indicator, Row, Unit, links, percent

BASICS_SERIES = "ati basics"
BASICS_LANGUAGES_TARGET = 2
"""The seed asks for "multiple languages": at least two."""
CURRICULUM_STATUSES = ("drafting", "piloting", "approved", "published")
PIPELINE = ("drafting", "piloting", "approved")
INITIATIVE_STATUSES = ("planned", "pilot", "operational", "expanded", "closed")


def is_basics(series: str) -> bool:
    return BASICS_SERIES in " ".join(series.casefold().split())


def basics_languages(items: Sequence[SeriesItemFact], events: Sequence[EventFact]) -> Indicator:
    """Languages the ATI Basics series is available in: its recorded sessions and briefs
    in the library, and its sessions held (target ≥ 2)."""
    by_language: dict[str, list[RecordLink]] = {}
    for item in items:
        if is_basics(item.series):
            for language in item.languages:
                by_language.setdefault(language, []).append(item.record)
    for event in events:
        if is_basics(event.series):
            for language in event.languages:
                by_language.setdefault(language, []).append(event.record)
    rows = tuple(
        Row(key=language, value=Decimal(len(set(records))), records=links(records))
        for language, records in sorted(by_language.items())
    )
    return Indicator(
        key="basics_languages",
        value=Decimal(len(rows)),
        target=Decimal(BASICS_LANGUAGES_TARGET),
        unit=Unit.COUNT,
        breakdown=Breakdown.LANGUAGE,
        rows=rows,
        records=links(r for row in rows for r in row.records),
        is_global_outcome=True,
    )


def curriculum_pipeline(curricula: Sequence[CurriculumFact]) -> Indicator:
    """Curricula per status; the value is those drafted and not yet published (target ≥ 1)."""
    rows = tuple(
        Row(
            key=status,
            value=Decimal(sum(1 for c in curricula if c.status == status)),
            records=links(c.record for c in curricula if c.status == status),
        )
        for status in CURRICULUM_STATUSES
    )
    in_pipeline = [c for c in curricula if c.status in PIPELINE]
    return Indicator(
        key="curriculum_pipeline",
        value=Decimal(len(in_pipeline)),
        target=Decimal(1),
        unit=Unit.COUNT,
        breakdown=Breakdown.STATUS,
        rows=rows,
        records=links(c.record for c in in_pipeline),
        is_global_outcome=True,
    )


def atlas_by_stage(initiatives: Sequence[InitiativeFact]) -> Indicator:
    """Atlas initiatives per stage (planned, pilot, operational, expanded, closed)."""
    rows = tuple(
        Row(
            key=status,
            value=Decimal(sum(1 for i in initiatives if i.status == status)),
            records=links(i.record for i in initiatives if i.status == status),
        )
        for status in INITIATIVE_STATUSES
    )
    return Indicator(
        key="atlas_initiatives",
        value=Decimal(len(initiatives)),
        unit=Unit.COUNT,
        breakdown=Breakdown.STAGE,
        rows=rows,
        records=links(i.record for i in initiatives),
        is_global_outcome=True,
    )


def action_items_on_time(items: Sequence[ActionItemFact], period: Period) -> Indicator:
    """Of the action items due in the period (dropped ones left out), the share done by
    their due date. Rows: on time, done late, not done."""
    due = [
        i
        for i in items
        if i.due_on is not None and period.contains(i.due_on) and i.status != "dropped"
    ]
    on_time = [
        i
        for i in due
        if i.status == "done" and i.closed_on and i.due_on and i.closed_on <= i.due_on
    ]
    late = [i for i in due if i.status == "done" and i not in on_time]
    open_ = [i for i in due if i.status != "done"]
    rows = tuple(
        Row(key=key, value=Decimal(len(group)), records=links(i.record for i in group))
        for key, group in (("on_time", on_time), ("late", late), ("not_done", open_))
    )
    return Indicator(
        key="action_items_on_time",
        value=percent(len(on_time), len(due)),
        unit=Unit.PERCENT,
        breakdown=Breakdown.KIND,
        rows=rows,
        records=links(i.record for i in due),
    )
