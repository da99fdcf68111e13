"""The main window's frame: a navigation list of sections beside their pages, each page built
the first time its section is shown (or asked for, e.g. ``window.library_page``), and the
ways to a record in its own section.

The sections themselves are listed in :mod:`icati_desktop.gui.sections`; the window's menus,
search and status bar are :class:`icati_desktop.gui.main_window.MainWindow`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from icati_desktop.gui.pages.home import HomePage
from icati_desktop.gui.record_openers import RecordOpeners
from icati_desktop.gui.sections import (
    ACTIONS,
    ASSESSMENTS,
    ATLAS,
    CONFLICTS,
    DEVICES,
    EVENTS,
    FORMS,
    HOME,
    LIBRARY,
    MEETINGS,
    NETWORK,
    SECTIONS,
    STAKEHOLDERS,
    SYNC,
)
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import restore_splitters
from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.gui.assessments.page import AssessmentsPage
    from icati_desktop.gui.assessments.results import ResultsView
    from icati_desktop.gui.atlas.page import AtlasPage
    from icati_desktop.gui.forms.page import FormsPage
    from icati_desktop.gui.library.page import LibraryPage
    from icati_desktop.gui.meetings.page import MeetingsPage
    from icati_desktop.gui.network.page import NetworkPage
    from icati_desktop.gui.people.page import StakeholdersPage
    from icati_desktop.gui.sync.conflicts import ConflictsPage
    from icati_desktop.gui.sync.page import SyncPage
    from icati_desktop.gui.sync.trust_page import TrustPage


class SectionWindow(QMainWindow):
    """Sections in navigation order (:data:`SECTIONS`), their pages built on first use by
    ``build`` (given the section's index)."""

    def __init__(self, services: AppServices, build: Callable[[int], QWidget]) -> None:
        super().__init__()
        self.services = services
        self._build = build
        self.settings = QSettings()
        self._pages: list[QWidget | None] = [None] * len(SECTIONS)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(180)
        self.navigation.setSpacing(3)
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.navigation.setFont(font)
        self.stack = QStackedWidget()
        for _section in SECTIONS:
            self.navigation.addItem(QListWidgetItem())
            self.stack.addWidget(QWidget())  # stands in until the section is first shown
        self.navigation.currentRowChanged.connect(self._show_index)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.openers = RecordOpeners()

    @property
    def sections(self) -> list[tuple[Callable[[], str], QWidget]]:
        """(title, page) of every section; a section not yet built shows a stand-in."""
        return [(section.title, self._page_or_stand_in(i)) for i, section in enumerate(SECTIONS)]

    def _page_or_stand_in(self, index: int) -> QWidget:
        widget = self._pages[index] or self.stack.widget(index)
        assert widget is not None
        return widget

    def built_page(self, index: int) -> QWidget | None:
        """The section's page if it was built already, else None (this builds nothing)."""
        return self._pages[index]

    def page(self, index: int) -> QWidget:
        """The section's page, built now if it was not yet."""
        page = self._pages[index]
        if page is None:
            page = self._build(index)
            stand_in = self._page_or_stand_in(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages[index] = page
            if current == index:
                self.stack.setCurrentIndex(index)
            restore_splitters(self.settings, page)
        return page

    def show_page(self, page: QWidget) -> None:
        for index, built in enumerate(self._pages):
            if built is page:
                self.show_section(index)
                return

    def show_section(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def _show_index(self, index: int) -> None:
        if 0 <= index < len(SECTIONS):
            self.page(index)
            self.stack.setCurrentIndex(index)

    @property
    def home(self) -> HomePage:
        return cast_page(self.page(HOME), HomePage)

    @property
    def library_page(self) -> LibraryPage:
        return self.page(LIBRARY)  # type: ignore[return-value]

    @property
    def assessments(self) -> QStackedWidget:
        return cast_page(self.page(ASSESSMENTS), QStackedWidget)

    @property
    def assessments_page(self) -> AssessmentsPage:
        return self.assessments.widget(0)  # type: ignore[return-value]

    @property
    def results_view(self) -> ResultsView:
        return self.assessments.widget(1)  # type: ignore[return-value]

    @property
    def meetings_page(self) -> MeetingsPage:
        return self.page(MEETINGS)  # type: ignore[return-value]

    @property
    def atlas_page(self) -> AtlasPage:
        return self.page(ATLAS)  # type: ignore[return-value]

    @property
    def stakeholders_page(self) -> StakeholdersPage:
        return self.page(STAKEHOLDERS)  # type: ignore[return-value]

    @property
    def sync_page(self) -> SyncPage:
        return self.page(SYNC)  # type: ignore[return-value]

    @property
    def conflicts_page(self) -> ConflictsPage:
        return self.page(CONFLICTS)  # type: ignore[return-value]

    @property
    def trust_page(self) -> TrustPage:
        return self.page(DEVICES)  # type: ignore[return-value]

    @property
    def forms_page(self) -> FormsPage:
        return self.page(FORMS)  # type: ignore[return-value]

    @property
    def network_page(self) -> NetworkPage:
        return self.page(NETWORK)  # type: ignore[return-value]

    def show_resource(self, record_id: str) -> None:
        self.show_page(self.library_page)
        self.library_page.show_resource(record_id)

    def show_results(self, assessment_id: str) -> None:
        self.show_page(self.assessments)
        self.assessments.setCurrentWidget(self.results_view)
        self.results_view.show_assessment(assessment_id)

    def show_atlas_stage(self, stage: str) -> None:
        """Initiatives of one continuum stage, from every country (assessment advice)."""
        self.show_page(self.atlas_page)
        self.atlas_page.set_country(None)
        self.atlas_page.list.filters.set_choice("stage", stage)

    def open_record(self, record_type: str, record_id: str) -> None:
        """A record listed by another screen (e.g. behind a figure): its own screen."""
        if not self.openers.open(record_type, record_id):
            from icati_desktop.gui.labels import record_type_label

            kind = record_type_label(record_type)
            self.statusBar().showMessage(
                _("{kind}: no screen shows them yet.").format(kind=kind), 8000
            )

    def show_person(self, person_id: str) -> None:
        self.show_page(self.stakeholders_page)
        self.stakeholders_page.show_person(person_id)

    def show_action_item(self, item_id: str) -> None:
        page = self.page(ACTIONS)
        self.show_page(page)
        page.open_item(item_id)  # type: ignore[attr-defined]

    def show_event(self, event_id: str) -> None:
        page = self.page(EVENTS)
        self.show_page(page)
        page.open_event(event_id)  # type: ignore[attr-defined]

    def show_meeting(self, meeting_id: str) -> None:
        self.show_page(self.meetings_page)
        self.meetings_page.open_meeting(meeting_id)

    def show_assessment(self, assessment_id: str) -> None:
        self.show_page(self.assessments)
        self.assessments.setCurrentWidget(self.assessments_page)
        self.assessments_page.open_assessment(assessment_id)

    def retranslate_pages(self) -> None:
        for page in self._pages:
            if isinstance(page, QStackedWidget):  # the assessments list and its results
                for n in range(page.count()):
                    _retranslate(page.widget(n) or page)
            elif page is not None:
                _retranslate(page)

    def refresh_pages(self) -> None:
        """Conflicts and Devices, if shown already, read their lists again."""
        for index in (CONFLICTS, DEVICES):
            page = self._pages[index]
            if page is not None:
                page.refresh()  # type: ignore[attr-defined]


def _retranslate(page: QWidget) -> None:
    retranslate = getattr(page, "retranslate_ui", None)
    if callable(retranslate):
        retranslate()


def cast_page(page: QWidget, kind: type[Any]) -> Any:
    assert isinstance(page, kind)
    return page


__all__ = ["SectionWindow"]
