"""The Stakeholders section: per country, the people and institutions of the directory.

People are listed a page at a time (sort and filter run in the store); choosing one shows
them with their consent, and their contact details only while consent covers them.
Withdrawing consent and erasing a person ask first, then run as one store operation each;
every list, search result, export and bundle built after it is without the contact.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.list_section import ListSection
from icati_desktop.gui.people.dialogs import InstitutionDialog, PersonDialog
from icati_desktop.gui.people.institutions import InstitutionTableModel
from icati_desktop.gui.people.jobs import PeopleSnapshot, organisations_job, page_job, snapshot_job
from icati_desktop.gui.people.model import SORT_KEYS, PeopleTableModel
from icati_desktop.gui.people.person_pane import PersonPane
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.store.people import PeopleQuery, PersonDetail, PersonSummary, person_detail
from icati_desktop.store.people_dossier import write_dossier
from icati_desktop.store.people_writes import erase_person, withdraw_consent

WATCHED = frozenset({"person", "contact", "consent", "organisation"})


class StakeholdersPage(QWidget):
    help_anchor = "stakeholders-people-institutions-and-consent"

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self._countries: list[tuple[str, str, str]] | None = None
        self._sort = ("display_name", False)
        self._loaded_once = False
        self.country = QComboBox()
        self.country.setObjectName("people_country")
        self.country.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.country.setMinimumContentsLength(18)
        self.country.currentIndexChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setObjectName("people_search")
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=250)
        self.search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.add_person_button = QPushButton()
        self.add_person_button.clicked.connect(lambda: self.open_person_dialog(None))
        self.add_institution_button = QPushButton()
        self.add_institution_button.clicked.connect(self.open_institution_dialog)
        bar = QHBoxLayout()
        bar.addWidget(self.country)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.add_person_button)
        bar.addWidget(self.add_institution_button)

        self.model = PeopleTableModel(self)
        self.model.fetch_requested.connect(self._fetch_more)
        self.section = ListSection(self.model, "people", count_line=False)
        self.table, self.empty = self.section.table, self.section.empty
        self.list_stack, self.count = self.section.results, self.section.count_label
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setMinimumSectionSize(90)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.pane = PersonPane()
        self.pane.edit_requested.connect(self._edit_current)
        self.pane.withdraw_requested.connect(self.withdraw_current)
        self.pane.dossier_requested.connect(self.export_current)
        self.pane.erase_requested.connect(self.erase_current)
        split = QSplitter()
        split.setObjectName("people_split")
        split.addWidget(self.section)
        split.addWidget(self.pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 420])

        self.institutions = InstitutionTableModel(self)
        self.institution_table = QTableView()
        self.institution_table.setObjectName("institutions_table")
        self.institution_table.setModel(self.institutions)
        self.institution_table.verticalHeader().setVisible(False)
        self.institution_table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "")
        self.tabs.addTab(self.institution_table, "")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(self.tabs, 1)
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Filter by name, role or institution"))
        self.search.setAccessibleName(_("Filter people"))
        self.country.setAccessibleName(_("Country"))
        self.add_person_button.setText(_("Add &person…"))
        self.add_institution_button.setText(_("Add &institution…"))
        self.tabs.setTabText(0, _("People"))
        self.tabs.setTabText(1, _("Institutions"))
        self.model.retranslate()
        self.institutions.retranslate()
        self.pane.retranslate_ui()
        if self._countries is not None:
            self._fill_countries(self._countries)
        self._show_count()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    # --- loading ----------------------------------------------------------------------------

    def query(self) -> PeopleQuery:
        sort, descending = self._sort
        return PeopleQuery(
            country=self.country.currentData(),
            text=self.search.text(),
            sort=sort,
            descending=descending,
        )

    def refresh(self) -> None:
        self.search_timer.stop()
        self._loaded_once = True
        self._generation += 1
        generation, query, need = self._generation, self.query(), self._countries is None
        self.services.run(
            lambda store: snapshot_job(store, query, need),
            partial(self._loaded, generation),
            self.report_error,
        )

    def _loaded(self, generation: int, snapshot: PeopleSnapshot) -> None:
        if generation != self._generation:
            return
        if snapshot.countries is not None:
            self._countries = snapshot.countries
            self._fill_countries(snapshot.countries)
        alpha2_of = {a3: a2 for a3, a2, _name in self._countries or []}
        self.model.alpha2_of = self.pane.alpha2_of = alpha2_of
        self.institutions.alpha2_of = alpha2_of
        self.add_institution_button.setEnabled(snapshot.may_add_institutions)
        self.add_institution_button.setToolTip(
            ""
            if snapshot.may_add_institutions
            else _("Institutions are published by the central office; ask HQ to add one.")
        )
        shown = self.pane.detail.record_id if self.pane.detail else None
        self.model.set_rows(snapshot.rows, snapshot.total)
        self.institutions.set_rows(snapshot.institutions)
        self._show_count()
        row = self.model.row_of(shown) if shown else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        if shown is not None:
            self.load_detail(shown)

    def _fill_countries(self, countries: list[tuple[str, str, str]]) -> None:
        chosen = self.country.currentData()
        language = current_language()
        named = sorted(
            ((a3, country_display_name(a2, language)) for a3, a2, _n in countries),
            key=lambda c: c[1].casefold(),
        )
        self.country.blockSignals(True)
        self.country.clear()
        self.country.addItem(_("All countries"), None)
        for alpha3, name in named:
            self.country.addItem(name, alpha3)
        self.country.setCurrentIndex(max(self.country.findData(chosen), 0))
        self.country.blockSignals(False)

    def _fetch_more(self, offset: int) -> None:
        generation, query = self._generation, self.query()

        def append(rows: list[PersonSummary]) -> None:
            if generation == self._generation:
                self.model.append_rows(offset, rows)

        def failed(error: BaseException) -> None:
            self.model.fetch_failed()
            self.report_error(error)

        self.services.run(lambda store: page_job(store, query, offset), append, failed)

    def _show_count(self) -> None:
        total = self.model.total
        self.section.show_total(
            total,
            ngettext("{n} person", "{n} people", total).format(n=total) if total else "",
            filtered=bool(self.search.text().strip() or self.country.currentData()),
            when_filtered=_("Nobody matches. Clear the filter or choose another country."),
            when_none=_(
                "No people yet. Add the people you meet with “Add person…”, and record "
                "their consent: contact details are kept only while it covers them."
            ),
        )

    def _sort_by(self, column: int) -> None:
        key = SORT_KEYS[column]
        if key is None:
            return
        descending = self._sort == (key, False)
        self._sort = (key, descending)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.refresh()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in WATCHED and self._loaded_once:
            self.refresh()

    # --- one person -------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.load_detail(str(current.siblingAtColumn(0).data(RECORD_ID_ROLE)))

    def load_detail(self, record_id: str) -> None:
        def gone(_error: BaseException) -> None:
            self.pane.show_detail(None)

        self.services.run(lambda store: person_detail(store, record_id), self._show, gone)

    def _show(self, detail: PersonDetail) -> None:
        self.pane.show_detail(detail)

    def show_person(self, record_id: str) -> None:
        """Open a person (from global search): select them if listed, show them anyway."""
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.load_detail(record_id)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def withdraw_current(self) -> None:
        detail = self.pane.detail
        if detail is None:
            return
        text = _(
            "Withdraw every consent {name} gave and erase their contact details? They stay in "
            "the directory without contact details; HQ and other laptops erase the contact "
            "details after the next exchange."
        ).format(name=detail.person.display_name)
        if not self.confirm(_("Withdraw consent"), text):
            return
        self.services.run(
            lambda store: withdraw_consent(store, detail.record_id),
            lambda _r: self.load_detail(detail.record_id),
            self.report_error,
        )

    def erase_current(self) -> None:
        detail = self.pane.detail
        if detail is None:
            return
        text = _(
            "Erase {name}? Their name and contact details are removed from this device and, "
            "after the next exchange, from HQ and every laptop, history included. Meetings "
            "keep them only as an anonymous attendee. This cannot be undone."
        ).format(name=detail.person.display_name)
        if not self.confirm(_("Erase this person"), text):
            return
        self.pane.show_detail(None)
        self.services.run(
            lambda store: erase_person(store, detail.record_id),
            lambda _r: self._erased(),
            self.report_error,
        )

    def _erased(self) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(_("Person erased."), 8000)

    def choose_dossier_path(self, name: str) -> Path | None:
        safe = re.sub(r"[^\w\-]+", "-", name).strip("-") or "person"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export everything about this person"), f"{safe}.json", _("JSON (*.json)")
        )
        return Path(chosen) if chosen else None

    def export_current(self) -> None:
        detail = self.pane.detail
        if detail is None:
            return
        path = self.choose_dossier_path(detail.person.display_name)
        if path is None:
            return
        self.services.run(
            lambda store: write_dossier(store, detail.record_id, path),
            lambda _n: self.count.setText(_("Written to {path}").format(path=path)),
            self.report_error,
        )

    def _edit_current(self) -> None:
        if self.pane.detail is not None:
            self.open_person_dialog(self.pane.detail)

    def _country_names(self) -> list[tuple[str, str]]:
        return [
            (self.country.itemData(i), self.country.itemText(i))
            for i in range(1, self.country.count())
        ]

    def open_person_dialog(self, detail: PersonDetail | None) -> None:
        country = detail.person.country if detail else self.country.currentData()

        def show(organisations: list[tuple[str, str]]) -> None:
            dialog = PersonDialog(self.services, self._country_names(), organisations, detail, self)
            if detail is None and country:
                dialog.country.setCurrentIndex(max(dialog.country.findData(country), 0))
            dialog.saved.connect(self.load_detail)
            dialog.open()
            self.person_dialog = dialog

        self.services.run(lambda store: organisations_job(store, country), show, self.report_error)

    def open_institution_dialog(self) -> None:
        dialog = InstitutionDialog(
            self.services, self._country_names(), self.country.currentData(), self
        )
        dialog.open()
        self.institution_dialog = dialog

    def report_error(self, error: BaseException) -> None:
        QMessageBox.warning(self, _("Stakeholders"), str(error))
