"""The outcomes dashboard and the national outcomes widget on real widgets and a real store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from icati_desktop.gui.outcomes.national import NationalOutcomesWidget
from icati_desktop.gui.outcomes.page import OutcomesPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.store.outcome_seed import seed_outcomes

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
END = date(2026, 3, 31)


@pytest.fixture
def hq_dir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "hq"
    store = open_store(data)
    try:
        initialise_device(store, Role.HQ, "HQ")
        ids = seed_outcomes(store)
    finally:
        store.close()
    return data, ids


def value_of(page: OutcomesPage, key: str) -> str:
    return page.figures.item(page.indicator_rows()[key], 1).text()


def ready(qtbot: QtBot, page: OutcomesPage) -> None:
    qtbot.waitUntil(
        lambda: page._data is not None and "Computing" not in page.status.text(), timeout=20_000
    )


def test_changing_the_period_updates_the_figures(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    data, _ids = hq_dir
    page = OutcomesPage(make_services(lambda: open_store(data)), today=END)
    qtbot.addWidget(page)
    page.start.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.period.start == date(2026, 1, 1),
        timeout=20_000,
    )
    assert value_of(page, "members_added") == "2"  # Kenya on 1 January, Ghana on 31 March
    assert value_of(page, "monthly_meetings") == "2"
    row = page.indicator_rows()["email_network"]
    assert page.figures.item(row, 2).text() == "≥ 200"
    assert page.figures.item(row, 3).text() == "Not yet"
    page.start.setDate(QDate(2026, 2, 1))
    qtbot.waitUntil(lambda: value_of(page, "members_added") == "1", timeout=20_000)
    assert value_of(page, "monthly_meetings") == "1"
    page.region.setCurrentIndex(page.region.findData("Americas"))
    qtbot.waitUntil(lambda: value_of(page, "members_added") == "0", timeout=20_000)


def test_a_click_on_a_figure_lists_its_records_and_opens_one(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    data, ids = hq_dir
    page = OutcomesPage(make_services(lambda: open_store(data)), today=END)
    qtbot.addWidget(page)
    page.start.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.period.start == date(2026, 1, 1),
        timeout=20_000,
    )
    page.show()
    qtbot.waitExposed(page)
    item = page.figures.item(page.indicator_rows()["email_network"], 0)
    page.figures.scrollToItem(item)
    where = page.figures.visualItemRect(item).center()
    qtbot.mouseClick(page.figures.viewport(), Qt.MouseButton.LeftButton, pos=where)
    records = page.detail.records
    qtbot.waitUntil(lambda: records.list.count() == 1, timeout=10_000)
    assert "Ann" in records.list.item(0).text()
    assert "Bob" not in records.caption.text()
    with qtbot.waitSignal(page.record_requested) as opened:
        records.list.itemActivated.emit(records.list.item(0))
    assert opened.args == ["person", ids["ann"]]
    # The chart's numbers beside it; a row of them narrows the records to that row.
    page.choose("members_added")
    qtbot.waitUntil(lambda: records.list.count() == 2, timeout=10_000)
    numbers = page.detail.numbers
    assert [numbers.item(r, 1).text() for r in range(numbers.rowCount())][:2] == [
        "Africa",
        "Americas",
    ]
    assert numbers.item(0, 2).text() == "2"
    numbers.selectRow(1)  # the Americas: nobody joined
    qtbot.waitUntil(lambda: records.list.count() == 0, timeout=10_000)
    assert "No record" in records.caption.text()


def test_national_outcomes_of_a_country(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    data, _ids = hq_dir
    widget = NationalOutcomesWidget(make_services(lambda: open_store(data)), "KEN", today=END)
    qtbot.addWidget(widget)
    widget.start.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(
        lambda: widget.table.rowCount() == 7 and widget.table.item(5, 1).text() == "2",
        timeout=20_000,
    )
    assert "Kenya" in widget.heading.text()
    widget.table.selectRow(5)  # participation in networks
    qtbot.waitUntil(lambda: widget.records.list.count() == 2, timeout=10_000)
    widget.set_country("GHA")
    qtbot.waitUntil(lambda: widget.table.item(2, 1).text() == "1", timeout=20_000)  # a judge met
    assert "Ghana" in widget.heading.text()


def test_export_writes_the_workbook_off_the_gui_thread(
    qtbot: QtBot,
    make_services: ServicesFactory,
    hq_dir: tuple[Path, dict[str, str]],
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    data, _ids = hq_dir
    page = OutcomesPage(make_services(lambda: open_store(data)), today=END)
    qtbot.addWidget(page)
    out = tmp_path / "outcomes.xlsx"
    page.choose_export_file = lambda _suffix: out  # type: ignore[method-assign]
    page.export(".xlsx")
    qtbot.waitUntil(lambda: "Report written" in page.status.text(), timeout=30_000)
    assert "Outcomes" in load_workbook(out).sheetnames
