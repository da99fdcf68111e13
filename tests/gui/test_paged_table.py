"""The paged table model over 650 initiatives (more than three pages): the store sorts and
filters, only the pages a view shows are read, and the labels' language orders the codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.atlas.initiative_model import COUNTRY, NAME, PAGE_SIZE, InitiativeTableModel
from icati_desktop.gui.services import AppServices
from icati_desktop.store.atlas import InitiativeFilter
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from tests.store.synthetic_atlas import COUNTRIES, build_atlas_store

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
COUNT = 650


@pytest.fixture(scope="module")
def atlas_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("atlas") / "data"
    build_atlas_store(path, COUNT)
    return path


@pytest.fixture
def table(qtbot: QtBot, make_services: ServicesFactory, atlas_dir: Path) -> QTableView:
    model = InitiativeTableModel(make_services(lambda: open_store(atlas_dir)))
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    view.resize(800, 400)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(model.loaded, timeout=20_000):
        model.set_filter(InitiativeFilter())
    return view


def model_of(view: QTableView) -> InitiativeTableModel:
    model = view.model()
    assert isinstance(model, InitiativeTableModel)
    return model


def names(model: InitiativeTableModel, rows: range) -> list[str | None]:
    return [model.index(r, NAME).data() for r in rows]


def test_only_the_pages_shown_are_read_and_the_end_arrives_when_scrolled_to(
    qtbot: QtBot, table: QTableView
) -> None:
    model = model_of(table)
    assert model.rowCount() == COUNT
    assert model.row_at(0) is not None
    assert model.row_at(COUNT - 1) is None  # never asked for
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.row_at(COUNT - 1) is not None, timeout=10_000)
    loaded = {r // PAGE_SIZE for r in range(COUNT) if model.row_at(r) is not None}
    assert loaded == {0, (COUNT - 1) // PAGE_SIZE}  # the first page and the last, not between
    last = names(model, range(COUNT - 3, COUNT))
    assert all(name is not None for name in last)
    assert [n.casefold() for n in last] == sorted(n.casefold() for n in last)  # type: ignore[union-attr]


def test_sorting_asks_the_store_not_each_row(
    qtbot: QtBot, table: QTableView, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = model_of(table)
    first_ascending = model.index(0, NAME).data()
    calls = {"display": 0}
    display = model.display

    def counting(row: object, column: int) -> str:
        calls["display"] += 1
        return display(row, column)  # type: ignore[arg-type]

    monkeypatch.setattr(model, "display", counting)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    qtbot.wait(100)  # let the view repaint what it shows
    assert calls["display"] < 40 * len(model.columns)  # the visible rows, not 650
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.row_at(COUNT - 1) is not None, timeout=10_000)
    assert model.index(COUNT - 1, NAME).data() == first_ascending


def test_countries_sort_by_their_names_in_the_language_shown(
    qtbot: QtBot, table: QTableView
) -> None:
    model = model_of(table)
    alpha2 = {"KEN": "KE", "FRA": "FR", "DEU": "DE", "BRA": "BR", "IND": "IN", "EGY": "EG"}
    alpha2 |= {"MAR": "MA", "ZAF": "ZA", "MEX": "MX", "IDN": "ID", "TUN": "TN", "SEN": "SN"}
    assert set(alpha2) == set(COUNTRIES)
    previous = QLocale()
    for language, first in (("en", "Brazil"), ("fr", "Afrique du Sud")):
        QLocale.setDefault(QLocale(language))  # as View > Language does
        model.country_names = {
            code: country_display_name(a2, language) for code, a2 in alpha2.items()
        }
        with qtbot.waitSignal(model.loaded, timeout=10_000):
            table.sortByColumn(COUNTRY, Qt.SortOrder.AscendingOrder)
        assert model.index(0, COUNTRY).data() == first
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        table.sortByColumn(COUNTRY, Qt.SortOrder.DescendingOrder)
    assert model.index(0, COUNTRY).data() == "Tunisie"  # "Égypte" sorts with the E's
    QLocale.setDefault(previous)


def test_a_filter_is_applied_by_the_store(qtbot: QtBot, table: QTableView) -> None:
    model = model_of(table)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(InitiativeFilter(status="pilot", country="KEN"))
    assert 0 < model.rowCount() < COUNT // 10
    assert {model.row_at(r).status for r in range(model.rowCount())} == {"pilot"}  # type: ignore[union-attr]


def test_a_sort_reads_one_page_and_a_new_filter_counts_again(
    qtbot: QtBot, table: QTableView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the store counted for a filter (the total, the rows per country) is reused
    while only the order changes, so a sort costs one page read (one, though the view
    sorts twice); a new filter (or changed records, which reload the same way) is counted
    afresh — and the rows are the same as when the store counts them itself."""
    model = model_of(table)
    asked: list[tuple[str, bool, int | None]] = []
    page_job = model.page_job

    def spy(flt: InitiativeFilter, request: object, total: int | None) -> object:
        if request.offset == 0:  # type: ignore[attr-defined]  # a first page: a new read
            asked.append((request.key, request.counts is not None, total))  # type: ignore[attr-defined]
        return page_job(flt, request, total)  # type: ignore[arg-type]

    monkeypatch.setattr(model, "page_job", spy)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        table.sortByColumn(COUNTRY, Qt.SortOrder.AscendingOrder)
    counted_first = [model.index(r, NAME).data() for r in range(5)]
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        table.sortByColumn(COUNTRY, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, NAME).data() for r in range(5)] == counted_first
    assert asked == [("country", False, COUNT), ("name", False, COUNT), ("country", True, COUNT)]
    asked.clear()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(InitiativeFilter(status="pilot"))
    assert asked == [("country", False, None)]
    assert 0 < model.rowCount() < COUNT
