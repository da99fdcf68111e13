"""Global search in the window: a country found by its name in another language is listed
by its name in the UI language and opens in its screen; every kind of hit opens through
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

from icati_desktop.gui.language import apply_language
from icati_desktop.gui.library.search_results import GlobalSearchPopup
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.materialise import table_for
from icati_desktop.store.store import Store
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
    ("language", "query", "shown", "chip"),
    [
        ("en", "كينيا", "Kenya", "Showing initiatives in Kenya"),
        ("fr", "Quênia", "Kenya", "Initiatives affichées pour Kenya"),
        ("ar", "Kenia", "كينيا", "عرض المبادرات في كينيا"),
    ],
)
def test_a_country_found_in_another_language_is_named_in_the_ui_language_and_opens(
    qtbot: QtBot,
    qapp: QApplication,
    make_services: ServicesFactory,
    tmp_path: Path,
    language: str,
    query: str,
    shown: str,
    chip: str,
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    window.show()
    qtbot.waitExposed(window)
    try:
        apply_language(qapp, language)
        popup = search_for(qtbot, window, query, "country")
        assert popup.group_titles()["country"] == [shown]
        first_hit(popup, "country")
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.atlas_page)
        chip_text = window.atlas_page.list.chip_text
        qtbot.waitUntil(lambda: chip in chip_text.text(), timeout=10_000)
        assert window.atlas_page.list.chip.isVisible()
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
    assert not window.openers.can_open("meeting")  # issue 10 registers its screen
    first_hit(popup, "meeting")
    assert "no screen of its own yet" in window.statusBar().currentMessage()
    assert popup.isVisible()  # the user can choose another hit

    opened: list[str] = []
    window.openers.register("meeting", opened.append)
    first_hit(popup, "meeting")
    assert len(opened) == 1
    assert opened[0] in same_title
    assert not popup.isVisible()
