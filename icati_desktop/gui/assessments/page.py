"""Assessments: the list of country self-assessments, and the guided fill-in of one.

The page is a stack of two views: the list (filterable by country) and the fill-in
view. Everything it shows comes from database jobs; the list reloads when the store
reports assessments changed, and only while it is visible. Results (charts, phase,
advice, round comparison) are another page's business: ``results_requested`` carries the
assessment id for the main window to route.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCollator, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.assessments.fill_in import FillInView
from icati_desktop.gui.assessments.model import (
    DATE,
    RECORD_ID_ROLE,
    AssessmentTableModel,
    sorting_proxy,
)
from icati_desktop.gui.assessments.new_dialog import NewAssessmentDialog
from icati_desktop.gui.history.dialog import open_history
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.store.assessments import AssessmentSummary, list_assessments
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.store import Store

ALL = ""


Listing = tuple[list[AssessmentSummary], list[CountryChoice] | None]


def _list_job(country: str | None, countries: bool) -> Callable[[Store], Listing]:
    def job(store: Store) -> Listing:
        with store.read() as session:
            rows = list_assessments(session, country)
        return rows, country_choices(store) if countries else None

    return job


class AssessmentsPage(QWidget):
    help_anchor = "running-a-country-ati-self-assessment-workshop"
    """Its section of the user guide (F1)."""

    results_requested = Signal(str)
    """Show the results of this assessment (routed by the main window)."""
    country_requested = Signal(str)
    """Open the workspace of the selected assessment's country (alpha-3)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: NewAssessmentDialog | None = None
        self._countries: list[CountryChoice] = []
        self._names: dict[str, str] = {}
        self._stale = True
        self._need_countries = True
        self._generation = 0
        self._build()
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.country_label = QLabel()
        self.country_filter = QComboBox()
        self.country_filter.addItem("", ALL)
        self.country_label.setBuddy(self.country_filter)
        self.country_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button, self.open_button, self.results_button = (QPushButton() for _ in range(3))
        self.new_button.clicked.connect(self.open_new_dialog)
        self.open_button.clicked.connect(self.open_selected)
        self.results_button.clicked.connect(self._results_of_selected)
        self.history_button = QPushButton()
        self.history_button.setObjectName("history_button")
        self.history_button.clicked.connect(self._history_of_selected)
        self.country_button = QPushButton()
        self.country_button.clicked.connect(self._country_of_selected)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.country_label)
        header.addWidget(self.country_filter)
        header.addWidget(self.new_button)
        self.model = AssessmentTableModel(self)
        self.model.country_name = lambda code: self._names.get(code, code)
        self.proxy = sorting_proxy(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable_buttons())
        self.count_label = QLabel()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.history_button)
        footer.addWidget(self.country_button)
        footer.addWidget(self.results_button)
        footer.addWidget(self.open_button)
        list_view = QWidget()
        column = QVBoxLayout(list_view)
        column.addLayout(header)
        column.addWidget(self.empty_label)
        column.addWidget(self.table, 1)
        column.addLayout(footer)
        self.list_view = list_view
        self.fill_in = FillInView(self.services)
        self.fill_in.country_name = lambda code: self._names.get(code, code)
        self.fill_in.back_requested.connect(self.show_list)
        self.fill_in.results_requested.connect(self.results_requested)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_view)
        self.stack.addWidget(self.fill_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._enable_buttons()

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Self-assessments")))
        self.country_label.setText(_("&Country:"))
        self.country_filter.setItemText(0, _("All countries"))
        self.country_filter.setAccessibleName(_("Show the assessments of"))
        self.new_button.setText(_("&New assessment…"))
        self.open_button.setText(_("&Open"))
        self.results_button.setText(_("Res&ults…"))
        self.history_button.setText(_("Histor&y…"))
        self.country_button.setText(_("Open the coun&try"))
        self.country_button.setToolTip(_("The country's workspace: phase, plan, meetings, people"))
        self.history_button.setToolTip(
            _("Every version of this assessment: who changed which answer, and when")
        )
        self.table.setAccessibleName(_("Assessments"))
        self.empty_label.setText(
            _("No self-assessments here yet. Start one with “New assessment…”: choose the "
              "country, the date of the workshop and who takes part.")
        )  # fmt: skip
        self.empty_label.setAccessibleName(_("No self-assessments"))
        self._localize_names()
        self.model.retranslate()
        self._show_count()
        self.fill_in.retranslate_ui()

    # --- loading ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload the list (deferred while the page is hidden)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation, countries = self._generation, self._need_countries
        country = self.country_filter.currentData() or None
        self.services.run(
            _list_job(country, countries),
            lambda loaded: self._loaded(generation, *loaded),
            self.report_error,
        )

    def _loaded(
        self,
        generation: int,
        rows: list[AssessmentSummary],
        countries: list[CountryChoice] | None,
    ) -> None:
        if generation != self._generation:
            return
        if countries is not None:
            self._countries, self._need_countries = countries, False
            self._localize_names()
        self.model.set_rows(rows)
        self._show_count()
        self._enable_buttons()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in ("assessment", "country", "form_definition"):
            self._need_countries = self._need_countries or record_type == "country"
            self.refresh()

    def _localize_names(self) -> None:
        language = current_language()
        self._names = {c.alpha3: country_display_name(c.alpha2, language) for c in self._countries}
        chosen = self.country_filter.currentData()
        collator = QCollator()
        ordered = sorted(self._names.items(), key=lambda item: collator.sortKey(item[1]))
        self.country_filter.blockSignals(True)
        while self.country_filter.count() > 1:
            self.country_filter.removeItem(1)
        for code, name in ordered:
            self.country_filter.addItem(name, code)
        self.country_filter.setCurrentIndex(max(self.country_filter.findData(chosen), 0))
        self.country_filter.blockSignals(False)
        self.model.retranslate()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.empty_label.setVisible(count == 0 and not self._stale)
        self.count_label.setText(
            ngettext("{n} assessment", "{n} assessments", count).format(n=count)
        )

    # --- acting -----------------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(RECORD_ID_ROLE)) if rows else None

    def _enable_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.open_button.setEnabled(chosen)
        self.results_button.setEnabled(chosen)
        self.history_button.setEnabled(chosen)
        self.country_button.setEnabled(chosen)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_assessment(str(index.data(RECORD_ID_ROLE)))

    def open_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.open_assessment(chosen)

    def _results_of_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.results_requested.emit(chosen)

    def _country_of_selected(self) -> None:
        chosen = self.selected_id()
        row = next((r for r in self.model.rows() if r.record_id == chosen), None)
        if row is not None:
            self.country_requested.emit(row.country)

    def _history_of_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            open_history(self, self.services, chosen)

    def open_assessment(self, assessment_id: str) -> None:
        """Show the fill-in view of one assessment."""
        self.fill_in.open(assessment_id)
        self.stack.setCurrentWidget(self.fill_in)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()

    def open_new_dialog(self) -> NewAssessmentDialog:
        collator = QCollator()
        countries = sorted(self._names.items(), key=lambda item: collator.sortKey(item[1]))
        dialog = NewAssessmentDialog(
            self.services, countries, self.country_filter.currentData() or None, self
        )
        dialog.created.connect(self.open_assessment)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def report_error(self, error: BaseException) -> None:
        QMessageBox.warning(
            self,
            _("Self-assessments"),
            _("The assessments could not be read: {error}").format(error=error),
        )


__all__ = ["AssessmentsPage"]
