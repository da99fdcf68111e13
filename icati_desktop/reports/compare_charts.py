"""Two rounds of a country's assessment compared: grouped bars and the same numbers as rows.

Domains are paired by code, in the later round's order, then any the later form dropped; a
domain missing from one round's form is simply not drawn for that round. The drawing rules
(hatched grey for insufficient data, no right-to-left text on the picture) are those of
:mod:`icati_desktop.reports.charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    new_figure,
    number,
    place_legend,
    png_bytes,
    shown,
    style_bar_axes,
)
from icati_desktop.reports.form_text import CHANGE_FORMAT

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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
    figure = new_figure(6.8, 3.8)
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
            value = shown(domain)
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
        if any(d is not None and shown(d) is None for d in (e, la))
        else code
        for code, e, la in pairs
    ]
    style_bar_axes(axes, labels, language)
    _compare_legend(figure, language, before_label, after_label, missing=missing)
    add_title(figure, title)
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
    place_legend(figure, handles)


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
        change = "–" if old is None or new is None else number(new - old, language, CHANGE_FORMAT)
        rows.append((code, _score_cell(earlier, language), _score_cell(later, language), change))
    return ChartTable(headers, rows)


def _score_cell(domain: DomainScoreLike | None, language: str) -> str:
    _ = translator(language).gettext
    if domain is None:
        return _("not assessed")
    if domain.insufficient:
        return _("insufficient data")
    return number(domain.score, language)


__all__ = ["compare_chart", "compare_table", "figure_compare"]
