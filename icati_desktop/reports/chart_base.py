"""What every assessment chart shares: the scale, colours, missing-data marks, legends, PNGs.

:mod:`icati_desktop.reports.charts` (radar, bars) and
:mod:`icati_desktop.reports.compare_charts` (two rounds) both build on these, so a domain
with insufficient data looks the same in every picture. matplotlib is imported inside the
functions (see :mod:`icati_desktop.reports.charts` for why).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from babel.numbers import format_decimal

from icati_desktop.reports.form_text import SCORE_FORMAT

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
DPI = 150
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


def number(value: Decimal | int | None, language: str, pattern: str = SCORE_FORMAT) -> str:
    """A number of a chart; by default a domain score, with the one precision of scores."""
    if value is None:
        return "–"
    return format_decimal(value, format=pattern, locale=language)


def shown(domain: DomainScoreLike) -> float | None:
    """The score to plot: ``None`` when the domain has no score or insufficient data."""
    if domain.insufficient or domain.score is None:
        return None
    return float(domain.score)


def tick_label(domain: DomainScoreLike) -> str:
    return f"{domain.code}{MISSING_MARK}" if domain.insufficient else domain.code


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def place_legend(figure: Figure, handles: list[Patch]) -> None:
    """A legend under the plot (never over data), without texts matplotlib cannot draw."""
    handles = [h for h in handles if h.get_label() and drawable(str(h.get_label()))]
    if handles:
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7)


def add_title(figure: Figure, title: str) -> None:
    if title and drawable(title):
        figure.suptitle(title, fontsize=11)


def style_bar_axes(axes: Axes, labels: list[str], language: str) -> None:
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, fontsize=9)
    axes.set_ylim(0, SCALE_MAX + 0.5)
    axes.set_yticks(range(SCALE_MAX + 1))
    axes.set_yticklabels([number(v, language, "0") for v in range(SCALE_MAX + 1)], fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", linewidth=0.4, alpha=0.6)


def png_bytes(figure: Figure) -> bytes:
    """The figure as a PNG, rendered with Agg whatever canvas the figure has."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()
