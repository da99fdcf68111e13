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
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from babel.numbers import format_decimal

from icati_desktop.i18n import translator

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

SCALE_MAX = 4
SCORE_COLOUR = "#0072B2"  # Okabe-Ito blue
BEFORE_COLOUR = "#E69F00"  # Okabe-Ito orange
MISSING_COLOUR = "#999999"
MISSING_HATCH = "//"
MISSING_MARK = "?"
_DPI = 150
# Scripts matplotlib cannot lay out: Hebrew, Arabic (and its presentation forms), Syriac…
_RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


class DomainScoreLike(Protocol):
    """What the charts read of a domain score (``scoring.DomainScore`` fits)."""

    @property
    def code(self) -> str: ...
    @property
    def score(self) -> Decimal | None: ...
    @property
    def percent(self) -> Decimal | int | None: ...
    @property
    def answered(self) -> int: ...
    @property
    def dont_know(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def insufficient(self) -> bool: ...


@dataclass(frozen=True)
class ChartTable:
    """A chart's data as text: a header row and one row per domain."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


def drawable(text: str) -> bool:
    """Whether matplotlib can draw ``text`` legibly (it contains no right-to-left script)."""
    return not _RTL_SCRIPT.search(text)


def _number(value: Decimal | int | None, language: str, pattern: str = "0.0#") -> str:
    if value is None:
        return "–"
    return format_decimal(value, format=pattern, locale=language)


def _shown(domain: DomainScoreLike) -> float | None:
    """The score to plot: ``None`` when the domain has no score or insufficient data."""
    if domain.insufficient or domain.score is None:
        return None
    return float(domain.score)


def _tick_label(domain: DomainScoreLike) -> str:
    return f"{domain.code}{MISSING_MARK}" if domain.insufficient else domain.code


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=_DPI, layout="constrained")


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
    _place_legend(figure, handles)


def _place_legend(figure: Figure, handles: list[Patch]) -> None:
    """A legend under the plot (never over data), without texts matplotlib cannot draw."""
    handles = [h for h in handles if h.get_label() and drawable(str(h.get_label()))]
    if handles:
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7)


def _title(figure: Figure, title: str) -> None:
    if title and drawable(title):
        figure.suptitle(title, fontsize=11)


def figure_radar(domains: Sequence[DomainScoreLike], *, title: str, language: str) -> Figure:
    """A radar (spider) chart of the domain scores on the 0–4 scale."""
    import numpy as np

    if not domains:
        raise ValueError("a radar chart needs at least one domain")
    figure = _new_figure(5.2, 5.2)
    from matplotlib.projections.polar import PolarAxes

    axes = figure.add_subplot(projection="polar")
    assert isinstance(axes, PolarAxes)
    count = len(domains)
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    axes.set_theta_offset(np.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, SCALE_MAX)
    axes.set_yticks(range(SCALE_MAX + 1))
    axes.set_yticklabels([_number(v, language, "0") for v in range(SCALE_MAX + 1)], fontsize=7)
    axes.set_xticks(angles)
    axes.set_xticklabels([_tick_label(d) for d in domains], fontsize=9)
    for label, domain in zip(axes.get_xticklabels(), domains, strict=True):
        if domain.insufficient:
            label.set_color(MISSING_COLOUR)
            label.set_fontstyle("italic")

    width = 2 * np.pi / count * 0.6
    missing = [a for a, d in zip(angles, domains, strict=True) if _shown(d) is None]
    if missing:
        axes.bar(
            missing,
            [SCALE_MAX] * len(missing),
            width=width,
            color="none",
            edgecolor=MISSING_COLOUR,
            hatch=MISSING_HATCH,
            linewidth=0.8,
        )
    values = [_shown(d) for d in domains]
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
    _title(figure, title)
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
    figure = _new_figure(6.4, 3.6)
    axes = figure.add_subplot()
    positions = list(range(len(domains)))
    missing = False
    for x, domain in zip(positions, domains, strict=True):
        value = _shown(domain)
        if value is None:
            missing = True
            height = float(domain.score) if domain.score is not None else SCALE_MAX
            axes.bar(
                x, height, color="none", edgecolor=MISSING_COLOUR, hatch=MISSING_HATCH, width=0.6
            )
            axes.text(x, height + 0.08, MISSING_MARK, ha="center", va="bottom", fontsize=8)
        else:
            axes.bar(x, value, color=SCORE_COLOUR, alpha=0.8, width=0.6)
            text = _number(domain.score, language)
            axes.text(x, value + 0.08, text, ha="center", va="bottom", fontsize=8)
    if target is not None:
        axes.axhline(float(target), color="#555555", linestyle="--", linewidth=0.9)
    _style_bar_axes(axes, [_tick_label(d) for d in domains], language)
    for tick, domain in zip(axes.get_xticklabels(), domains, strict=True):
        if domain.insufficient:
            tick.set_color(MISSING_COLOUR)
    _legend(figure, language, with_score=False, missing=missing)
    _title(figure, title)
    return figure


def _style_bar_axes(axes: Axes, labels: list[str], language: str) -> None:
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, fontsize=9)
    axes.set_ylim(0, SCALE_MAX + 0.5)
    axes.set_yticks(range(SCALE_MAX + 1))
    axes.set_yticklabels([_number(v, language, "0") for v in range(SCALE_MAX + 1)], fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", linewidth=0.4, alpha=0.6)


def _paired(
    before: Sequence[DomainScoreLike], after: Sequence[DomainScoreLike]
) -> list[tuple[str, DomainScoreLike | None, DomainScoreLike | None]]:
    """Domains of both rounds by code, in the later round's order, then any dropped ones."""
    earlier = {d.code: d for d in before}
    later = {d.code: d for d in after}
    codes = [d.code for d in after] + [d.code for d in before if d.code not in later]
    return [(code, earlier.get(code), later.get(code)) for code in codes]


def figure_compare(
    before: Sequence[DomainScoreLike],
    after: Sequence[DomainScoreLike],
    *,
    before_label: str,
    after_label: str,
    title: str,
    language: str,
) -> Figure:
    """Grouped bars: each domain's score in an earlier and a later round."""
    pairs = _paired(before, after)
    if not pairs:
        raise ValueError("a comparison needs at least one domain")
    figure = _new_figure(6.8, 3.8)
    axes = figure.add_subplot()
    half = 0.38
    missing = False
    for x, (_code, earlier, later) in enumerate(pairs):
        for offset, domain, colour, name in (
            (-half / 2, earlier, BEFORE_COLOUR, before_label),
            (half / 2, later, SCORE_COLOUR, after_label),
        ):
            if domain is None:
                continue  # not in that round's form: nothing to draw
            value = _shown(domain)
            if value is None:
                missing = True
                axes.bar(
                    x + offset,
                    SCALE_MAX,
                    width=half,
                    color="none",
                    edgecolor=MISSING_COLOUR,
                    hatch=MISSING_HATCH,
                )
            else:
                axes.bar(x + offset, value, width=half, color=colour, label=name)
    labels = [
        f"{code}{MISSING_MARK}"
        if any(d is not None and _shown(d) is None for d in (e, la))
        else code
        for code, e, la in pairs
    ]
    _style_bar_axes(axes, labels, language)
    _compare_legend(figure, language, before_label, after_label, missing=missing)
    _title(figure, title)
    return figure


def _compare_legend(
    figure: Figure, language: str, before_label: str, after_label: str, *, missing: bool
) -> None:
    from matplotlib.patches import Patch

    _ = translator(language).gettext
    handles = [
        Patch(facecolor=BEFORE_COLOUR, label=before_label),
        Patch(facecolor=SCORE_COLOUR, label=after_label),
    ]
    if missing:
        label = _("{mark} insufficient data").format(mark=MISSING_MARK)
        handles.append(
            Patch(facecolor="white", edgecolor=MISSING_COLOUR, hatch=MISSING_HATCH, label=label)
        )
    _place_legend(figure, handles)


def png_bytes(figure: Figure) -> bytes:
    """The figure as a PNG, rendered with Agg whatever canvas the figure has."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor="white")
    return buffer.getvalue()


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


def compare_chart(
    before: Sequence[DomainScoreLike],
    after: Sequence[DomainScoreLike],
    *,
    before_label: str,
    after_label: str,
    title: str,
    language: str,
) -> bytes:
    """:func:`figure_compare` as PNG bytes."""
    figure = figure_compare(
        before,
        after,
        before_label=before_label,
        after_label=after_label,
        title=title,
        language=language,
    )
    return png_bytes(figure)


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
            _number(d.score, language),
            _number(d.percent, language, "0"),
            _number(d.answered, language, "0"),
            _number(d.dont_know, language, "0"),
            _number(d.total, language, "0"),
            _("insufficient") if d.insufficient else _("sufficient"),
        )
        for d in domains
    ]
    return ChartTable(headers, rows)


def compare_table(
    before: Sequence[DomainScoreLike], after: Sequence[DomainScoreLike], *, language: str
) -> ChartTable:
    """The numbers of :func:`figure_compare`: each domain's two scores and the change."""
    _ = translator(language).gettext
    headers = (_("Domain"), _("Before"), _("After"), _("Change"))
    rows: list[tuple[str, ...]] = []
    for code, earlier, later in _paired(before, after):
        old = None if earlier is None or earlier.insufficient else earlier.score
        new = None if later is None or later.insufficient else later.score
        change = "–" if old is None or new is None else _number(new - old, language, "+0.0#;-0.0#")
        rows.append((code, _score_cell(earlier, language), _score_cell(later, language), change))
    return ChartTable(headers, rows)


def _score_cell(domain: DomainScoreLike | None, language: str) -> str:
    _ = translator(language).gettext
    if domain is None:
        return _("not assessed")
    if domain.insufficient:
        return _("insufficient data")
    return _number(domain.score, language)


__all__ = [
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
