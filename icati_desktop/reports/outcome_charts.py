"""Bar charts of an indicator's breakdown, and the same numbers as a table beside them.

matplotlib cannot shape Arabic: a bar whose label it cannot draw is numbered instead, and
the table (typeset by Qt, in every language) carries the same number with the label.
matplotlib is imported inside the functions (start-up time, see ``reports/charts.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from icati_desktop.domain.indicators import Indicator, Unit
from icati_desktop.reports.chart_base import (
    BEFORE_COLOUR,
    SCORE_COLOUR,
    ChartTable,
    drawable,
    new_figure,
    png_bytes,
)
from icati_desktop.reports.outcome_text import OutcomeText

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def bar_labels(indicator: Indicator, text: OutcomeText) -> list[str]:
    """Each bar's label, or its number in the table when matplotlib cannot draw it."""
    labels = [text.row_label(indicator, row) for row in indicator.rows]
    if all(drawable(label) for label in labels):
        return labels
    return [str(n) for n in range(1, len(labels) + 1)]


def figure_indicator(indicator: Indicator, text: OutcomeText) -> Figure:
    """Horizontal bars, one per row, the value written at the end of each; a row's
    target, when it has one, is a vertical mark across its bar."""
    rows = list(indicator.rows)
    height = 0.6 + 0.32 * max(len(rows), 1)
    figure = new_figure(4.8, height)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    values = [float(r.value) for r in rows]
    axes.barh(positions, values, color=SCORE_COLOUR, height=0.6)
    for y, row in zip(positions, rows, strict=True):
        axes.annotate(
            text.row_value(indicator, row),
            (float(row.value), y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
        if row.target is not None:
            axes.plot([float(row.target)] * 2, [y - 0.4, y + 0.4], color=BEFORE_COLOUR, linewidth=2)
    axes.set_yticks(positions)
    axes.set_yticklabels(bar_labels(indicator, text), fontsize=7)
    top = max(values + [float(r.target) for r in rows if r.target is not None] + [1.0])
    axes.set_xlim(0, top * 1.2)
    if all(v.is_integer() for v in values):  # counts: no "0.5 of a meeting" ticks
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", linewidth=0.4, alpha=0.6)
    return figure


def indicator_chart(indicator: Indicator, text: OutcomeText) -> bytes:
    return png_bytes(figure_indicator(indicator, text))


def indicator_table(indicator: Indicator, text: OutcomeText) -> ChartTable:
    """The chart's numbers: number, label, value and (when any row has one) target."""
    _ = text.gettext
    with_target = any(r.target is not None for r in indicator.rows)
    headers = ("#", _("What"), _("Value")) + ((_("Target"),) if with_target else ())
    rows = []
    for n, row in enumerate(indicator.rows, start=1):
        cells: tuple[str, ...] = (
            str(n),
            text.row_label(indicator, row),
            text.row_value(indicator, row),
        )
        if with_target:
            cells += (text.number(row.target, Unit.COUNT),)  # row targets are counts
        rows.append(cells)
    return ChartTable(headers=headers, rows=rows)
