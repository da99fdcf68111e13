"""A country's seven national outcomes (the seed's) with the evidence this store holds.

Self-contained, to be placed in the country workspace: give it the services and an ISO
alpha-3 code; it has its own period, lists the records behind the outcome chosen, and
asks to open one through ``record_requested`` (connect it to the main window's
``open_record``)::

    widget = NationalOutcomesWidget(services, "KEN")
    widget.record_requested.connect(window.open_record)
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.indicators import Indicator, Period
from icati_desktop.domain.indicators.period import default_period
from icati_desktop.gui.outcomes.filter_bar import date_edit, day_of
from icati_desktop.gui.outcomes.jobs import national_job, titles_job
from icati_desktop.gui.outcomes.records_list import RecordsList, country_name
from icati_desktop.gui.outcomes.tables import read_only_table
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.outcome_text import OutcomeText

if TYPE_CHECKING:
    from icati_desktop.store.record_titles import RecordTitle


class NationalOutcomesWidget(QWidget):
    record_requested = Signal(str, str)
    """record type, record id: a record behind an outcome, to open in its screen."""

    def __init__(
        self,
        services: AppServices,
        country: str,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.country = country
        period = default_period(today or date.today())
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.start, self.end = date_edit(period.start), date_edit(period.end)
        self.start_label, self.end_label = QLabel(), QLabel()
        self.start_label.setBuddy(self.start)
        self.end_label.setBuddy(self.end)
        bar = QHBoxLayout()
        for widget in (self.start_label, self.start, self.end_label, self.end):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = read_only_table()
        self.table.setColumnCount(3)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.records = RecordsList()
        self.records.record_requested.connect(self.record_requested)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("nationalOutcomesSplitter")
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.records)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.outcomes: list[Indicator] = []
        self._asked = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.start.dateChanged.connect(self._timer.start)
        self.end.dateChanged.connect(self._timer.start)
        self._stale = False
        services.records_changed.connect(lambda *_args: self._changed())
        self.retranslate_ui()
        self.refresh()

    def set_country(self, country: str) -> None:
        self.country = country
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.heading.setText(
            _("National outcomes of {country}").format(country=country_name(self.country))
        )
        self.start_label.setText(_("&From:"))
        self.end_label.setText(_("&To:"))
        self.table.setHorizontalHeaderLabels([_("Outcome"), _("Value"), _("Evidence")])
        self.table.setAccessibleName(_("National outcomes"))
        self.records.retranslate_ui()
        if self.outcomes:
            self._show(self.outcomes)

    def period(self) -> Period | None:
        start, end = day_of(self.start), day_of(self.end)
        return Period(start, end) if start <= end else None

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
        self._asked += 1
        asked = self._asked

        def done(outcomes: list[Indicator]) -> None:
            if asked == self._asked:
                self._show(outcomes)

        self.services.run(national_job(self.country, period), done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(_("The figures could not be computed: {error}").format(error=error))

    def _show(self, outcomes: list[Indicator]) -> None:
        self.outcomes = outcomes
        text = OutcomeText(current_language())
        empty = not any(o.value for o in outcomes)
        self.status.setText(
            _(
                "Nothing recorded for this country in this period: record its meetings "
                "and assessments, or choose a longer period."
            )
            if empty
            else _("Choose an outcome to list the records behind it.")
        )
        self.table.setRowCount(len(outcomes))
        for row, outcome in enumerate(outcomes):
            evidence = " · ".join(
                _("{caption}: {value}").format(
                    caption=text.row_label(outcome, r), value=text.row_value(outcome, r)
                )
                for r in outcome.rows
                if r.value
            )
            for column, value in enumerate((text.title(outcome), text.value(outcome), evidence)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 340)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

    def _chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.outcomes:
            return
        outcome = self.outcomes[rows[0].row()]
        what = OutcomeText(current_language()).title(outcome)
        total = len(outcome.records)

        def show(titles: list[RecordTitle]) -> None:
            self.records.show_titles(what, titles, total)

        self.services.run(titles_job(outcome.records), show, self._failed)
