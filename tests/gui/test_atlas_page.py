"""The ATI Atlas page on the real widgets: map clicks, filters, the dialog, phases, export."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.atlas import Initiative
from icati_desktop.gui.atlas.initiative_model import COUNTRY
from icati_desktop.gui.atlas.legend import NO_DATA
from icati_desktop.gui.atlas.page import AtlasPage
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.services import AppServices
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]

INITIATIVES: list[dict[str, Any]] = [
    {"country": "KEN", "name": "Nairobi drug treatment court", "model": "drug_treatment_court",
     "continuum_stages": ["court"], "status": "operational", "start_year": 2019,
     "latitude": "-1.29", "longitude": "36.82"},
    {"country": "KEN", "name": "Mombasa police deflection", "model": "deflection",
     "continuum_stages": ["pre_arrest"], "status": "pilot", "start_year": 2022,
     "lead_organisation": "National Police Service"},
    {"country": "BRA", "name": "Justiça Terapêutica", "model": "drug_treatment_court",
     "continuum_stages": ["court", "post_sentence"], "status": "expanded", "start_year": 2016},
    {"country": "FRA", "name": "Lyon diversion pilot", "model": "diversion",
     "continuum_stages": ["pre_trial"], "status": "pilot"},
]  # fmt: skip
PHASES = {"KEN": 3, "BRA": 4, "FRA": 2}


def seed(store: Store) -> None:
    service = RecordService(store)
    for item in INITIATIVES:
        service.create(Initiative.model_validate(item))
    for country, phase in PHASES.items():
        service.create(
            Assessment(
                country=country,
                form_id="ati-self-assessment",
                form_version="1",
                assessed_on=date(2025, 3, 1),
                computed_phase=phase,
            )
        )


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    """Run a job on the database thread and wait for its result."""
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


@pytest.fixture
def atlas(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> AtlasPage:
    """A field device's store with four initiatives and three phased countries, on screen."""
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    run_job(qtbot, services, seed)
    page = AtlasPage(services)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(
        lambda: page.map is not None and page.list.model.rowCount() == 4, timeout=20_000
    )
    qtbot.waitUntil(lambda: not page.is_loading, timeout=20_000)
    return page


def countries_listed(page: AtlasPage) -> set[str]:
    model = page.list.model
    return {str(model.index(row, COUNTRY).data()) for row in range(model.rowCount())}


def test_clicking_kenya_lists_only_its_initiatives(qtbot: QtBot, atlas: AtlasPage) -> None:
    world = atlas.ensure_map()
    assert world.country_at(world.country_anchor("KEN")) == "KEN"
    qtbot.mouseClick(world, Qt.MouseButton.LeftButton, pos=world.country_anchor("KEN"))
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 2)
    assert countries_listed(atlas) == {"Kenya"}
    assert sorted(atlas.list.listed_names()) == [
        "Mombasa police deflection",
        "Nairobi drug treatment court",
    ]
    assert atlas.list.chip.isVisible()
    assert atlas.list.chip_text.text() == "Showing initiatives in Kenya"
    assert atlas.list.count_label.text() == "2 initiatives"
    qtbot.mouseClick(atlas.list.show_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 4)
    assert not atlas.list.chip.isVisible()


def test_filters_narrow_the_list(qtbot: QtBot, atlas: AtlasPage) -> None:
    filters = atlas.list.filters
    filters.set_choice("model", "drug_treatment_court")
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 2)
    qtbot.waitUntil(lambda: not atlas.is_loading)
    assert countries_listed(atlas) == {"Kenya", "Brazil"}
    assert atlas.ensure_map().values() == {"KEN": 1, "BRA": 1}  # the map follows the filters
    filters.set_choice("region", "Americas")
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 1)
    assert atlas.list.listed_names() == ["Justiça Terapêutica"]
    filters.clear()
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 4)
    filters.set_choice("stage", "pre_arrest")
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 1)
    filters.set_choice("stage", None)
    filters.set_choice("status", "pilot")
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 2)
    filters.set_choice("status", None)
    qtbot.keyClicks(filters.text, "police service")
    qtbot.waitUntil(lambda: atlas.list.listed_names() == ["Mombasa police deflection"])


def test_the_table_sorts_by_column(qtbot: QtBot, atlas: AtlasPage) -> None:
    names = atlas.list.listed_names
    atlas.list.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # start year, newest first
    qtbot.waitUntil(lambda: names()[0] == "Mombasa police deflection")
    atlas.list.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: names()[0] == "Justiça Terapêutica")
    before = names()
    atlas.list.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # stages: a list, no order
    header = atlas.list.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        1,
        Qt.SortOrder.AscendingOrder,
    )
    assert names() == before


def test_adding_an_initiative_lists_it_and_colours_its_country(
    qtbot: QtBot, atlas: AtlasPage
) -> None:
    world = atlas.ensure_map()
    assert world.colour_for("GHA") == NO_DATA
    qtbot.mouseClick(atlas.list.add_button, Qt.MouseButton.LeftButton)
    dialog = atlas.dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.country.setEditText("Ghana")
    dialog.latitude.setText("95")
    dialog.longitude.setText("-0.2")
    dialog.save()
    assert dialog.error_text("name") == "Give the initiative a name."
    assert "-90 (south) to 90 (north)" in dialog.error_text("latitude")
    assert dialog.isVisible()
    dialog.name.setText("Accra pre-trial diversion")
    dialog.model.setCurrentIndex(dialog.model.findData("diversion"))
    dialog.stages["pre_trial"].setChecked(True)
    dialog.latitude.setText("5.6")
    dialog.start_year.setText("2023")
    dialog.partners.setPlainText("Ghana Prisons Service\n\nLegal Aid Commission\n")
    dialog.links.setPlainText("not a link")
    dialog.save()
    assert dialog.error_text("name") == ""
    assert "is not a web address" in dialog.error_text("links")
    qtbot.wait(200)
    assert atlas.list.model.total() == 4  # nothing was written
    dialog.links.setPlainText("https://example.org/accra")
    dialog.save()
    qtbot.waitUntil(lambda: atlas.list.model.total() == 5, timeout=10_000)
    assert "Accra pre-trial diversion" in atlas.list.listed_names()
    assert atlas.list.selected_record_id() is not None  # the new row is selected
    qtbot.waitUntil(lambda: world.values().get("GHA") == 1)  # the map is read beside the list
    assert world.colour_for("GHA") != NO_DATA


def test_editing_an_initiative_updates_the_row(qtbot: QtBot, atlas: AtlasPage) -> None:
    row = atlas.list.listed_names().index("Lyon diversion pilot")
    atlas.list.table.selectRow(row)
    qtbot.mouseClick(atlas.list.edit_button, Qt.MouseButton.LeftButton)
    dialog = atlas.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.name.text() == "Lyon diversion pilot")
    assert dialog.country.currentData() == "FRA"
    assert dialog.stages["pre_trial"].isChecked()
    dialog.name.setText("Lyon diversion programme")
    dialog.status.setCurrentIndex(dialog.status.findData("operational"))
    dialog.save()
    qtbot.waitUntil(lambda: "Lyon diversion programme" in atlas.list.listed_names())
    assert atlas.list.model.total() == 4


def test_country_phase_colouring_shows_a_phase_legend(qtbot: QtBot, atlas: AtlasPage) -> None:
    world = atlas.ensure_map()
    atlas.colour_by.setCurrentIndex(atlas.colour_by.findData("phase"))
    labels = [category.label for category in world.categories()]
    assert labels == [
        "1 · Interest & Exploration",
        "2 · Systems Preparation",
        "3 · Initiative Planning & Launch",
        "4 · Expansion & Sustainability",
    ]
    assert world.values() == PHASES
    assert world.tooltip_text("KEN") == "Kenya\nCountry phase: 3 · Initiative Planning & Launch"
    assert world.colour_for("KEN") == world.categories()[2].colour
    assert world.colour_for("GHA") == NO_DATA
    image = world.grab().toImage()
    corner = {  # the legend: one swatch per phase in the bottom-left corner
        image.pixelColor(x, y).name()
        for x in range(12, 60)
        for y in range(image.height() - 160, image.height() - 12)
    }
    assert {category.colour.name() for category in world.categories()} <= corner
    atlas.colour_by.setCurrentIndex(atlas.colour_by.findData("count"))
    assert world.categories() == []
    assert world.values() == {"KEN": 2, "BRA": 1, "FRA": 1}


def test_export_writes_the_listed_rows_as_csv_and_geojson(
    qtbot: QtBot, atlas: AtlasPage, tmp_path: Path
) -> None:
    atlas.set_country("KEN")
    qtbot.waitUntil(lambda: atlas.list.model.rowCount() == 2)
    listed = set(atlas.list.listed_names())
    for name in ("kenya.csv", "kenya.geojson"):
        target = tmp_path / name
        atlas.choose_export_path = lambda target=target: target  # type: ignore[method-assign]
        qtbot.mouseClick(atlas.list.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda target=target: str(target) in atlas.list.status_line.text())
        assert atlas.list.status_line.text().startswith("2 initiatives exported to")
    with (tmp_path / "kenya.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["name"] for row in rows} == listed
    assert {row["country"] for row in rows} == {"KEN"}
    features = json.loads((tmp_path / "kenya.geojson").read_text(encoding="utf-8"))["features"]
    assert {feature["properties"]["name"] for feature in features} == listed
    points = [f["geometry"]["coordinates"] for f in features if f["geometry"] is not None]
    assert points == [[36.82, -1.29]]


@pytest.fixture
def french() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, "fr")
    yield
    apply_language(app, "en")


def test_country_names_follow_the_language(qtbot: QtBot, atlas: AtlasPage, french: None) -> None:
    atlas.retranslate_ui()
    assert "Brésil" in countries_listed(atlas)
    assert atlas.ensure_map().name("DEU") == "Allemagne"


def test_changes_from_elsewhere_refresh_the_page(qtbot: QtBot, atlas: AtlasPage) -> None:
    item = Initiative.model_validate({**INITIATIVES[0], "name": "Kisumu court", "latitude": None,
                                      "longitude": None})  # fmt: skip
    run_job(qtbot, atlas.services, lambda store: RecordService(store).create(item))
    qtbot.waitUntil(lambda: atlas.list.model.total() == 5)
    qtbot.waitUntil(lambda: atlas.ensure_map().values()["KEN"] == 3)


def test_a_refused_save_says_why_and_keeps_the_dialog_open(qtbot: QtBot, atlas: AtlasPage) -> None:
    record_id = atlas.list.model.row_at(0).record_id
    dialog = atlas.open_dialog(record_id)
    qtbot.waitUntil(lambda: bool(dialog.name.text()))
    original = dialog.name.text()

    def edit_elsewhere(store: Store) -> None:  # someone else saves the same initiative first
        service = RecordService(store)
        current = service.get(Initiative, record_id).payload
        service.update(record_id, current.model_copy(update={"description": "changed"}))

    run_job(qtbot, atlas.services, edit_elsewhere)
    dialog.name.setText("Renamed")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.general_error.isHidden())
    assert "Nothing was saved" in dialog.general_error.text()
    assert "changed since it was opened" in dialog.general_error.text()
    assert dialog.isVisible()
    assert dialog.buttons.isEnabled()
    assert "Renamed" not in atlas.list.listed_names()
    assert original in atlas.list.listed_names()


def test_the_first_visit_loads_the_map_off_the_gui_thread(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from icati_desktop.gui.atlas import geometry_loader

    threads: list[str] = []
    real = geometry_loader.world_geometry

    def recording() -> Any:
        threads.append(threading.current_thread().name)
        return real()

    monkeypatch.setattr(geometry_loader, "world_geometry", recording)
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    page = AtlasPage(services)
    qtbot.addWidget(page)
    page.show()
    assert page.map is None  # the page is shown at once, saying the map is loading
    assert page.map_loading_label is not None
    assert page.map_loading_label.text() == "Loading the map…"
    qtbot.waitUntil(lambda: page.map is not None, timeout=20_000)
    assert threads == ["icati-atlas-geometry"]


def test_a_country_chosen_on_the_map_is_outlined(qtbot: QtBot, atlas: AtlasPage) -> None:
    world = atlas.ensure_map()
    qtbot.mouseClick(world, Qt.MouseButton.LeftButton, pos=world.country_anchor("KEN"))
    assert world.chosen_country() == "KEN"
    qtbot.mouseClick(atlas.list.show_all, Qt.MouseButton.LeftButton)
    assert world.chosen_country() is None


def test_closing_the_dialog_before_the_initiative_is_read_is_harmless(
    qtbot: QtBot, atlas: AtlasPage
) -> None:
    from icati_desktop.gui.atlas.initiative_model import RECORD_ID_ROLE

    record_id = str(atlas.list.model.index(0, 0).data(RECORD_ID_ROLE))
    dialog = atlas.open_dialog(record_id)
    dialog.close()  # deleted on close, before the database thread answers
    assert run_job(qtbot, atlas.services, lambda store: "after") == "after"
    qtbot.wait(50)  # the reading's answer is delivered to nobody, without an exception
