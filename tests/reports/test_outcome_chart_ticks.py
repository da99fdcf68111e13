"""An outcome's chart counts in whole numbers: no "0.5 of a meeting" on its axis."""

from __future__ import annotations

from decimal import Decimal

from icati_desktop.domain.indicators import Indicator, Unit
from icati_desktop.domain.indicators.results import Breakdown, Row
from icati_desktop.reports.outcome_charts import figure_indicator
from icati_desktop.reports.outcome_text import OutcomeText


def _ticks(values: list[str], language: str) -> list[float]:
    indicator = Indicator(
        key="network_sessions",
        value=sum((Decimal(v) for v in values), Decimal(0)),
        unit=Unit.COUNT,
        breakdown=Breakdown.MONTH,
        rows=tuple(Row(f"2026-0{i + 1}", Decimal(v)) for i, v in enumerate(values)),
    )
    figure = figure_indicator(indicator, OutcomeText(language))
    figure.canvas.draw()
    axes = figure.axes[0]
    low, high = axes.get_xlim()
    return [t for t in axes.get_xticks() if low <= t <= high]


def test_counts_are_ticked_in_whole_numbers_in_every_language() -> None:
    for language in ("en", "ar"):
        ticks = _ticks(["2", "1"], language)
        assert ticks
        assert all(float(t).is_integer() for t in ticks), ticks


def test_fractions_keep_their_ticks() -> None:
    ticks = _ticks(["1.5", "0.25"], "en")
    assert not all(float(t).is_integer() for t in ticks)
