"""The Library page: search, facet filters, the paged resource list and a detail pane.

Everything it shows is read through database jobs (``library/jobs.py``); it refreshes when
the store reports resources, favourites or assessments (recommendations) changed. The
central office adds and edits resources here; field devices only read.
"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.library import Level, ResourceType
from icati_desktop.gui.history.dialog import open_history
from icati_desktop.gui.icons import set_icon
from icati_desktop.gui.library.detail_pane import DetailPane
from icati_desktop.gui.library.filter_bar import CountryCombo, FacetCombo
from icati_desktop.gui.library.jobs import (
    FAVOURITE_CHANGE,
    LibrarySnapshot,
    ResourceDetail,
    attachment_copy_job,
    detail_job,
    favourite_job,
    page_job,
    snapshot_job,
)
from icati_desktop.gui.library.model import (
    FAVOURITE,
    LANGUAGES,
    LEVEL,
    TITLE,
    TYPE,
    YEAR,
    ResourceTableModel,
    SnippetDelegate,
)
from icati_desktop.gui.library.resource_dialog import ResourceDialog
from icati_desktop.gui.library.vocabulary import (
    LEVEL_LABELS,
    TYPE_LABELS,
    language_label,
    level_label,
    topic_label,
    type_label,
)
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.library import FacetCounts, LibraryFilter, ResourcePage

SEARCH_DELAY_MS = 250
WATCHED = frozenset({"resource", FAVOURITE_CHANGE, "assessment", "form_definition"})


class LibraryPage(QWidget):
    """Search and browse the library; details, attachments and favourites on the right."""

    help_anchor = "the-library"
    """Its section of the user guide (F1)."""

    resource_shown = Signal(str)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model = ResourceTableModel(self)
        self._generation = 0
        self._detail_generation = 0
        self._loaded_once = False
        self._need_countries = True
        self._facets = FacetCounts()
        self._may_edit = False
        self._searching = False
        self._wanted: str | None = None
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self._build()
        self.model.fetch_requested.connect(self._fetch_more)
        services.records_changed.connect(self._records_changed)
        self.retranslate_ui()

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.add_button = QPushButton()
        set_icon(self.add_button, "plus")
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.add_button.setVisible(False)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.add_button)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.type_filter = FacetCombo(type_label)
        self.topic_filter = FacetCombo(topic_label)
        self.language_filter = FacetCombo(language_label)
        self.level_filter = FacetCombo(level_label)
        self.country_filter = CountryCombo()
        self.favourites_only = QCheckBox()
        for combo in (self.type_filter, self.topic_filter, self.language_filter, self.level_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.country_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.favourites_only.toggled.connect(lambda _on: self.refresh())
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 3)
        search_row.addWidget(self.country_filter, 2)
        search_row.addWidget(self.favourites_only)
        filter_row = QHBoxLayout()
        for combo in (self.type_filter, self.topic_filter, self.language_filter, self.level_filter):
            filter_row.addWidget(combo, 1)
        filter_row.addWidget(self.clear_button)

        self.count_label = QLabel()
        self.count_label.setAccessibleName("")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(TITLE, SnippetDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (FAVOURITE, 30),
            (TYPE, 110),
            (LEVEL, 100),
            (YEAR, 56),
            (LANGUAGES, 130),
        ):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)
        self._set_row_height(False)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.count_label)
        list_layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setVisible(False)
        list_layout.addWidget(self.empty_label, 1)

        self.detail = DetailPane()
        self.detail.favourite_toggled.connect(self.toggle_favourite)
        self.detail.open_attachment.connect(self.open_attachment)
        self.detail.edit_requested.connect(self.open_dialog)
        self.detail.history_requested.connect(
            lambda record_id: open_history(self, self.services, record_id)
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 340])  # the titles take the room, not the detail
        self.error = QLabel()
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(search_row)
        layout.addLayout(filter_row)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(html.escape(_("Library"))))
        self.add_button.setText(_("&Add resource…"))
        self.search.setPlaceholderText(_("Search titles, summaries, publishers, topics…"))
        self.search.setAccessibleName(_("Search the library"))
        self.type_filter.setAccessibleName(_("Type"))
        self.topic_filter.setAccessibleName(_("Topic"))
        self.language_filter.setAccessibleName(_("Language"))
        self.level_filter.setAccessibleName(_("Level"))
        self.country_filter.setAccessibleName(_("Recommended for a country"))
        self.country_filter.setToolTip(
            _("Only resources recommended for this country, from its latest assessment.")
        )
        self.favourites_only.setText(_("&Favourites only"))
        self.clear_button.setText(_("C&lear filters"))
        self.table.setAccessibleName(_("Resources"))
        self.model.retranslate()
        self._fit_code_columns()
        self._show_facets()
        self.country_filter.retranslate()
        self._show_count()
        self.detail.retranslate_ui()

    def _fit_code_columns(self) -> None:
        """Type and level columns as wide as their longest name in this language (a fixed
        vocabulary, so no row is measured): "Programme de formation" is not clipped."""
        metrics = self.table.fontMetrics()
        for column, labels in ((TYPE, TYPE_LABELS.values()), (LEVEL, LEVEL_LABELS.values())):
            widest = max(metrics.horizontalAdvance(_(label)) for label in labels)
            header = metrics.horizontalAdvance(
                str(self.model.headerData(column, Qt.Orientation.Horizontal))
            )
            self.table.setColumnWidth(column, max(widest, header) + 18)

    def _set_row_height(self, searching: bool) -> None:
        lines = 2 if searching else 1
        height = self.table.fontMetrics().lineSpacing() * lines + (10 if searching else 8)
        self.table.verticalHeader().setDefaultSectionSize(height)

    # --- loading --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    def current_filter(self) -> LibraryFilter:
        def one(value: str | None) -> list[str]:
            return [] if value is None else [value]

        country = self.country_filter.currentData()
        return LibraryFilter(
            text=self.search.text(),
            resource_types=[ResourceType(v) for v in one(self.type_filter.choice())],
            topics=one(self.topic_filter.choice()),
            languages=one(self.language_filter.choice()),
            levels=[Level(v) for v in one(self.level_filter.choice())],
            favourites_only=self.favourites_only.isChecked(),
            recommended_for=None if country is None else str(country),
        )

    def refresh(self) -> None:
        """Reload the first page and the facet counts under the current filters."""
        self.search_timer.stop()
        self._loaded_once = True
        self._generation += 1
        generation, flt = self._generation, self.current_filter()
        language, countries = current_language(), self._need_countries
        self.services.run(
            lambda store: snapshot_job(store, flt, language, countries),
            partial(self._loaded, generation),
            self.report_error,
        )

    def _search_now(self) -> None:
        if self.search_timer.isActive():
            self.refresh()

    def _loaded(self, generation: int, snapshot: LibrarySnapshot) -> None:
        if generation != self._generation:
            return
        self.error.setVisible(False)
        if snapshot.countries is not None:
            self._need_countries = False
            self.country_filter.set_countries(snapshot.countries)
        self._may_edit = snapshot.may_edit
        self.add_button.setVisible(snapshot.may_edit)
        self.detail.may_edit = snapshot.may_edit
        self._facets = snapshot.facets
        self._show_facets()
        shown = self.shown_record_id()
        self._searching = bool(self.current_filter().text.strip())
        self._set_row_height(self._searching)
        self.model.set_rows(snapshot.page.rows, snapshot.page.total)
        self._show_count()
        wanted = self._wanted or shown
        row = None if wanted is None else self.model.row_of(wanted)
        if row is not None:
            self.table.selectRow(row)
        if shown is not None and (self.model.row_of(shown) is not None or shown == self._wanted):
            self.load_detail(shown)
        elif shown is not None:  # filtered out: the pane must not show what the list hides
            self._detail_generation += 1
            self.detail.show_detail(None)

    def _fetch_more(self, offset: int) -> None:
        generation, flt, language = self._generation, self.current_filter(), current_language()

        def append(page: ResourcePage) -> None:
            if generation == self._generation:
                self.model.append_rows(offset, page.rows, page.total)

        def failed(error: BaseException) -> None:
            self.model.fetch_failed()
            self.report_error(error)

        self.services.run(lambda store: page_job(store, flt, offset, language), append, failed)

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in WATCHED and self._loaded_once:
            self.refresh()

    def _show_facets(self) -> None:
        facets = self._facets
        self.type_filter.set_counts(_("All types"), facets.resource_types)
        self.topic_filter.set_counts(_("All topics"), facets.topics)
        self.language_filter.set_counts(_("All languages"), facets.languages)
        self.level_filter.set_counts(_("All levels"), facets.levels)

    def _show_count(self) -> None:
        total = self.model.total
        self.count_label.setText(
            ngettext("{n} resource", "{n} resources", total).format(n=format_number(total))
        )
        empty = self._loaded_once and total == 0
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if self.current_filter() != LibraryFilter():
            self.empty_label.setText(
                _("No resource matches these filters. Try other words, or Clear filters.")
            )
        else:
            self.empty_label.setText(
                _(
                    "The library is empty: import a bundle from HQ "
                    "(File > Import a bundle…) to fill it."
                )
            )

    def clear_filters(self) -> None:
        for widget in (
            self.type_filter,
            self.topic_filter,
            self.language_filter,
            self.level_filter,
        ):
            widget.blockSignals(True)
            widget.set_choice(None)
            widget.blockSignals(False)
        self.country_filter.blockSignals(True)
        self.country_filter.setCurrentIndex(0)
        self.country_filter.blockSignals(False)
        self.favourites_only.blockSignals(True)
        self.favourites_only.setChecked(False)
        self.favourites_only.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh()

    # --- details --------------------------------------------------------------------------------

    def shown_record_id(self) -> str | None:
        detail = self.detail.detail
        return None if detail is None else detail.record_id

    def listed_titles(self) -> list[str]:
        return [self.model.summary(row).title for row in range(self.model.rowCount())]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.load_detail(str(current.data(RECORD_ID_ROLE)))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == FAVOURITE:
            self.toggle_favourite(str(index.data(RECORD_ID_ROLE)))

    def show_resource(self, record_id: str) -> None:
        """Show one resource (from the global search): selected if listed, detailed anyway."""
        self._wanted = record_id
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, TITLE))
        self.load_detail(record_id)

    def load_detail(self, record_id: str) -> None:
        self._detail_generation += 1
        generation = self._detail_generation

        def show(detail: ResourceDetail) -> None:
            if generation == self._detail_generation:
                self.detail.show_detail(detail)
                self.resource_shown.emit(detail.record_id)

        def missing(error: BaseException) -> None:
            if generation == self._detail_generation:
                self.detail.show_detail(None)
                self.report_error(error)

        self.services.run(lambda store: detail_job(store, record_id), show, missing)

    def toggle_favourite(self, record_id: str) -> None:
        def done(now: bool) -> None:
            self.model.set_favourite(record_id, now)
            self.detail.set_favourite(record_id, now)

        self.services.run(lambda store: favourite_job(store, record_id), done, self.report_error)

    def open_attachment(self, sha256: str) -> None:
        def opened(path: Path) -> None:
            if not self.open_file(path):
                self.report_error(OSError(_("No application could open {path}").format(path=path)))

        shown = self.detail.detail
        names = {a.sha256: a.filename for a in shown.resource.attachments} if shown else {}
        name = names.get(sha256)
        self.services.run(
            lambda store: attachment_copy_job(store, sha256, name), opened, self.report_error
        )

    def open_file(self, path: Path) -> bool:
        """Hand a file to the system's viewer (never run it); tests override this."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- editing (central office) ---------------------------------------------------------------

    def open_dialog(self, record_id: str | None) -> ResourceDialog:
        detail = self.detail.detail
        editing = detail if record_id is not None and detail is not None else None
        dialog = ResourceDialog(self.services, editing, self)
        dialog.saved.connect(self.show_resource)
        dialog.open()
        return dialog

    def report_error(self, error: BaseException) -> None:
        self.error.setText(_("The library could not be read: {error}").format(error=error))
        self.error.setVisible(True)
