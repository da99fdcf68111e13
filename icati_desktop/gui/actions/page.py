"""The Action plans section: pick a country and a plan, its goals, the items as a paged
table (sorted and filtered in the store) or a timeline, and the item editor beside them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.actions.editor import ItemEditor
from icati_desktop.gui.actions.export import ask_export_path, export_items
from icati_desktop.gui.actions.filters import ItemFilterBar
from icati_desktop.gui.actions.jobs import (
    CountryState,
    Vocabulary,
    country_job,
    goal_job,
    open_job,
    timeline_job,
    today_job,
    vocabulary_job,
)
from icati_desktop.gui.actions.model import COUNTRY, ActionItemTableModel
from icati_desktop.gui.actions.pickers import fill, fill_plans, fit_item_table, goal_pairs
from icati_desktop.gui.actions.timeline import TimelineView
from icati_desktop.gui.list_section import ListSection
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.action_items import ItemFilter, ItemPage

WATCHED = frozenset({"action_item", "action_plan", "country", "form_definition"})


class ActionPlansPage(QWidget):
    help_anchor = "action-plans"
    """Its section of the user guide (F1)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today = date.today()
        self.vocabulary = Vocabulary([], [])
        self.state = CountryState(None, [], {}, 0)
        self._names: dict[str, str] = {}
        self._stale = True
        self.title = QLabel()
        self.country = QComboBox()
        self.country.setObjectName("plan_country")
        self.plan = QComboBox()
        self.plan.setObjectName("plan_choice")
        self.country.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.plan.setMinimumWidth(240)
        self.plan.setMaximumWidth(420)
        self.new_button, self.export_button = QPushButton(), QPushButton()
        self.new_button.setObjectName("new_item")
        header = QHBoxLayout()
        for part in (self.title, self.country, self.plan):
            header.addWidget(part)
        header.addStretch(1)
        header.addWidget(self.new_button)
        header.addWidget(self.export_button)
        self.filters = ItemFilterBar()
        self.overdue, self.search = self.filters.overdue, self.filters.search
        self.model = ActionItemTableModel(services, self)
        self.model.loaded.connect(lambda _total: self._show_counts())
        self.model.failed.connect(self.report)
        self.section = ListSection(self.model, "actions", count_line=False)
        self.table, self.empty, self.results = (
            self.section.table,
            self.section.empty,
            self.section.results,
        )
        self.summary = self.section.count_label
        fit_item_table(self.table)
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._open_index)
        self.timeline = TimelineView()
        timeline_scroll = QScrollArea()
        timeline_scroll.setWidgetResizable(True)
        timeline_scroll.setWidget(self.timeline)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.section, "")
        self.tabs.addTab(timeline_scroll, "")
        self.tabs.currentChanged.connect(lambda _i: self._load_timeline())
        self.editor = ItemEditor(services)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setWidget(self.editor)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("actions_splitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(editor_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([780, 520])
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_line)
        self.country.activated.connect(lambda _i: self._country_chosen())
        self.plan.activated.connect(lambda _i: self._plan_chosen())
        self.filters.changed.connect(self.reload)
        self.new_button.clicked.connect(self.new_item)
        self.export_button.clicked.connect(self.choose_and_export)
        self.filters.add_goal_button.clicked.connect(self.add_goal)
        services.records_changed.connect(self._records_changed)
        self.retranslate_ui()

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.services.run(today_job, self._today, self.report)
            self.services.run(vocabulary_job(current_language()), self._vocabulary, self.report)

    def _today(self, today: date) -> None:
        self.today = today
        self.reload()

    def _vocabulary(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        language = current_language()
        self._names = {
            c.alpha3: country_display_name(c.alpha2, language) for c in vocabulary.countries
        }
        self.model.country_names = self._names
        names = sorted(self._names.items(), key=lambda pair: pair[1].casefold())
        fill(self.country, _("All countries"), names)
        self.editor.set_choices(self._goal_pairs(), vocabulary.domains)
        self.model.retranslate()

    def current_filter(self) -> ItemFilter:
        return self.filters.item_filter(
            self.today, self.country.currentData(), self.plan.currentData()
        )

    def reload(self) -> None:
        """Read the items again (the filters or the records changed)."""
        flt = self.current_filter()
        self.table.setColumnHidden(COUNTRY, flt.country is not None)
        self.model.set_filter(flt)
        everything = ItemFilter(today=self.today, country=flt.country, plan_id=flt.plan_id)
        self.services.run(country_job(flt.country, everything), self._country_state, self.report)
        self._load_timeline()

    def _country_state(self, state: CountryState) -> None:
        if state.country != self.country.currentData():
            return
        self.state = state
        fill_plans(self.plan, state.plans)
        self.filters.set_goals(self._goal_pairs())
        self.editor.set_choices(self._goal_pairs(), self.vocabulary.domains)
        self._show_counts()

    def _goal_pairs(self) -> list[tuple[str, str]]:
        return goal_pairs(self.state.plans, self.plan.currentData())

    def _load_timeline(self) -> None:
        if self.tabs.currentIndex() != 1:
            return
        chosen = self.plan.currentData()
        starts = [p.period_start for p in self.state.plans if chosen in (None, p.record_id)]
        start = min(starts) if starts else None

        def show(page: ItemPage) -> None:
            self.timeline.show_items(page.rows, start, self.today)

        self.services.run(timeline_job(self.current_filter()), show, self.report)

    def _country_chosen(self) -> None:
        self.plan.setCurrentIndex(0)
        self.filters.goal.setCurrentIndex(0)
        self.reload()

    def _plan_chosen(self) -> None:
        self.filters.goal.setCurrentIndex(0)
        self.reload()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type not in WATCHED:
            return
        if not self.isVisible():
            self._stale = True
            return
        if record_type in ("country", "form_definition"):
            self.services.run(vocabulary_job(current_language()), self._vocabulary, self.report)
        self.reload()

    def _show_counts(self) -> None:
        total = self.model.total()
        text = ngettext("{n} action item", "{n} action items", total).format(n=format_number(total))
        if self.state.overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", self.state.overdue).format(
                n=format_number(self.state.overdue)
            )
        self.section.show_total(
            total,
            text,
            filtered=self.filters.is_filtered(),
            when_filtered=_(
                "No action item matches these filters. Choose “All statuses” and “All "
                "goals”, untick “Overdue only” or clear the search."
            ),
            when_none=_(
                "No action items here yet. Choose a country and press “New action item”, "
                "turn a meeting's follow-ups into items (Meetings), or use “Create action "
                "item” on an assessment's advice."
            ),
        )

    # --- actions ---------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        record_id = index.data(RECORD_ID_ROLE)
        if record_id:
            self.open_item(str(record_id))

    def open_item(self, record_id: str) -> None:
        """Show one item in the editor (from the table, search or assessment advice)."""
        self.services.run(open_job(record_id), self.editor.show_item, self.report)

    def new_item(self) -> None:
        country = self.country.currentData()
        if country is None:
            self.status_line.setText(
                _("Choose a country first: an action item belongs to a country's plan.")
            )
            self.country.setFocus()
            return
        self.status_line.clear()
        self.editor.start_new(country, self.plan.currentData(), self.today)

    def ask_goal_title(self) -> str | None:
        """Ask the new goal's title; tests override this."""
        title, ok = QInputDialog.getText(self, _("New goal"), _("What the plan works towards:"))
        return title.strip() if ok and title.strip() else None

    def add_goal(self) -> None:
        country = self.country.currentData()
        if country is None:
            self.status_line.setText(_("Choose a country first: goals belong to a country's plan."))
            return
        title = self.ask_goal_title()
        if title is None:
            return
        self.services.run(
            goal_job(self.plan.currentData(), country, title), lambda _p: self.reload(), self.report
        )

    def choose_path(self) -> Path | None:
        """Ask where to export; tests override this."""
        return ask_export_path(self)

    def choose_and_export(self) -> None:
        path = self.choose_path()
        if path is not None:
            flt = self.current_filter()
            export_items(self.services, flt, path, self.status_line.setText, self.report)

    def report(self, error: BaseException) -> None:
        self.status_line.setText(str(error))

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Action plans")))
        self.new_button.setText(_("&New action item"))
        self.export_button.setText(_("E&xport…"))
        self.export_button.setToolTip(_("The items listed, to Excel, CSV or a calendar (ICS)"))
        self.filters.retranslate_ui()
        self.tabs.setTabText(0, _("Table"))
        self.tabs.setTabText(1, _("Timeline"))
        self.table.setAccessibleName(_("Action items"))
        self.editor.retranslate_ui()
        self.model.retranslate()
        self._show_counts()
        if self.vocabulary.countries:
            self.services.run(vocabulary_job(current_language()), self._vocabulary, self.report)
