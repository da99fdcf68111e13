"""Global search in the window: a country found by its name in another language is listed
by its name in the UI language and opens in its workspace; every kind of hit opens through
the window's registry of screens (``gui/record_openers.py``), and a kind without a
screen says so and keeps the results open."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from icati_desktop.domain.network import NetworkEvent
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.library.search_results import GlobalSearchPopup
from icati_desktop.gui.main_window import COUNTRIES, EVENTS, MainWindow
from icati_desktop.gui.record_openers import RecordOpeners
from icati_desktop.gui.services import AppServices
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.event_writes import save_event
from icati_desktop.store.materialise import table_for
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.stores import open_or_create
from tests.gui.test_main_window import open_window

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def search_for(qtbot: QtBot, window: MainWindow, text: str, kind: str) -> GlobalSearchPopup:
    window.search_box.setText(text)
    window.open_search()
    popup = window.search_popup
    qtbot.waitUntil(lambda: bool(popup.group_titles().get(kind)), timeout=10_000)
    return popup


def first_hit(popup: GlobalSearchPopup, kind: str) -> None:
    groups = list(popup.group_titles())
    heading = popup.model.index(groups.index(kind), 0)
    popup.activate(popup.model.index(0, 0, heading))


@pytest.mark.parametrize(
    ("language", "query", "shown"),
    [("en", "كينيا", "Kenya"), ("fr", "Quênia", "Kenya"), ("ar", "Kenia", "كينيا")],
)
def test_a_country_found_in_another_language_is_named_in_the_ui_language_and_opens(
    qtbot: QtBot,
    qapp: QApplication,
    make_services: ServicesFactory,
    tmp_path: Path,
    language: str,
    query: str,
    shown: str,
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    window.show()
    qtbot.waitExposed(window)
    try:
        apply_language(qapp, language)
        popup = search_for(qtbot, window, query, "country")
        assert popup.group_titles()["country"] == [shown]
        first_hit(popup, "country")
        workspace = window.page(COUNTRIES)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is workspace, timeout=10_000)
        title = workspace.view.title  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: title.text() == f"<h2>{shown}</h2>", timeout=10_000)
        assert not popup.isVisible()
    finally:
        apply_language(qapp, "en")


def test_a_kind_of_hit_opens_in_the_screen_registered_for_it(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    store = open_or_create(tmp_path / "data", None)
    run_demo(store, DemoSpec(seed=1, countries=1, meetings=2, action_items=0))
    table = table_for("meeting")
    with store.read() as session:
        rows = session.execute(select(table.c.id, table.c.data)).all()
    store.close()
    title = json.loads(rows[0].data)["title"]
    same_title = {row.id for row in rows if json.loads(row.data)["title"] == title}
    window = open_window(qtbot, make_services, tmp_path / "data")
    window.show()
    popup = search_for(qtbot, window, title, "meeting")
    assert title in popup.group_titles()["meeting"]
    assert window.openers.can_open("meeting")  # the Meetings section shows it
    first_hit(popup, "meeting")
    assert window.stack.currentWidget() is window.meetings_page
    editor = window.meetings_page.editor
    qtbot.waitUntil(lambda: editor.record_id in same_title, timeout=20_000)
    assert not popup.isVisible()

    window.openers = RecordOpeners()  # as before any screen registered itself
    popup = search_for(qtbot, window, title, "meeting")
    first_hit(popup, "meeting")
    assert "no screen of its own yet" in window.statusBar().currentMessage()
    assert popup.isVisible()  # the user can choose another hit

    opened: list[str] = []
    window.openers.register("meeting", opened.append)
    first_hit(popup, "meeting")
    assert len(opened) == 1
    assert opened[0] in same_title
    assert not popup.isVisible()


def test_an_event_found_by_its_series_name_in_french_opens_in_the_events_section(
    qtbot: QtBot, qapp: QApplication, make_services: ServicesFactory, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "data", None)
    initialise_device(store, Role.HQ, "HQ")
    event = {
        "title": "Monthly network meeting",
        "series": "Monthly network meeting",
        "kind": "network_meeting",
        "starts_at": "2031-03-04T12:00:00Z",
        "time_zone": "UTC",
        "format": "remote",
    }
    record_id = save_event(store, NetworkEvent.model_validate(event)).record_id
    store.close()
    window = open_window(qtbot, make_services, tmp_path / "data")
    window.show()
    try:
        apply_language(qapp, "fr")
        popup = search_for(qtbot, window, "réunion mensuelle", "event")
        assert popup.group_titles()["event"] == ["Monthly network meeting"]
        first_hit(popup, "event")
        page = window.page(EVENTS)
        assert window.stack.currentWidget() is page
        editor = page.editor  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: editor.record_id == record_id, timeout=20_000)
        assert editor.details.title.text() == "Monthly network meeting"
        assert not popup.isVisible()
    finally:
        apply_language(qapp, "en")
