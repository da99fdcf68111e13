"""Charts of assessment results: a radar of the domains, bars, and two rounds compared.

matplotlib is imported inside the functions: importing it costs about 0.6 s, which the
app and the CLI should not pay at start. Figures are built with ``matplotlib.figure.Figure``
rather than pyplot, so no global figure state and no interactive backend are involved: the
GUI puts a returned :class:`Figure` in a ``FigureCanvasQTAgg``, reports take PNG bytes
rendered with Agg.

matplotlib does not shape Arabic (letters would be drawn unjoined and left to right), so
axes are labelled with domain codes (D1…D9) and numbers only, and a caption or legend text
containing right-to-left script is left off the picture; the report and the GUI put the full
domain titles and captions next to the chart, typeset by Qt. Domains with insufficient data
are drawn grey and hatched, and their code is marked with "?", so the difference does not
rely on colour alone. :func:`chart_table` and :func:`compare_table` give the same numbers
as rows, for a table beside the chart (screen readers cannot read a picture).

The two-round comparison lives in :mod:`icati_desktop.reports.compare_charts` and the
scale, colours and helpers every chart shares in :mod:`icati_desktop.reports.chart_base`;
both are re-exported here, so callers import every chart from this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from icati_desktop.i18n import translator
from icati_desktop.reports.chart_base import (
    BEFORE_COLOUR,
    MISSING_COLOUR,
    MISSING_HATCH,
    MISSING_MARK,
    SCALE_MAX,
    SCORE_COLOUR,
    ChartTable,
    DomainScoreLike,
    add_title,
    drawable,
    new_figure,
    number,
    place_legend,
    png_bytes,
    shown,
    style_bar_axes,
    tick_label,
)
from icati_desktop.reports.compare_charts import compare_chart, compare_table, figure_compare

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch


def _legend(figure: Figure, language: str, *, with_score: bool, missing: bool) -> None:
    from matplotlib.patches import Patch

    _ = translator(language).gettext
    handles: list[Patch] = []
    if with_score:
        handles.append(Patch(facecolor=SCORE_COLOUR, alpha=0.6, label=_("Score (0–4)")))
    if missing:
        label = _("{mark} insufficient data").format(mark=MISSING_MARK)
        handles.append(
            Patch(facecolor="white", edgecolor=MISSING_COLOUR, hatch=MISSING_HATCH, label=label)
        )
    place_legend(figure, handles)


def figure_radar(domains: Sequence[DomainScoreLike], *, title: str, language: str) -> Figure:
    """A radar (spider) chart of the domain scores on the 0–4 scale."""
    import numpy as np

    if not domains:
        raise ValueError("a radar chart needs at least one domain")
    figure = new_figure(5.2, 5.2)
    from matplotlib.projections.polar import PolarAxes

    axes = figure.add_subplot(projection="polar")
    assert isinstance(axes, PolarAxes)
    count = len(domains)
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    axes.set_theta_offset(np.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, SCALE_MAX)
    axes.set_yticks(range(SCALE_MAX + 1))
    axes.set_yticklabels([number(v, language, "0") for v in range(SCALE_MAX + 1)], fontsize=7)
    axes.set_xticks(angles)
    axes.set_xticklabels([tick_label(d) for d in domains], fontsize=9)
    for label, domain in zip(axes.get_xticklabels(), domains, strict=True):
        if domain.insufficient:
            label.set_color(MISSING_COLOUR)
            label.set_fontstyle("italic")

    width = 2 * np.pi / count * 0.6
    missing = [a for a, d in zip(angles, domains, strict=True) if shown(d) is None]
    if missing:
        axes.bar(
            missing,
            [SCALE_MAX] * len(missing),
            width=width,
            color=MISSING_COLOUR,
            alpha=0.18,
            edgecolor=MISSING_COLOUR,
            hatch=MISSING_HATCH,
            linewidth=0.8,
            zorder=0,
        )
    values = [shown(d) for d in domains]
    scored = [(a, v) for a, v in zip(angles, values, strict=True) if v is not None]
    if scored:
        # A gap in the line where a domain has no usable score, instead of a false zero.
        line = [np.nan if v is None else v for v in [*values, values[0]]]
        axes.plot([*angles, angles[0]], line, color=SCORE_COLOUR, linewidth=1.8)
        axes.plot(*zip(*scored, strict=True), "o", color=SCORE_COLOUR, markersize=4)
        if len(scored) >= 3:
            fill_angles, fill_values = zip(*scored, strict=True)
            axes.fill(fill_angles, fill_values, color=SCORE_COLOUR, alpha=0.15)
    _legend(figure, language, with_score=bool(scored), missing=bool(missing))
    add_title(figure, title)
    return figure


def figure_bars(
    domains: Sequence[DomainScoreLike],
    *,
    title: str,
    language: str,
    target: Decimal | None = None,
) -> Figure:
    """A bar per domain (0–4), the score written above it; ``target`` draws a dashed line."""
    if not domains:
        raise ValueError("a bar chart needs at least one domain")
    figure = new_figure(6.4, 3.6)
    axes = figure.add_subplot()
    positions = list(range(len(domains)))
    missing = False
    for x, domain in zip(positions, domains, strict=True):
        value = shown(domain)
        if value is None:
            missing = True
            height = float(domain.score) if domain.score is not None else SCALE_MAX
            axes.bar(
                x, height, color="none", edgecolor=MISSING_COLOUR, hatch=MISSING_HATCH, width=0.6
            )
            axes.text(x, height + 0.08, MISSING_MARK, ha="center", va="bottom", fontsize=8)
        else:
            axes.bar(x, value, color=SCORE_COLOUR, alpha=0.8, width=0.6)
            text = number(domain.score, language)
            axes.text(x, value + 0.08, text, ha="center", va="bottom", fontsize=8)
    if target is not None:
        axes.axhline(float(target), color="#555555", linestyle="--", linewidth=0.9)
    style_bar_axes(axes, [tick_label(d) for d in domains], language)
    for tick, domain in zip(axes.get_xticklabels(), domains, strict=True):
        if domain.insufficient:
            tick.set_color(MISSING_COLOUR)
    _legend(figure, language, with_score=False, missing=missing)
    add_title(figure, title)
    return figure


def radar_chart(domains: Sequence[DomainScoreLike], *, title: str, language: str) -> bytes:
    """:func:`figure_radar` as PNG bytes."""
    return png_bytes(figure_radar(domains, title=title, language=language))


def bar_chart(
    domains: Sequence[DomainScoreLike],
    *,
    title: str,
    language: str,
    target: Decimal | None = None,
) -> bytes:
    """:func:`figure_bars` as PNG bytes."""
    return png_bytes(figure_bars(domains, title=title, language=language, target=target))


def chart_table(domains: Sequence[DomainScoreLike], *, language: str) -> ChartTable:
    """The numbers of :func:`figure_radar` / :func:`figure_bars` as rows of text."""
    _ = translator(language).gettext
    headers = (
        _("Domain"),
        _("Score (0–4)"),
        _("Percent"),
        _("Answered"),
        _("Don't know"),
        _("Items"),
        _("Data"),
    )
    rows = [
        (
            d.code,
            number(d.score, language),
            number(d.percent, language, "0"),
            number(d.answered, language, "0"),
            number(d.dont_know, language, "0"),
            number(d.total, language, "0"),
            _("insufficient") if d.insufficient else _("sufficient"),
        )
        for d in domains
    ]
    return ChartTable(headers, rows)


__all__ = [
    "BEFORE_COLOUR",
    "MISSING_COLOUR",
    "MISSING_HATCH",
    "MISSING_MARK",
    "SCALE_MAX",
    "SCORE_COLOUR",
    "ChartTable",
    "DomainScoreLike",
    "bar_chart",
    "chart_table",
    "compare_chart",
    "compare_table",
    "drawable",
    "figure_bars",
    "figure_compare",
    "figure_radar",
    "png_bytes",
    "radar_chart",
]
