"""The domain scores as a radar and a bar chart (tabs), with the same numbers as a table.

matplotlib costs about half a second to import, so nothing here imports it at module
level: the canvases are made the first time scores are shown (DESIGN.md: start fast).
The charts carry domain codes only (matplotlib cannot lay out Arabic); the table below
names each domain in the current language and gives screen readers the same numbers as
the picture (:func:`icati_desktop.reports.charts.chart_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import DomainScore
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.charts import ChartTable, chart_table, figure_bars, figure_radar
from icati_desktop.reports.form_text import domain_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_MIN_HEIGHT = 240


def embed_figure(holder: QWidget, figure: Figure, accessible_name: str) -> QWidget:
    """Put ``figure`` in ``holder`` (replacing what was there) on a Qt canvas."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    layout = holder.layout()
    assert layout is not None
    while layout.count():
        item = layout.takeAt(0)
        old = item.widget() if item is not None else None
        if old is not None:
            old.hide()
            old.deleteLater()
    canvas = FigureCanvasQTAgg(figure)
    canvas.setMinimumHeight(CHART_MIN_HEIGHT)
    canvas.setAccessibleName(accessible_name)
    layout.addWidget(canvas)
    return canvas


def fill_table(table: QTableWidget, data: ChartTable, names: Sequence[str]) -> None:
    """``data`` in ``table``; the first column shows ``names`` (the codes' full names)."""
    table.clear()
    table.setColumnCount(len(data.headers))
    table.setRowCount(len(data.rows))
    table.setHorizontalHeaderLabels(list(data.headers))
    for row, (values, name) in enumerate(zip(data.rows, names, strict=True)):
        for column, value in enumerate(values):
            item = QTableWidgetItem(name if column == 0 else value)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setToolTip(name)
            else:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def read_only_table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() + 6)
    table.setTabKeyNavigation(False)
    return table


class ChartsPanel(QWidget):
    """Radar and bar chart tabs over the table of the same numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._domains: tuple[DomainScore, ...] = ()
        self._form: FormDefinition | None = None
        self.canvases: dict[str, QWidget] = {}
        self.tabs = QTabWidget()
        self.radar_holder, self.bars_holder = QWidget(), QWidget()
        for holder in (self.radar_holder, self.bars_holder):
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.radar_holder, "")
        self.tabs.addTab(self.bars_holder, "")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = read_only_table()
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.caption)
        lower_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("chartsSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 250])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, _("&Radar"))
        self.tabs.setTabText(1, _("&Bars"))
        self.tabs.setAccessibleName(_("Charts of the domain scores"))
        self.table.setAccessibleName(_("Domain scores"))
        self.caption.setText(
            _(
                "Scores from 0 to 4. A domain marked “?” and hatched has insufficient data "
                "(too few answers or too many “don't know”)."
            )
        )
        if self._form is not None:
            self._draw()

    def show_scores(self, domains: Sequence[DomainScore], form: FormDefinition) -> None:
        self._domains, self._form = tuple(domains), form
        self._draw()

    def table_data(self) -> ChartTable:
        """What the table shows, from the same function as the charts' numbers."""
        return chart_table(self._domains, language=current_language())

    def _draw(self) -> None:
        form = self._form
        if form is None or not self._domains:
            return
        language = current_language()
        radar = figure_radar(self._domains, title="", language=language)
        bars = figure_bars(
            self._domains, title="", language=language, target=form.advice.target_score
        )
        note = _("the table below gives the same numbers")
        self.canvases["radar"] = embed_figure(
            self.radar_holder,
            radar,
            _("Radar chart of the domain scores; {note}").format(note=note),
        )
        self.canvases["bars"] = embed_figure(
            self.bars_holder,
            bars,
            _("Bar chart of the domain scores; {note}").format(note=note),
        )
        names = [domain_name(d.code, form, language) for d in self._domains]
        fill_table(self.table, self.table_data(), names)


__all__ = ["ChartsPanel", "embed_figure", "fill_table", "read_only_table"]
