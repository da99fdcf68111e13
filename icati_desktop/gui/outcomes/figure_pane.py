"""One figure in detail: its chart, the same numbers in a table beside it, its records."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableWidgetItem, QVBoxLayout, QWidget

from icati_desktop.domain.indicators import Indicator, RecordLink
from icati_desktop.gui.assessments.results_charts import embed_figure
from icati_desktop.gui.outcomes.records_list import RecordsList
from icati_desktop.gui.outcomes.tables import read_only_table
from icati_desktop.i18n import _
from icati_desktop.reports.outcome_text import OutcomeText


class FigurePane(QWidget):
    """Shows one indicator. ``records_wanted`` asks for the titles of a set of records
    (the whole figure, or the row of the table clicked)."""

    records_wanted = Signal(str, object)
    """What they are (shown in the caption), and a tuple of RecordLink."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator: Indicator | None = None
        self.text: OutcomeText | None = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.numbers = read_only_table()
        self.numbers.itemSelectionChanged.connect(self._row_chosen)
        beside = QSplitter(Qt.Orientation.Horizontal)
        beside.setObjectName("outcomeChartSplitter")
        beside.setChildrenCollapsible(False)
        beside.addWidget(self.chart_holder)
        beside.addWidget(self.numbers)
        beside.setStretchFactor(0, 3)
        beside.setStretchFactor(1, 2)
        beside.setSizes([420, 280])
        self.chart_holder.setMinimumWidth(280)
        self.records = RecordsList()
        below = QSplitter(Qt.Orientation.Vertical)
        below.setObjectName("outcomeRecordsSplitter")
        below.setChildrenCollapsible(False)
        below.addWidget(beside)
        below.addWidget(self.records)
        below.setSizes([330, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(below, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.numbers.setAccessibleName(_("The figure's numbers"))
        self.records.retranslate_ui()

    def show_indicator(self, indicator: Indicator, text: OutcomeText) -> None:
        from icati_desktop.reports.outcome_charts import figure_indicator, indicator_table

        self.indicator, self.text = indicator, text
        self.heading.setText(text.title(indicator))
        summary = _("Value: {value}").format(value=text.value(indicator))
        if indicator.target is not None:
            summary += " · " + _("Target: {target}").format(target=text.target(indicator))
            summary += " · " + text.status(indicator)
        elif indicator.target_left_out:
            summary += " · " + text.target(indicator)
        self.summary.setText(summary)
        table = indicator_table(indicator, text)
        self.numbers.blockSignals(True)
        self.numbers.clear()
        self.numbers.setColumnCount(len(table.headers))
        self.numbers.setRowCount(len(table.rows))
        self.numbers.setHorizontalHeaderLabels(list(table.headers))
        for r, cells in enumerate(table.rows):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.numbers.setItem(r, c, item)
        self.numbers.resizeColumnsToContents()
        self.numbers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.numbers.blockSignals(False)
        self.chart_holder.setVisible(len(indicator.rows) > 1)
        if len(indicator.rows) > 1:
            embed_figure(
                self.chart_holder, figure_indicator(indicator, text), text.title(indicator)
            )
        self.records_wanted.emit(text.title(indicator), indicator.records)

    def _row_chosen(self) -> None:
        rows = self.numbers.selectionModel().selectedRows()
        if self.indicator is None or self.text is None or not rows:
            return
        row = self.indicator.rows[rows[0].row()]
        what = f"{self.text.title(self.indicator)} — {self.text.row_label(self.indicator, row)}"
        links: tuple[RecordLink, ...] = row.records
        self.records_wanted.emit(what, links)
