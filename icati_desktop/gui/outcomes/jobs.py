"""Database jobs of the outcomes screens (they run on the database thread)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from icati_desktop.domain.indicators import Indicator, Period, RecordLink

if TYPE_CHECKING:
    from icati_desktop.store.country_choices import RegionalCountry
    from icati_desktop.store.outcome_facts import Scope
    from icati_desktop.store.record_titles import RecordTitle
    from icati_desktop.store.store import Store


@dataclass(frozen=True)
class OutcomeFigures:
    period: Period
    indicators: list[Indicator]
    curricula: dict[str, str]
    scope: Scope
    """The countries the figures are of (one country: without the targets)."""


def figures_job(period: Period, scope: Scope) -> Callable[[Store], OutcomeFigures]:
    def job(store: Store) -> OutcomeFigures:
        from icati_desktop.domain.indicators import compute_indicators
        from icati_desktop.store.outcome_facts import curriculum_names, read_outcome_facts

        with store.read() as session:
            facts = read_outcome_facts(session, period, scope)
            names = curriculum_names(session)
        one_country = scope.country is not None
        indicators = compute_indicators(facts, period, one_country=one_country)
        return OutcomeFigures(period, indicators, names, scope)

    return job


def countries_job(store: Store) -> list[RegionalCountry]:
    """The countries the figures can be narrowed to, with their region."""
    from icati_desktop.store.country_choices import outcome_countries

    return outcome_countries(store)


def national_job(country: str, period: Period) -> Callable[[Store], list[Indicator]]:
    def job(store: Store) -> list[Indicator]:
        from icati_desktop.store.national_outcomes import national_outcome_indicators

        return national_outcome_indicators(store, country, period)

    return job


def titles_job(links: Sequence[RecordLink]) -> Callable[[Store], list[RecordTitle]]:
    def job(store: Store) -> list[RecordTitle]:
        from icati_desktop.store.record_titles import record_titles

        return record_titles(store, [(link.record_type, link.record_id) for link in links])

    return job


def export_job(period: Period, scope: Scope, out: Path, language: str) -> Callable[[Store], int]:
    def job(store: Store) -> int:
        from icati_desktop.reports.outcome_report import write_outcome_report

        return write_outcome_report(store, period, scope, out, language=language)

    return job
