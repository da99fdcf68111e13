"""The Experts & trainers tab: the expert finder, then the rosters a page at a time.

"Find an expert for Kenya in French on case management": choose the country, the language
and the expertise, then Find. Those who worked in the country come first, then those
available; inactive and unavailable people are left out.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.network.models import ROSTER_COLUMNS, CountryNames, RosterModel, roster_cell
from icati_desktop.gui.network.roster_dialog import RosterDialog
from icati_desktop.gui.network.rows_model import RowsModel
from icati_desktop.gui.network.vocabulary import (
    EXPERTISE_LABELS,
    LANGUAGE_CHOICES,
    ROSTER_LABELS,
    label,
    language_name,
    number,
)
from icati_desktop.gui.network.widgets import ChoiceBox, OneLineList
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import N_, _, ngettext
from icati_desktop.store.network_roster import ExpertSearch, RosterFilter

if TYPE_CHECKING:
    from icati_desktop.store.network_roster import RosterSummary
    from icati_desktop.store.store import Store

FINDER_COLUMNS = (N_("On the roster as"), *ROSTER_COLUMNS)


def _find_job(search: ExpertSearch, store: Store) -> list[RosterSummary]:
    from icati_desktop.store.network_roster import find_experts

    with store.read() as session:
        return find_experts(session, search)


class ExpertsTab(QWidget):
    def __init__(self, services: AppServices, names: CountryNames, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.names = names
        self._searched = False
        self.country = QComboBox()
        self.country.setObjectName("finder_country")
        self.country.setMinimumContentsLength(16)
        self.language = ChoiceBox(
            "finder_language",
            lambda: [(c, language_name(c)) for c in LANGUAGE_CHOICES],
            N_("Any language"),
        )
        self.expertise = ChoiceBox(
            "finder_expertise",
            lambda: [(c, _(t)) for c, t in EXPERTISE_LABELS.items()],
            N_("Any expertise"),
        )
        self.find_button = QPushButton()
        self.find_button.setObjectName("finder_find")
        self.find_button.clicked.connect(self.find_experts)
        self.results = RowsModel(FINDER_COLUMNS, self._result_cell, parent=self)
        self.result_list = OneLineList(self.results, "finder")
        self.result_count = QLabel()
        self.finder_box = QGroupBox()
        finder_bar = QHBoxLayout()
        for widget in (self.country, self.language, self.expertise, self.find_button):
            finder_bar.addWidget(widget)
        finder_bar.addStretch(1)
        finder_layout = QVBoxLayout(self.finder_box)
        finder_layout.addLayout(finder_bar)
        finder_layout.addWidget(self.result_count)
        finder_layout.addWidget(self.result_list, 1)

        self.roster = ChoiceBox(
            "roster_kind", lambda: [(c, _(t)) for c, t in ROSTER_LABELS.items()], None
        )
        self.roster.currentIndexChanged.connect(self.reload)
        self.model = RosterModel(services, names, self)
        self.model.loaded.connect(self._roster_loaded)
        self.roster_list = OneLineList(self.model, "roster")
        self.roster_list.enable_sorting()
        self.roster_count = QLabel()
        self.roster_list.table.doubleClicked.connect(lambda index: self.open_entry(index.row()))
        self.is_hq = False
        self.dialog: RosterDialog | None = None
        self.add_button = QPushButton()
        self.add_button.setObjectName("roster_add")
        self.add_button.clicked.connect(lambda: self.open_entry(None))
        self.add_button.setVisible(False)
        roster_bar = QHBoxLayout()
        roster_bar.addWidget(self.roster)
        roster_bar.addWidget(self.roster_count, 1)
        roster_bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder_box, 1)
        layout.addLayout(roster_bar)
        layout.addWidget(self.roster_list, 1)
        self.retranslate_ui()

    def set_hq(self, is_hq: bool) -> None:
        """Roster entries are HQ records: only HQ adds or changes them."""
        self.is_hq = is_hq
        self.add_button.setVisible(is_hq)

    def open_entry(self, row: int | None) -> None:
        """Put someone on a roster (``None``) or change the row's entry, at HQ only."""
        if not self.is_hq:
            return
        entry = None if row is None else self.model.row_at(row)
        if row is not None and entry is None:
            return
        self.dialog = RosterDialog(self.services, self.names, entry, self)
        self.dialog.saved.connect(lambda _id: self.reload())
        self.dialog.open()

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("&Put someone on a roster…"))
        self.finder_box.setTitle(_("Find an expert"))
        self.find_button.setText(_("&Find"))
        self.country.setAccessibleName(_("Country"))
        self.language.setAccessibleName(_("Language"))
        self.expertise.setAccessibleName(_("Expertise"))
        for box in (self.language, self.expertise, self.roster):
            box.retranslate()
        self.fill_countries()
        self.result_list.empty.setText(
            _(
                "Nobody matches. Try without the language or the expertise; people inactive "
                "or unavailable are not proposed."
            )
            if self._searched
            else _(
                "Choose a country, a language and an expertise, then Find: for example Kenya, "
                "French, case management."
            )
        )
        self.roster_list.empty.setText(
            _(
                "Nobody on this roster yet. The central office adds trainers and experts "
                "(icati network roster set PERSON --roster trainer|ta_expert)."
            )
        )
        self.results.retranslate()
        self.model.retranslate()
        self._roster_loaded(self.model.total())

    def fill_countries(self) -> None:
        current = self.country.currentData()
        self.country.blockSignals(True)
        self.country.clear()
        self.country.addItem(_("Any country"), None)
        for name, alpha3 in sorted((self.names.name(a3), a3) for a3 in self.names.alpha2_of):
            self.country.addItem(name, alpha3)
        self.country.setCurrentIndex(max(self.country.findData(current), 0))
        self.country.blockSignals(False)

    def set_search(self, country: str | None, language: str | None, expertise: str | None) -> None:
        self.country.setCurrentIndex(max(self.country.findData(country), 0))
        self.language.set_code(language)
        self.expertise.set_code(expertise)

    def find_experts(self) -> None:
        search = ExpertSearch(
            country=self.country.currentData(),
            language=self.language.code(),
            expertise=self.expertise.code(),
        )
        self.services.run(partial(_find_job, search), self._found)

    def _found(self, found: list[RosterSummary]) -> None:
        self._searched = True
        self.results.set_rows(found)
        self.retranslate_ui()
        self.result_list.show_rows(len(found))
        self.result_count.setText(
            ngettext("{n} person found", "{n} people found", len(found)).format(
                n=number(len(found))
            )
        )

    def reload(self) -> None:
        self.model.set_filter(RosterFilter(roster=self.roster.code()))

    def _roster_loaded(self, total: int) -> None:
        self.roster_count.setText(
            ngettext("{n} person on this roster", "{n} people on this roster", total).format(
                n=number(total)
            )
        )
        self.roster_list.show_rows(total)

    def _result_cell(self, row: RosterSummary, column: int) -> str:
        if column == 0:
            text = label(ROSTER_LABELS, row.roster)
            return (
                _("{roster}, worked in the country").format(roster=text)
                if row.knows_country
                else text
            )
        return roster_cell(row, column - 1, self.names)
