"""The main window's sections, in navigation order: what each is called, its icon, how its
page is built and what its page's requests open in the window.

One row of :data:`SECTIONS` a section; the row's index is the section's number (the
constants below) and the first ten answer Ctrl+1…Ctrl+9, Ctrl+0. A builder imports its
page's module when the section is first shown, not when the window opens (DESIGN.md:
start fast); Home, the first screen, is the one page imported up front.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

from icati_desktop.gui.pages.home import HomePage
from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.gui.main_window import MainWindow

HOME, LIBRARY, ASSESSMENTS, MEETINGS, ATLAS, STAKEHOLDERS, SYNC, CONFLICTS, DEVICES, FORMS = range(
    10
)
COUNTRIES = 10
EVENTS = 11
OUTCOMES = 12
ACTIONS = 13
NETWORK = 14


@dataclass(frozen=True)
class Section:
    title: Callable[[], str]
    """The section's name in the current language."""
    icon: str
    """A Lucide icon name (resources/icons/)."""
    build: Callable[[MainWindow], QWidget]
    """Makes the section's page and joins its requests to the window."""


def shortcut(index: int) -> str | None:
    """Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth section; later sections have none."""
    return f"Ctrl+{(index + 1) % 10}" if index < 10 else None


def _home(window: MainWindow) -> QWidget:
    home = HomePage(window.services)
    home.export_requested.connect(lambda: window.flows.choose_and_export())
    home.import_requested.connect(lambda: window.flows.choose_and_import())
    home.record_requested.connect(window.open_record)
    home.outcomes_requested.connect(lambda: window.show_section(OUTCOMES))
    home.conflicts_requested.connect(lambda: window.show_page(window.conflicts_page))
    home.bundle_requested.connect(lambda path: window.flows.preview(path))
    home.bundles_requested.connect(lambda paths: window.flows.import_several(paths))
    if window.readings.summary is not None:
        home.show_summary(window.readings.summary)
    if window.readings.status is not None:
        home.show_status(window.readings.status)
    return home


def _library(window: MainWindow) -> QWidget:
    from icati_desktop.gui.library.page import LibraryPage

    return LibraryPage(window.services)


def _assessments(window: MainWindow) -> QWidget:
    """The assessments list and, on the same section, one assessment's results."""
    from icati_desktop.gui.assessments.page import AssessmentsPage
    from icati_desktop.gui.assessments.results import ResultsView

    listing, results = AssessmentsPage(window.services), ResultsView(window.services)
    stack = QStackedWidget()
    stack.addWidget(listing)
    stack.addWidget(results)
    listing.results_requested.connect(window.show_results)
    listing.country_requested.connect(window.show_country)
    results.back_requested.connect(lambda: stack.setCurrentWidget(listing))
    results.resource_requested.connect(window.show_resource)
    results.atlas_stage_requested.connect(window.show_atlas_stage)
    results.action_item_requested.connect(window.show_action_item)
    return stack


def _meetings(window: MainWindow) -> QWidget:
    from icati_desktop.gui.meetings.page import MeetingsPage

    return MeetingsPage(window.services)


def _atlas(window: MainWindow) -> QWidget:
    from icati_desktop.gui.atlas.page import AtlasPage

    atlas = AtlasPage(window.services)
    atlas.workspace_requested.connect(window.show_country)
    atlas.assessmentRequested.connect(window.show_assessment)
    return atlas


def _stakeholders(window: MainWindow) -> QWidget:
    from icati_desktop.gui.people.page import StakeholdersPage

    return StakeholdersPage(window.services)


def _sync(window: MainWindow) -> QWidget:
    from icati_desktop.gui.sync.page import SyncPage

    sync = SyncPage()
    sync.export_requested.connect(lambda: window.flows.choose_and_export())
    sync.import_requested.connect(lambda: window.flows.choose_and_import())
    if window.readings.status is not None:
        sync.show_status(window.readings.status)
    if window.readings.history is not None:
        sync.show_history(window.readings.history)
    return sync


def _conflicts(window: MainWindow) -> QWidget:
    from icati_desktop.gui.sync.conflicts import ConflictsPage

    conflicts = ConflictsPage(window.services)
    conflicts.resolved.connect(lambda _record_id: window.refresh())
    conflicts.refresh()
    return conflicts


def _devices(window: MainWindow) -> QWidget:
    from icati_desktop.gui.sync.trust_page import TrustPage

    trust = TrustPage(window.services)
    trust.changed.connect(window.refresh)
    trust.refresh()
    return trust


def _forms(window: MainWindow) -> QWidget:
    from icati_desktop.gui.forms.page import FormsPage

    return FormsPage(window.services)


def _countries(window: MainWindow) -> QWidget:
    from icati_desktop.gui.workspace.wiring import build_workspace

    return build_workspace(window)


def _events(window: MainWindow) -> QWidget:
    from icati_desktop.gui.events.page import EventsPage

    return EventsPage(window.services)


def _outcomes(window: MainWindow) -> QWidget:
    from icati_desktop.gui.outcomes.page import OutcomesPage

    outcomes = OutcomesPage(window.services)
    outcomes.record_requested.connect(window.open_record)
    return outcomes


def _action_plans(window: MainWindow) -> QWidget:
    from icati_desktop.gui.actions.page import ActionPlansPage

    return ActionPlansPage(window.services)


def _network(window: MainWindow) -> QWidget:
    from icati_desktop.gui.network.page import NetworkPage

    return NetworkPage(window.services)


SECTIONS: tuple[Section, ...] = (
    Section(lambda: _("Home"), "house", _home),
    Section(lambda: _("Library"), "library-big", _library),
    Section(lambda: _("Assessments"), "clipboard-check", _assessments),
    Section(lambda: _("Meetings"), "calendar-days", _meetings),
    Section(lambda: _("Atlas"), "earth", _atlas),
    Section(lambda: _("Stakeholders"), "users", _stakeholders),
    Section(lambda: _("Sync"), "refresh-cw", _sync),
    Section(lambda: _("Conflicts"), "git-merge", _conflicts),
    Section(lambda: _("Devices"), "shield-check", _devices),
    Section(lambda: _("Forms"), "file-spreadsheet", _forms),
    Section(lambda: _("Countries"), "flag", _countries),  # the country workspace
    Section(lambda: _("Events"), "calendar", _events),
    Section(lambda: _("Outcomes"), "target", _outcomes),
    Section(lambda: _("Action plans"), "list-checks", _action_plans),
    Section(lambda: _("Network"), "network", _network),
)


def register_openers(window: MainWindow) -> None:
    """The screen of each kind of search hit or listed record (``gui/record_openers.py``)."""
    window.openers.register("resource", window.show_resource)
    window.openers.register("assessment", window.show_assessment)
    from icati_desktop.gui.workspace.wiring import register_openers as register_workspace

    register_workspace(window)
    window.openers.register("meeting", window.show_meeting)
    window.openers.register("person", window.show_person)
    window.openers.register("action_item", window.show_action_item)
    window.openers.register("event", window.show_event)


__all__ = [
    "ACTIONS",
    "ASSESSMENTS",
    "ATLAS",
    "CONFLICTS",
    "COUNTRIES",
    "DEVICES",
    "EVENTS",
    "FORMS",
    "HOME",
    "LIBRARY",
    "MEETINGS",
    "NETWORK",
    "OUTCOMES",
    "SECTIONS",
    "STAKEHOLDERS",
    "SYNC",
    "Section",
    "register_openers",
    "shortcut",
]
