"""ATI Atlas: a world map of initiatives and country phases beside a filterable list.

Everything the page shows comes from database jobs (``services.run``); it reloads when
the store reports initiatives, assessments (phases) or countries changed, and only
while it is visible — a hidden page just remembers it is out of date. The map's outlines
take ~0.3 s to build, so the map is made the first time the page is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.atlas.atlas_data import (
    AtlasSnapshot,
    export_job,
    map_places,
    snapshot_job,
)
from icati_desktop.gui.atlas.atlas_map import AtlasMap, Category, category_colours
from icati_desktop.gui.atlas.initiative_dialog import InitiativeDialog
from icati_desktop.gui.atlas.initiative_list import InitiativeListPanel
from icati_desktop.gui.atlas.initiative_model import RECORD_ID_ROLE
from icati_desktop.gui.atlas.vocabulary import PHASE_LABELS, phase_label
from icati_desktop.gui.history.dialog import open_history
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.atlas import InitiativeFilter
from icati_desktop.store.country_choices import CountryChoice

WATCHED = frozenset({"initiative", "assessment", "country", "form_definition"})
COUNT, PHASE = "count", "phase"


class AtlasPage(QWidget):
    help_anchor = "the-ati-atlas"
    """Its section of the user guide (F1)."""

    workspace_requested = Signal(str)
    """Open the workspace of this country (alpha-3)."""
    assessmentRequested = Signal(str)
    """A place's pin was clicked: show the assessment that recorded it."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.map: AtlasMap | None = None
        self.dialog: InitiativeDialog | None = None
        self._countries: list[CountryChoice] = []
        self._names: dict[str, str] = {}
        self._country: str | None = None
        self._snapshot: AtlasSnapshot | None = None
        self._generation = 0
        self._stale = True
        self._loading: set[str] = set()
        self._need_countries = True
        self._select_after_load: str | None = None
        self._build()
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.colour_by_label = QLabel()
        self.colour_by = QComboBox()
        self.colour_by.addItem("", COUNT)
        self.colour_by.addItem("", PHASE)
        self.colour_by_label.setBuddy(self.colour_by)
        self.colour_by.currentIndexChanged.connect(self._show_map_values)
        self.show_places = QCheckBox()
        self.show_places.setChecked(True)
        self.show_places.toggled.connect(self._show_map_values)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        self.workspace_button = QPushButton()
        self.workspace_button.setVisible(False)
        self.workspace_button.clicked.connect(self._open_workspace)
        header.addWidget(self.workspace_button)
        header.addWidget(self.show_places)
        header.addWidget(self.colour_by_label)
        header.addWidget(self.colour_by)
        self.map_holder = QWidget()
        self.map_layout = QVBoxLayout(self.map_holder)
        self.map_layout.setContentsMargins(0, 0, 0, 0)
        self.map_loading_label: QLabel | None = QLabel()
        self.map_loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map_layout.addWidget(self.map_loading_label)
        self.list = InitiativeListPanel(self.services)
        self.list.filters.changed.connect(self.refresh)
        self.list.show_all.clicked.connect(lambda: self.set_country(None))
        self.list.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.list.edit_button.clicked.connect(self.edit_selected)
        self.list.history_button.clicked.connect(self.history_of_selected)
        self.list.export_button.clicked.connect(self.choose_and_export)
        self.list.model.loaded.connect(self._list_loaded)
        self.list.model.failed.connect(self.report_error)
        self.list.table.doubleClicked.connect(self._open_index)
        self.list.table.activated.connect(self._open_index)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("atlasSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.map_holder)
        self.splitter.addWidget(self.list)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    def ensure_map(self) -> AtlasMap:
        """The map, made on first use (building the outlines takes a moment)."""
        if self.map is None:
            self.map = AtlasMap()
            self.map.setMinimumHeight(220)
            self.map.countryClicked.connect(self.set_country)
            self.map.placeClicked.connect(self.assessmentRequested)
            if self.map_loading_label is not None:
                self.map_layout.replaceWidget(self.map_loading_label, self.map)
                self.map_loading_label.deleteLater()
                self.map_loading_label = None
            self.map.set_names(self._names)
            self._show_map_values()
        return self.map

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.map is None:
            QTimer.singleShot(0, self.ensure_map)  # paint the page first, then the map
        if self._stale:
            self.refresh()

    def history_of_selected(self) -> None:
        record_id = self.list.selected_record_id()
        if record_id is not None:
            open_history(self, self.services, record_id)

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("ATI Atlas")))
        self.colour_by_label.setText(_("Colour &by:"))
        self.colour_by.setItemText(0, _("Number of initiatives"))
        self.colour_by.setItemText(1, _("Country phase"))
        self.colour_by.setAccessibleName(_("Colour the map by"))
        self._show_place_count()
        if self.map_loading_label is not None:
            self.map_loading_label.setText(_("Loading the map…"))
        self._localize_names()
        self.list.retranslate_ui()
        self._show_counts()
        self._show_map_values()  # legend titles and phase names

    # --- loading ---------------------------------------------------------------------------------

    def current_filter(self) -> InitiativeFilter:
        return self.list.filters.current_filter(self._country)

    def refresh(self) -> None:
        """Reload the list and the map from the store (deferred while the page is hidden)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._loading = {"map", "list"}
        self._generation += 1
        generation, flt, countries = self._generation, self.current_filter(), self._need_countries
        language = current_language()
        self.list.model.set_filter(flt)
        self.services.run(
            lambda store: snapshot_job(store, flt, countries, language),
            lambda snapshot: self._loaded(generation, snapshot),
            self.report_error,
        )

    def _loaded(self, generation: int, snapshot: AtlasSnapshot) -> None:
        if generation != self._generation:
            return  # an answer to an older filter
        self._snapshot = snapshot
        self._loading.discard("map")
        if snapshot.countries is not None:
            self._countries, self._need_countries = snapshot.countries, False
            self._localize_names()
        self._show_place_count()
        self._show_map_values()

    def _list_loaded(self, _total: int) -> None:
        self._loading.discard("list")
        self._show_counts()
        if self._select_after_load is not None:
            self.list.select_record(self._select_after_load)
            self._select_after_load = None

    @property
    def is_loading(self) -> bool:
        """A refresh is under way (the map's figures or the list's first page)."""
        return bool(self._loading)

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in WATCHED:
            self._need_countries = self._need_countries or record_type == "country"
            self.refresh()

    def _localize_names(self) -> None:
        language = current_language()
        self._names = {c.alpha3: country_display_name(c.alpha2, language) for c in self._countries}
        names_changed = self._names != self.list.model.country_names
        self.list.model.country_names = self._names
        if names_changed and self.list.model.current_filter() is not None:
            self.list.model.reload()  # the countries' order follows their names
        if self.map is not None:
            self.map.set_names(self._names)

    # --- showing ------------------------------------------------------------------------------

    def _show_counts(self) -> None:
        country = self._country
        # Until the names are loaded (a country opened from search on a first visit), no
        # chip rather than a code; the code only for a country the store does not name.
        fallback = None if self._need_countries else country
        name = None if country is None else self._names.get(country, fallback)
        self.list.show_counts(name)
        self.workspace_button.setVisible(name is not None)
        if name is not None:
            self.workspace_button.setText(_("Open the workspace of {country}").format(country=name))

    def _show_place_count(self) -> None:
        count = 0 if self._snapshot is None else len(self._snapshot.places)
        self.show_places.setText(
            ngettext(
                "Show the {n} place recorded in assessments",
                "Show the {n} places recorded in assessments",
                count,
            ).format(n=format_number(count))
        )
        self.show_places.setEnabled(count > 0)
        self.show_places.setToolTip(
            _("Pins mark the places assessments recorded; click one to open its assessment.")
            if count
            else _("Places appear here once an assessment answers a form's location question.")
        )

    def _show_map_values(self) -> None:
        if self.map is None or self._snapshot is None:
            return
        shown = self.show_places.isChecked()
        places = map_places(self._snapshot.places, self._names) if shown else []
        self.map.set_places(places, _("Places recorded in assessments"))
        if self.colour_by.currentData() == PHASE:
            colours = category_colours(len(PHASE_LABELS))
            categories = [
                Category(phase, phase_label(phase), colour)
                for phase, colour in zip(PHASE_LABELS, colours, strict=True)
            ]
            self.map.set_categories(self._snapshot.phases, _("Country phase"), categories)
        else:
            self.map.set_values(self._snapshot.counts, _("Number of initiatives"))

    def _open_workspace(self) -> None:
        if self._country is not None:
            self.workspace_requested.emit(self._country)

    def set_country(self, alpha3: str | None) -> None:
        """List one country's initiatives (``None``: every country's)."""
        self._country = alpha3
        self._show_counts()
        self.refresh()

    # --- editing and export -----------------------------------------------------------------------

    def open_dialog(self, record_id: str | None) -> InitiativeDialog:
        dialog = InitiativeDialog(self.services, self._names, record_id, self._country, self)
        dialog.saved.connect(self._saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _open_index(self, index: QModelIndex) -> None:
        self.open_dialog(str(index.data(RECORD_ID_ROLE)))

    def edit_selected(self) -> None:
        record_id = self.list.selected_record_id()
        if record_id is not None:
            self.open_dialog(record_id)

    def _saved(self, record_id: str) -> None:
        self._select_after_load = record_id  # the change notification reloads the list

    def choose_export_path(self) -> Path | None:
        """Ask where to export; tests override this."""
        csv, geojson = _("CSV spreadsheet (*.csv)"), _("GeoJSON for maps (*.geojson)")
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Export initiatives"), str(Path.home() / "atlas.csv"), f"{csv};;{geojson}"
        )
        if not path:
            return None
        result = Path(path)
        if result.suffix.lower() not in (".csv", ".geojson", ".json"):
            result = result.with_suffix(".geojson" if chosen == geojson else ".csv")
        return result

    def choose_and_export(self) -> None:
        path = self.choose_export_path()
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        flt = self.current_filter()
        self.list.export_button.setEnabled(False)

        def done(count: int) -> None:
            self.list.export_button.setEnabled(True)
            self.list.status_line.setText(
                ngettext(
                    "{n} initiative exported to {path}.",
                    "{n} initiatives exported to {path}.",
                    count,
                ).format(n=format_number(count), path=path)
            )

        def failed(error: BaseException) -> None:
            self.list.export_button.setEnabled(True)
            self.report_error(error)

        self.services.run(lambda store: export_job(store, flt, path), done, failed)

    def report_error(self, error: BaseException) -> None:
        QMessageBox.warning(
            self, _("ATI Atlas"), _("The Atlas could not do that: {error}").format(error=error)
        )


__all__ = ["AtlasPage"]
