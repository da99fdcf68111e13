"""The Country workspace section: a list of countries beside the chosen country's overview.

The list shows the countries of interest chosen in the first-run wizard ("My countries"),
or every country. The overview is read on the database thread
(:func:`~icati_desktop.store.country_overview.country_overview`) and read again when the
store reports a change to anything it shows — a meeting saved in Meetings appears here
without a restart — but only while the page is visible; a hidden page remembers it is
out of date and reads again when shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCollator, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.file_ready import FileReady
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.workspace.jobs import CountryList, countries_job, overview_job
from icati_desktop.gui.workspace.mission import PeriodDialog, choose_mission_file, mission_job
from icati_desktop.gui.workspace.overview_view import CountryOverviewView
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.reports.country_report import MissionKind
from icati_desktop.store.country_overview import CountryOverview

WATCHED = frozenset(
    {
        "action_item",
        "action_plan",
        "assessment",
        "consent",
        "country",
        "form_definition",
        "initiative",
        "meeting",
        "organisation",
        "person",
        "resource",
    }
)
"""Record types the overview shows something of."""
MINE, EVERY = "mine", "every"


class CountryWorkspacePage(QWidget):
    help_anchor = "the-country-workspace"
    """Its section of the user guide (F1)."""

    record_requested = Signal(str, str)
    """Show a record in its own screen: (record type, record id)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.countries: CountryList | None = None
        self.country: str | None = None
        self._stale_list = True
        self._stale = True
        self._generation = 0
        self._reload = QTimer(self)  # a burst of changes costs one read
        self._reload.setSingleShot(True)
        self._reload.setInterval(150)
        self._reload.timeout.connect(self.refresh)
        self.scope = QComboBox()
        self.scope.addItem("", MINE)
        self.scope.addItem("", EVERY)
        self.scope.currentIndexChanged.connect(self._fill_list)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._chosen)
        self.list_hint = QLabel()
        self.list_hint.setWordWrap(True)
        self.view = CountryOverviewView()
        self.view.record_requested.connect(self.record_requested)
        self.status = QLabel()
        self.status.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.scope)
        side_layout.addWidget(self.list, 1)
        side_layout.addWidget(self.list_hint)
        self.main = QWidget()
        main_layout = QVBoxLayout(self.main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        self.brief_button, self.report_button = QPushButton(), QPushButton()
        self.brief_button.clicked.connect(lambda: self.ask_mission(MissionKind.BRIEF))
        self.report_button.clicked.connect(lambda: self.ask_mission(MissionKind.REPORT))
        self.file_ready = FileReady()
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.status, 1)
        self.toolbar.addWidget(self.brief_button)
        self.toolbar.addWidget(self.report_button)
        main_layout.addLayout(self.toolbar)
        main_layout.addWidget(self.file_ready)
        main_layout.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.main)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    def retranslate_ui(self) -> None:
        self.scope.setItemText(0, _("My countries"))
        self.scope.setItemText(1, _("All countries"))
        self.scope.setAccessibleName(_("Which countries to list"))
        self.list.setAccessibleName(_("Countries"))
        self.brief_button.setText(_("Mission &brief…"))
        self.brief_button.setToolTip(
            _("Before travel: profile, phase and why, open actions, last meetings, key people")
        )
        self.report_button.setText(_("Mission &report…"))
        self.report_button.setToolTip(
            _("After the mission: meetings held, decisions, the updated plan, next steps")
        )
        self.file_ready.retranslate_ui()
        self.view.retranslate_ui()
        self._fill_list()

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale_list or self._stale:
            self.refresh()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type not in WATCHED:
            return
        self._stale_list = self._stale_list or record_type == "country"
        self._stale = True
        if self.isVisible():
            self._reload.start()

    def refresh(self) -> None:
        if self._stale_list:
            self._stale_list = False
            self.services.run(countries_job, self._countries_ready, self._failed)
            return  # the overview is read once the list has chosen a country
        self._read_overview()

    def _countries_ready(self, countries: CountryList) -> None:
        first = self.countries is None
        self.countries = countries
        wanted = self.country
        if first and (not countries.followed or (wanted and wanted not in countries.followed)):
            self.scope.setCurrentIndex(1)  # every country: none followed, or one asked for
        self._fill_list()
        if self._stale:
            self._read_overview()

    def _read_overview(self) -> None:
        self._stale = False
        if self.country is None:
            return
        self._generation += 1
        generation = self._generation
        self.status.setText(_("Reading…"))
        self.services.run(
            overview_job(self.country),
            lambda overview: self._overview_ready(generation, overview),
            self._failed,
        )

    def _overview_ready(self, generation: int, overview: CountryOverview) -> None:
        if generation != self._generation:
            return  # another country was chosen meanwhile
        self.status.clear()
        self.view.show_overview(overview)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(_("The store could not be read: {error}").format(error=error))

    # --- the list ------------------------------------------------------------------------------

    def _fill_list(self) -> None:
        if self.countries is None:
            return
        language = current_language()
        followed = set(self.countries.followed)
        mine = self.scope.currentData() == MINE
        shown = [c for c in self.countries.every if not mine or c.alpha3 in followed]
        names = {c.alpha3: country_display_name(c.alpha2, language) for c in shown}
        collator = QCollator()
        ordered = sorted(names.items(), key=lambda item: collator.sortKey(item[1]))
        self.list.blockSignals(True)
        self.list.clear()
        for code, name in ordered:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list_hint.setText(
            _(
                "You follow no country yet: choose “All countries”, or pick your countries "
                "again in a new first-run setup."
            )
            if mine and not ordered
            else ""
        )
        self.list_hint.setVisible(mine and not ordered)
        chosen = self.country if self.country in names else (ordered[0][0] if ordered else None)
        self._select(chosen)

    def _select(self, alpha3: str | None) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == alpha3:
                self.list.setCurrentItem(item)  # reads the overview if it changed
                return

    def _chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        code = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        if code != self.country:
            self.country = code
            self._stale = True
            if self.countries is not None and self.isVisible():
                self._read_overview()

    # --- mission brief and report --------------------------------------------------------------

    def ask_mission(self, kind: MissionKind) -> None:
        if self.country is None:
            return
        period = None
        if kind is MissionKind.REPORT:
            dialog = PeriodDialog(self)
            if not dialog.exec():
                return
            period = dialog.period()
        out = choose_mission_file(self, self.country, kind)
        if out is not None:
            self.save_mission(kind, out, period)

    def save_mission(
        self, kind: MissionKind, out: Path, period: tuple[date, date] | None = None
    ) -> None:
        """Print the chosen country's brief or report to ``out`` on the database thread."""
        if self.country is None:
            return
        self.file_ready.hide()
        job = mission_job(self.country, out, kind, current_language(), period)

        def done(pages: int) -> None:
            self.file_ready.show_file(
                out,
                ngettext(
                    "Written to {path} ({pages} page).", "Written to {path} ({pages} pages).", pages
                ).format(path=out, pages=pages),
            )

        def failed(error: BaseException) -> None:
            self.status.setText(_("The PDF was not written: {error}").format(error=error))

        self.services.run_long(
            self,
            _("Writing the PDF…"),
            lambda store, _progress, _cancelled: job(store),
            done,
            failed,
        )

    def show_country(self, alpha3: str) -> None:
        """Open the workspace of one country (from the Atlas, search, an assessment)."""
        self.country = alpha3.upper()
        self._stale = True
        if self.countries is not None:
            if self.scope.currentData() == MINE and self.country not in self.countries.followed:
                self.scope.setCurrentIndex(1)  # fills the list, keeping the country
            else:
                self._select(self.country)
            self._read_overview()


__all__ = ["CountryWorkspacePage"]
