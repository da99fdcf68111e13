"""The conflicts inbox: base / mine / theirs per conflicting path, choices, one resolution."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from icati_desktop.domain.library import Resource
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.conflicts import ConflictsPage, FieldChoiceModel
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.resolution import BASE
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.trust import trust_card
from tests.store.helpers import deliver, resource
from tests.sync.network import card_of

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
SCREENSHOTS = Path(os.environ.get("ICATI_SCREENSHOT_DIR", "/tmp"))


@pytest.fixture
def forked(tmp_path: Path) -> tuple[Path, str, str, str]:
    return make_fork(tmp_path)


def make_fork(tmp_path: Path) -> tuple[Path, str, str, str]:
    """Two HQ stores edit one resource differently; A holds both versions.

    Both change the summary, the publisher and the year; only B changes the title (which
    merges). Returns A's data dir, the record id, A's version (mine) and B's (theirs,
    shown).
    """
    vienna = open_store(tmp_path / "vienna")
    initialise_device(vienna, Role.HQ, "Vienna HQ")
    nairobi = open_store(tmp_path / "nairobi")
    initialise_device(nairobi, Role.HQ, "Nairobi office")
    trust_card(vienna, card_of(nairobi))  # so Vienna knows Nairobi's name
    original = RecordService(vienna).create(
        resource(
            "Handbook on alternatives to imprisonment",
            year=2007,
            publisher="UNODC",
            summary={
                "en": "How courts, prosecutors and probation services can use community "
                "sanctions and treatment instead of prison, with examples from many countries."
            },
        )
    )
    deliver(vienna, nairobi)
    mine = RecordService(vienna).update(
        original.record_id,
        resource(
            "Handbook on alternatives to imprisonment",
            year=2008,
            publisher="UNODC Vienna",
            summary={
                "en": "How courts, prosecutors and probation services can use community "
                "sanctions and treatment instead of prison; second printing."
            },
        ),
    )
    theirs = RecordService(nairobi).update(
        original.record_id,
        resource(
            "Handbook on Alternatives to Imprisonment (Criminal Justice Handbook Series)",
            year=2009,
            publisher="United Nations",
            summary={
                "en": "How courts, prosecutors and probation services can use community "
                "sanctions and treatment instead of prison; revised edition."
            },
        ),
    )
    deliver(nairobi, vienna)
    vienna.close()
    nairobi.close()
    return tmp_path / "vienna", original.record_id, mine.version_id, theirs.version_id


def grid_rows(model: FieldChoiceModel) -> dict[str, dict[str, str]]:
    """Field → {column title: cell text} as the grid shows it."""
    out = {}
    for row in range(model.rowCount()):
        cells = {}
        for column in range(1, model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal)).split("\n")[0]
            cells[title] = str(model.index(row, column).data())
        out[model.rows[row].field] = cells
    return out


def open_page(qtbot: QtBot, make_services: ServicesFactory, data_dir: Path) -> ConflictsPage:
    page = ConflictsPage(make_services(lambda: open_store(data_dir)))
    qtbot.addWidget(page)
    page.resize(1366 - 200, 768 - 80)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.list_model.rowCount() == 1, timeout=20_000)
    return page


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    box: list[Any] = []
    services.run(job, box.append, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    assert not isinstance(box[0], BaseException), box[0]
    return box[0]


def test_the_grid_shows_base_mine_and_theirs_and_resolves_per_field(
    qtbot: QtBot, make_services: ServicesFactory, forked: tuple[Path, str, str, str]
) -> None:
    data_dir, record_id, mine, theirs = forked
    page = open_page(qtbot, make_services, data_dir)
    assert page.body.currentWidget() is page.splitter
    item = page.list_model.index(0)
    assert item.data() == (
        "Handbook on Alternatives to Imprisonment (Criminal Justice Handbook Series)"
    )
    subtitle = str(item.data(Qt.ItemDataRole.UserRole + 1))
    assert "Library resources" in subtitle
    assert "Vienna HQ (this device)" in subtitle
    assert "Nairobi office" in subtitle

    model = page.grid_model
    assert [model.source_of(c) for c in range(1, model.columnCount())] == [BASE, mine, theirs]
    rows = grid_rows(model)
    assert list(rows) == ["summary/en", "publisher", "year"]  # only what conflicts
    assert rows["year"] == {"Base": "2007", "Mine": "2008", "Theirs": "2009"}
    assert rows["publisher"] == {
        "Base": "UNODC",
        "Mine": "UNODC Vienna",
        "Theirs": "United Nations",
    }
    # long text is elided when painted; the full text is in the tooltip
    summary_cell = model.index(list(rows).index("summary/en"), 2)
    assert str(summary_cell.data(Qt.ItemDataRole.ToolTipRole)).endswith("second printing.")
    # every row starts on the shown version (theirs: the newer edit)
    assert set(model.choices.values()) == {theirs}

    page.show_all.setChecked(True)
    assert {"title", "resource_type"} <= set(grid_rows(model))  # settled by the merge
    page.show_all.setChecked(False)

    page.grab().save(str(SCREENSHOTS / "conflicts-page.png"))

    # mine for the year and the summary, base for the publisher
    assert page.choose("summary/en", mine)
    year_row = list(rows).index("year")
    assert model.setData(
        model.index(year_row, model.column_of(mine)),
        Qt.CheckState.Checked,
        Qt.ItemDataRole.CheckStateRole,
    )
    # keyboard: move to the publisher's Base cell and press Space
    page.grid.setFocus()
    page.grid.setCurrentIndex(model.index(list(rows).index("publisher"), model.column_of(BASE)))
    qtbot.keyClick(page.grid.viewport(), Qt.Key.Key_Space)
    qtbot.keyClick(page.grid, Qt.Key.Key_Space)
    assert model.choices["publisher"] == BASE
    assert (
        model.index(year_row, model.column_of(mine)).data(Qt.ItemDataRole.CheckStateRole)
        == Qt.CheckState.Checked
    )
    assert "Year from Mine" in page.summary.text()
    page.grab().save(str(SCREENSHOTS / "conflicts-page-chosen.png"))

    with qtbot.waitSignal(page.resolved, timeout=10_000) as resolved:
        qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    assert resolved.args == [record_id]
    qtbot.waitUntil(lambda: page.body.currentWidget() is page.empty, timeout=10_000)
    assert "No conflicts" in page.empty.text()
    page.grab().save(str(SCREENSHOTS / "conflicts-page-empty.png"))

    def check(store: Store) -> tuple[Resource, int]:
        return RecordService(store).get(Resource, record_id).payload, len(list_conflicts(store))

    payload, open_conflicts = run_job(qtbot, page.services, check)
    assert open_conflicts == 0
    assert payload.title == {  # merged: only theirs changed it
        "en": "Handbook on Alternatives to Imprisonment (Criminal Justice Handbook Series)"
    }
    assert payload.year == 2008
    assert payload.publisher == "UNODC"
    assert payload.summary["en"].endswith("second printing.")


def test_keep_mine_for_all_and_an_invalid_combination_is_refused(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    a = open_store(tmp_path / "a")
    initialise_device(a, Role.HQ, "A")
    b = open_store(tmp_path / "b")
    initialise_device(b, Role.HQ, "B")
    original = RecordService(a).create(resource("Guide", series="Toolkits", series_order=1))
    deliver(a, b)
    RecordService(a).update(original.record_id, resource("Guide"))  # out of the series
    RecordService(b).update(  # renumbered, and renamed (which alone would merge)
        original.record_id, resource("Guide (revised)", series="Toolkits", series_order=2)
    )
    deliver(b, a)
    a.close()
    b.close()
    page = open_page(qtbot, make_services, tmp_path / "a")
    detail = page.current_detail()
    assert detail is not None
    # merged, the number would have no series: the newer version is shown whole
    assert [row.field for row in detail.differing] == ["series", "series_order"]
    page.choose("series", detail.mine)  # without its number: the model refuses
    page.resolve()
    qtbot.waitUntil(page.error.isVisible, timeout=10_000)
    assert "series_order" in page.error.text()
    assert {"series", "series_order"} <= page.grid_model.flagged
    assert page.list_model.rowCount() == 1

    qtbot.mouseClick(page.keep_mine_button, Qt.MouseButton.LeftButton)
    assert set(page.grid_model.choices.values()) == {detail.mine}
    with qtbot.waitSignal(page.resolved, timeout=10_000):
        page.resolve()
    qtbot.waitUntil(lambda: page.list_model.rowCount() == 0, timeout=10_000)
    payload = run_job(
        qtbot, page.services, lambda s: RecordService(s).get(Resource, original.record_id).payload
    )
    assert (payload.title, payload.series, payload.series_order) == (
        {"en": "Guide (revised)"},
        None,
        None,
    )


def test_no_conflicts_shows_the_empty_state(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "x")
    initialise_device(store, Role.FIELD, "Amina")
    store.close()
    page = ConflictsPage(make_services(lambda: open_store(tmp_path / "x")))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.body.currentWidget() is page.empty, timeout=20_000)
    assert page.grid_model.rowCount() == 0
