"""The Country workspace on the real widgets: what it shows of Kenya, a meeting saved
elsewhere appearing without a restart, and the ways in (Atlas, search, assessments)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from icati_desktop.gui.main_window import COUNTRIES, MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import status_brush
from icati_desktop.gui.workspace.page import CountryWorkspacePage
from icati_desktop.reports.country_report import MissionKind
from icati_desktop.store.meeting_writes import save_meeting
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create
from tests.gui.test_atlas_page import run_job
from tests.gui.test_global_search import first_hit, search_for
from tests.gui.test_main_window import open_window
from tests.store.country_scene import (
    BLOCKED_ITEM,
    NEXT_MEETING,
    OVERDUE_ITEM,
    PAST_MEETING,
    meeting,
    seed_kenya,
)

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def texts(widget: QListWidget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


@pytest.fixture
def kenya_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store = open_or_create(data, None)
    seed_kenya(store, date.today())
    store.close()
    return data


def shown_country(page: CountryWorkspacePage) -> str | None:
    overview = page.view.overview
    return overview.profile.alpha3 if overview is not None else None


def test_the_workspace_shows_the_country_and_a_new_meeting_without_a_restart(
    qtbot: QtBot, make_services: ServicesFactory, kenya_dir: Path
) -> None:
    services = make_services(lambda: open_or_create(kenya_dir, None))
    page = CountryWorkspacePage(services)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.show_country("KEN")
    qtbot.waitUntil(lambda: shown_country(page) == "KEN", timeout=20_000)
    view = page.view
    assert view.title.text() == "<h2>Kenya</h2>"
    assert view.phase_head.text().startswith("Phase 2: Systems Preparation")
    assert "phase 1 → 2" in view.change.text()
    # open items, the overdue one first and marked
    assert view.action_table.item(0, 0).text() == OVERDUE_ITEM
    assert "(overdue)" in view.action_table.item(0, 2).text()
    assert view.action_table.item(0, 0).foreground().color() == status_brush("overdue").color()
    assert view.action_table.item(1, 0).text() == BLOCKED_ITEM
    assert view.action_table.item(1, 1).text() == "Blocked"
    assert "1 is overdue" in view.actions_summary.text()
    assert PAST_MEETING in texts(view.recent)[0]
    assert NEXT_MEETING in texts(view.upcoming)[0]
    assert [t.split(" — ")[0] for t in texts(view.people)] == ["Peter Mwangi", "Wanjiru Kamau"]
    assert len(texts(view.initiatives)) == 2
    assert "radar" in view.charts.canvases  # the latest round's radar
    # a meeting saved elsewhere (another screen, an import) appears without a restart
    title = "Meeting with the Chief Justice"
    run_job(qtbot, services, lambda store: save_meeting(store, meeting(title, date.today())))
    qtbot.waitUntil(lambda: title in texts(view.recent)[0], timeout=20_000)
    # the mission brief, printed on the database thread
    out = kenya_dir.parent / "brief.pdf"
    page.save_mission(MissionKind.BRIEF, out)
    qtbot.waitUntil(lambda: page.file_ready.isVisible(), timeout=30_000)
    assert out.is_file()
    assert "(3 pages)" in page.file_ready.message.text()
    # a country with nothing yet says what to do
    page.show_country("URY")
    qtbot.waitUntil(lambda: shown_country(page) == "URY", timeout=20_000)
    assert "No meeting recorded yet" in texts(view.recent)[0]
    assert not view.recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert "No assessment of this country yet" in view.phase_head.text()
    assert not view.action_table.isVisible()


def test_the_national_outcomes_tab_follows_the_chosen_country(
    qtbot: QtBot, make_services: ServicesFactory, kenya_dir: Path
) -> None:
    services = make_services(lambda: open_or_create(kenya_dir, None))
    page = CountryWorkspacePage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.show_country("KEN")
    qtbot.waitUntil(lambda: shown_country(page) == "KEN", timeout=20_000)
    assert page.national is None  # built when first opened
    page.tabs.setCurrentIndex(1)
    national = page.national
    assert national is not None
    qtbot.waitUntil(lambda: national.table.rowCount() == 7, timeout=20_000)
    assert "Kenya" in national.heading.text()
    page.show_country("GHA")
    assert "Ghana" in national.heading.text()


def workspace_of(window: MainWindow) -> CountryWorkspacePage:
    page = window.page(COUNTRIES)
    assert isinstance(page, CountryWorkspacePage)
    return page


def test_the_atlas_search_and_assessments_open_the_right_country(
    qtbot: QtBot, make_services: ServicesFactory, kenya_dir: Path
) -> None:
    window = open_window(qtbot, make_services, kenya_dir)
    window.show()
    qtbot.waitExposed(window)
    page = workspace_of(window)
    # from the Atlas: a country chosen on the map or list → its workspace
    window.show_page(window.atlas_page)
    window.atlas_page.set_country("COL")
    button = window.atlas_page.workspace_button
    qtbot.waitUntil(button.isVisible, timeout=20_000)
    assert button.text() == "Open the workspace of Colombia"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: shown_country(page) == "COL", timeout=20_000)
    assert page.list.currentItem().text() == "Colombia"
    # from global search, by the name in another language
    popup = search_for(qtbot, window, "Kenia", "country")
    first_hit(popup, "country")
    qtbot.waitUntil(lambda: shown_country(page) == "KEN", timeout=20_000)
    assert window.stack.currentWidget() is page
    assert not popup.isVisible()
    # a meeting of the workspace opens in Meetings
    page.view.recent.itemActivated.emit(page.view.recent.item(0))
    assert window.stack.currentWidget() is window.meetings_page
    # a person in Stakeholders, an initiative in the Atlas's dialog
    page.view.people.itemActivated.emit(page.view.people.item(0))
    assert window.stack.currentWidget() is window.stakeholders_page
    page.view.initiatives.itemActivated.emit(page.view.initiatives.item(0))
    assert window.stack.currentWidget() is window.atlas_page
    dialog = window.atlas_page.dialog
    assert dialog is not None
    dialog.close()
    # from an assessment of the list
    window.show_page(window.assessments)
    listing = window.assessments_page
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2, timeout=20_000)
    page.show_country("COL")
    qtbot.waitUntil(lambda: shown_country(page) == "COL", timeout=20_000)
    listing.table.selectRow(0)
    qtbot.mouseClick(listing.country_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: shown_country(page) == "KEN", timeout=20_000)


def test_the_default_list_is_the_countries_of_interest(
    qtbot: QtBot, make_services: ServicesFactory, kenya_dir: Path
) -> None:
    from icati_desktop.store.preferences import COUNTRIES_OF_INTEREST
    from icati_desktop.store.settings import set_setting

    def follow(store: Store) -> None:
        with store.write() as tx:
            set_setting(tx.session, COUNTRIES_OF_INTEREST, ["UGA", "KEN"])

    services = make_services(lambda: open_or_create(kenya_dir, None))
    run_job(qtbot, services, follow)
    page = CountryWorkspacePage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.list.count() == 2, timeout=20_000)
    assert texts(page.list) == ["Kenya", "Uganda"]
    assert page.scope.currentText() == "My countries"
    qtbot.waitUntil(lambda: shown_country(page) == "KEN", timeout=20_000)
    page.scope.setCurrentIndex(1)
    assert page.list.count() > 190
    assert shown_country(page) == "KEN"  # the choice stays
