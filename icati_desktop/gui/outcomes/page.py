"""The outcomes dashboard: a period, each figure with its target, its chart and records.

The global outcomes of the seed come first, each with its target and whether it is
reached, then the other indicators. Choosing a figure shows its chart with the numbers
beside it and lists the records behind it; a row of the numbers narrows the list; a
record opens in its own screen. On a field laptop the figures cover the records the
laptop holds (its own countries); at HQ, everything merged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.indicators import Indicator, Period, RecordLink
from icati_desktop.domain.indicators.period import default_period
from icati_desktop.gui.outcomes.export import choose_report_file, write_report
from icati_desktop.gui.outcomes.figure_pane import FigurePane
from icati_desktop.gui.outcomes.filter_bar import OutcomeFilterBar
from icati_desktop.gui.outcomes.jobs import OutcomeFigures, countries_job, figures_job, titles_job
from icati_desktop.gui.outcomes.tables import read_only_table
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.outcome_text import OutcomeText

if TYPE_CHECKING:
    from icati_desktop.store.outcome_facts import Scope
    from icati_desktop.store.record_titles import RecordTitle

INDEX_ROLE = Qt.ItemDataRole.UserRole


class OutcomesPage(QWidget):
    help_anchor = "outcomes"
    """Its section of the user guide (F1)."""

    record_requested = Signal(str, str)

    def __init__(self, services: AppServices, today: date | None = None) -> None:
        super().__init__()
        self.services = services
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.filters = OutcomeFilterBar(default_period(today or date.today()))
        self.start, self.end = self.filters.start, self.filters.end
        self.region, self.country = self.filters.region, self.filters.country
        self.pdf_button, self.xlsx_button = QPushButton(), QPushButton()
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        bar = QHBoxLayout()
        bar.addWidget(self.filters)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.figures = read_only_table()
        self.figures.setColumnCount(4)
        self.figures.itemSelectionChanged.connect(self._figure_chosen)
        self.detail = FigurePane()
        self.detail.records_wanted.connect(self._list_records)
        self.detail.records.record_requested.connect(self.record_requested)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("outcomesSplitter")
        split.setChildrenCollapsible(False)
        split.addWidget(self.figures)
        split.addWidget(self.detail)
        split.setSizes([460, 600])
        split.splitterMoved.connect(self._user_sized)
        self.split, self._sized_by_user = split, False
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self._data: OutcomeFigures | None = None
        self._chosen: str | None = None
        self._asked = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.filters.changed.connect(self._timer.start)
        self._stale = False
        services.records_changed.connect(self._records_changed)
        self.retranslate_ui()
        self._load_countries()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Outcomes"))
        self.filters.retranslate_ui()
        self.pdf_button.setText(_("Export &PDF…"))
        self.xlsx_button.setText(_("Export &XLSX…"))
        self.figures.setHorizontalHeaderLabels([_("Outcome"), _("Value"), _("Target"), _("Status")])
        self.figures.setAccessibleName(_("Outcome figures"))
        self.detail.retranslate_ui()
        if self._data is not None:
            self._show(self._data)

    # --- reading ------------------------------------------------------------------------

    def period(self) -> Period | None:
        return self.filters.period()

    def scope(self) -> Scope:
        return self.filters.scope()

    def _load_countries(self) -> None:
        self.services.run(countries_job, self.country.set_countries, self._failed)

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type == "country":
            self._load_countries()
        self._changed()

    def _changed(self) -> None:
        """Records changed: recompute now if shown, else when next shown."""
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._timer.start()

    def refresh(self) -> None:
        period = self.period()
        if period is None:
            self.status.setText(
                _("The period ends before it starts: choose an earlier “From” date.")
            )
            return
        self.status.setText(_("Computing the figures…"))
        self._asked += 1
        asked = self._asked

        def done(data: OutcomeFigures) -> None:
            if asked == self._asked:  # an older answer is dropped
                self._show(data)

        self.services.run(figures_job(period, self.scope()), done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(_("The figures could not be computed: {error}").format(error=error))

    def text(self) -> OutcomeText:
        return OutcomeText(current_language(), self._data.curricula if self._data else {})

    def _show(self, data: OutcomeFigures) -> None:
        self._data = data
        text = self.text()
        empty = all(not i.value for i in data.indicators)
        self.status.setText(
            _(
                "Nothing recorded in this period yet: choose a longer period, or record "
                "meetings, events and assessments."
            )
            if empty
            else _("Choose a figure to see its chart and the records behind it.")
        )
        if data.scope.country is not None:
            self.status.setText(f"{self.status.text()} {text.targets_left_out()}")
        globals_ = [i for i in data.indicators if i.is_global_outcome]
        others = [i for i in data.indicators if not i.is_global_outcome]
        self.figures.blockSignals(True)
        self.figures.setRowCount(0)
        selected = -1
        for heading, group in ((_("Global outcomes"), globals_), (_("Indicators"), others)):
            self._heading_row(heading)
            for indicator in group:
                row = self.figures.rowCount()
                self.figures.insertRow(row)
                cells = (
                    text.title(indicator),
                    text.value(indicator),
                    text.target(indicator),
                    text.status(indicator),
                )
                for column, value in enumerate(cells):
                    item = QTableWidgetItem(value)
                    item.setData(INDEX_ROLE, data.indicators.index(indicator))
                    item.setToolTip(
                        text.targets_left_out()
                        if column == 2 and indicator.target_left_out
                        else text.title(indicator)
                    )
                    if column:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.figures.setItem(row, column, item)
                if indicator.key == self._chosen:
                    selected = row
        self.figures.resizeColumnsToContents()
        self.figures.horizontalHeader().setStretchLastSection(False)
        self.figures.setColumnWidth(0, min(self.figures.columnWidth(0), 300))
        self._fit_figures()
        self.figures.blockSignals(False)
        if selected >= 0:
            self.figures.setCurrentCell(selected, 0)
            self._figure_chosen()

    def _user_sized(self) -> None:
        self._sized_by_user = True

    def _fit_figures(self) -> None:
        """Widen the figures so no column is cut ("No target for one country"), as far as
        the detail's minimum allows, until the user moves the divider."""
        left, right = self.split.sizes()
        table = self.figures
        needed = (
            table.horizontalHeader().length()
            + table.verticalScrollBar().sizeHint().width()
            + 2 * table.frameWidth()
        )
        room = left + right - self.detail.minimumSizeHint().width()
        if not self._sized_by_user and right > 0 and left < needed:
            width = min(needed, room)
            self.split.setSizes([width, left + right - width])

    def _heading_row(self, text: str) -> None:
        row = self.figures.rowCount()
        self.figures.insertRow(row)
        item = QTableWidgetItem(text)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.figures.setItem(row, 0, item)
        self.figures.setSpan(row, 0, 1, 4)

    def indicator_rows(self) -> dict[str, int]:
        """Table row of each figure, by key (tests and keyboard users go by it)."""
        assert self._data is not None
        out: dict[str, int] = {}
        for row in range(self.figures.rowCount()):
            item = self.figures.item(row, 0)
            index = item.data(INDEX_ROLE) if item is not None else None
            if index is not None:
                out[self._data.indicators[index].key] = row
        return out

    def choose(self, key: str) -> None:
        """Show one figure, as a click on its row does."""
        self.figures.setCurrentCell(self.indicator_rows()[key], 0)

    def indicator(self, key: str) -> Indicator:
        assert self._data is not None
        return next(i for i in self._data.indicators if i.key == key)

    def _figure_chosen(self) -> None:
        rows = self.figures.selectionModel().selectedRows()
        if not rows or self._data is None:
            return
        item = self.figures.item(rows[0].row(), 0)
        index = item.data(INDEX_ROLE) if item is not None else None
        if index is None:
            return
        indicator = self._data.indicators[index]
        self._chosen = indicator.key
        self.detail.show_indicator(indicator, self.text())

    def _list_records(self, what: str, links: tuple[RecordLink, ...]) -> None:
        total = len(links)

        def show(titles: list[RecordTitle]) -> None:
            self.detail.records.show_titles(what, titles, total)

        self.services.run(titles_job(links), show, self._failed)

    def choose_export_file(self, suffix: str) -> Path | None:
        """Ask where to write the report; tests override this."""
        return choose_report_file(self, suffix, self.scope())

    def export(self, suffix: str) -> None:
        """Write the figures shown as a PDF or XLSX report (on the database thread)."""
        period = self.period()
        if period is None:
            self.refresh()
            return
        path = self.choose_export_file(suffix)
        if path is not None:
            write_report(self.services, self.status, period, self.scope(), path)
