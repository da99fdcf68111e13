"""Charts of assessment results: real PNGs, insufficient data visibly marked, the same
numbers available as a table, and no unshaped Arabic drawn by matplotlib."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from matplotlib.colors import to_hex
from PIL import Image

from icati_desktop.domain.scoring import DomainScore
from icati_desktop.reports import charts


def domain(code: str, score: str | None, *, dk: int = 0, answered: int = 4) -> DomainScore:
    insufficient = score is None
    return DomainScore(
        code=code,
        score=None if score is None else Decimal(score),
        answered=answered,
        dont_know=dk,
        unanswered=4 - answered - dk,
        total=4,
        insufficient=insufficient,
    )


ROUND_2 = [
    domain("D1", "1.50"),
    domain("D2", "2.00"),
    domain("D3", "0.00"),
    domain("D4", None, dk=3, answered=1),
    domain("D5", "3.25"),
]
ROUND_1 = [domain("D1", "1.00"), domain("D2", None, dk=2, answered=2), domain("D3", "0.50")]


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()  # decodes every pixel: a truncated file fails here
        return image.size


@pytest.mark.parametrize(
    "render",
    [
        lambda: charts.radar_chart(ROUND_2, title="Kenya", language="en"),
        lambda: charts.bar_chart(ROUND_2, title="Kenya", language="fr", target=Decimal(2)),
        lambda: charts.compare_chart(
            ROUND_1, ROUND_2, before_label="2025", after_label="2026", title="", language="ar"
        ),
    ],
    ids=["radar", "bars", "compare"],
)
def test_charts_are_decodable_pngs(render: object) -> None:
    assert callable(render)
    width, height = png_size(render())
    assert width > 400
    assert height > 300


def test_radar_marks_the_domain_with_insufficient_data() -> None:
    figure = charts.figure_radar(ROUND_2, title="Kenya", language="en")
    axes = figure.axes[0]
    labels = {t.get_text(): t for t in axes.get_xticklabels()}
    assert list(labels) == ["D1", "D2", "D3", "D4?", "D5"]
    assert to_hex(labels["D4?"].get_color()) == charts.MISSING_COLOUR.lower()
    assert to_hex(labels["D1"].get_color()) != charts.MISSING_COLOUR.lower()
    hatched = [p for p in axes.patches if p.get_hatch() == charts.MISSING_HATCH]
    assert len(hatched) == 1  # one grey hatched sector, for D4 only
    # The score line has a gap at D4 instead of a false 0.
    line = axes.lines[0]
    radii = list(line.get_ydata())
    assert radii[0] == 1.5
    assert radii[2] == 0.0
    assert radii[3] != radii[3]  # NaN
    legend_texts = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "? insufficient data" in legend_texts


def test_bars_draw_insufficient_domains_hatched_and_scores_in_the_language() -> None:
    figure = charts.figure_bars(ROUND_2, title="Kenya", language="fr")
    axes = figure.axes[0]
    bars = axes.patches
    assert [b.get_hatch() for b in bars] == [None, None, None, charts.MISSING_HATCH, None]
    assert [round(b.get_height(), 2) for b in bars][:3] == [1.5, 2.0, 0.0]
    value_labels = [t.get_text() for t in axes.texts]
    assert value_labels == ["1,50", "2,00", "0,00", "?", "3,25"]


def test_arabic_captions_are_left_to_the_report() -> None:
    # matplotlib would draw Arabic letters unjoined and left to right.
    arabic = charts.figure_radar(ROUND_2, title="تقرير كينيا", language="ar")
    assert arabic.get_suptitle() == ""
    assert charts.figure_radar(ROUND_2, title="Kenya 2026", language="ar").get_suptitle() == (
        "Kenya 2026"
    )
    assert not charts.drawable("الفحص")
    assert charts.drawable("Évaluation — D1")


def test_chart_table_gives_the_charted_numbers_as_rows() -> None:
    table = charts.chart_table(ROUND_2, language="en")
    assert table.headers[0] == "Domain"
    assert len(table.headers) == len(table.rows[0])
    assert table.rows[0] == ("D1", "1.50", "38", "4", "0", "4", "sufficient")
    assert table.rows[3] == ("D4", "–", "–", "1", "3", "4", "insufficient")
    assert [r[0] for r in table.rows] == [d.code for d in ROUND_2]
    assert charts.chart_table(ROUND_2, language="fr").rows[4][1] == "3,25"


def test_compare_pairs_domains_by_code_and_shows_the_change() -> None:
    table = charts.compare_table(ROUND_1, ROUND_2, language="en")
    assert table.headers == ("Domain", "Before", "After", "Change")
    assert table.rows[0] == ("D1", "1.00", "1.50", "+0.50")
    assert table.rows[1] == ("D2", "insufficient data", "2.00", "–")
    assert table.rows[2] == ("D3", "0.50", "0.00", "-0.50")
    assert table.rows[4] == ("D5", "not assessed", "3.25", "–")

    figure = charts.figure_compare(
        ROUND_1, ROUND_2, before_label="2025", after_label="2026", title="", language="en"
    )
    axes = figure.axes[0]
    # 3 earlier bars + 5 later bars; D2 earlier and D4 later are hatched placeholders.
    assert len(axes.patches) == 8
    assert sum(p.get_hatch() == charts.MISSING_HATCH for p in axes.patches) == 2
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert labels == ["D1", "D2?", "D3", "D4?", "D5"]


def test_a_chart_without_domains_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one domain"):
        charts.radar_chart([], title="", language="en")
