"""The outcomes table shows its columns whole on a laptop screen ("No target for one
country" is not cut off), and keeps the width the user gives it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from icati_desktop.gui.outcomes.page import OutcomesPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from tests.gui.test_outcomes_page import END, hq_dir, ready

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
__all__ = ["hq_dir"]  # the fixture, shared with the dashboard's tests


def kenya(qtbot: QtBot, make_services: ServicesFactory, data: Path) -> OutcomesPage:
    """The page at the size it has in a 1366×768 window, Kenya's figures shown."""
    page = OutcomesPage(make_services(lambda: open_store(data)), today=END)
    qtbot.addWidget(page)
    page.resize(1150, 660)
    page.show()
    qtbot.waitExposed(page)
    page.start.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(lambda: page.country.findData("KEN") > 0, timeout=20_000)
    page.country.setCurrentIndex(page.country.findData("KEN"))
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.scope.country == "KEN", timeout=20_000
    )
    ready(qtbot, page)
    return page


def test_one_countrys_targets_are_shown_whole(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    page = kenya(qtbot, make_services, hq_dir[0])
    table = page.figures
    row = page.indicator_rows()["email_network"]
    text = table.item(row, 2).text()
    assert text == "No target for one country"
    assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(2)
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()


def test_the_width_the_user_gives_the_table_stays(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    page = kenya(qtbot, make_services, hq_dir[0])
    total = sum(page.split.sizes())
    page.split.setSizes([300, total - 300])
    page.split.splitterMoved.emit(300, 1)  # as a drag of the divider does
    page.country.setCurrentIndex(0)  # every country: the figures are shown anew
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.scope.country is None, timeout=20_000
    )
    ready(qtbot, page)
    assert page.split.sizes()[0] == 300
