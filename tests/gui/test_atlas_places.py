"""Places recorded by a form's geopoint items, as pins on the Atlas map (real widgets)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from icati_desktop.domain.assessments import Answer, Assessment, GeopointAnswer
from icati_desktop.formats.xlsform import read_xlsform
from icati_desktop.gui.atlas.page import AtlasPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.stores import open_or_create
from tests.gui.test_atlas_page import run_job

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
INTAKE = Path(__file__).resolve().parents[1] / "data" / "xlsforms" / "trilingual_intake.xlsx"


def located(country: str, latitude: str, longitude: str) -> Assessment:
    place = GeopointAnswer(latitude=Decimal(latitude), longitude=Decimal(longitude))
    return Assessment(
        country=country,
        form_id="intake",
        form_version="2024-06-12",
        assessed_on=date(2026, 3, 4),
        answers={"office_location": Answer(value=place)},
    )


def test_places_recorded_in_assessments_are_pins_that_open_their_assessment(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    hq = open_store(tmp_path / "hq", None)  # HQ publishes forms; its store holds both
    initialise_device(hq, Role.HQ, "ICATI HQ")
    hq.close()
    services = make_services(lambda: open_store(tmp_path / "hq", None))
    form = read_xlsform(INTAKE)

    def seed(store: Store) -> str:
        save_form(store, form)
        return str(RecordService(store).create(located("KEN", "-1.2921", "36.8219")).record_id)

    nairobi = run_job(qtbot, services, seed)
    page = AtlasPage(services)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.map is not None and not page.is_loading, timeout=20_000)
    world = page.ensure_map()
    qtbot.waitUntil(lambda: len(world.places()) == 1, timeout=20_000)
    assert page.show_places.text() == "Show the 1 place recorded in assessments"
    [pin] = world.places()
    assert pin.text.startswith("Kenya — Location of the probation office, ")
    assert pin.text.endswith("-1.2921°, 36.8219°")
    assert "1 place recorded in assessments" in world.tooltip_text("KEN")

    # A click on the pin asks for its assessment (the window then shows it), not the country.
    spot = world.project(36.8219, -1.2921).toPoint()
    with qtbot.waitSignal(page.assessmentRequested, timeout=5_000) as asked:
        qtbot.mouseClick(world, Qt.MouseButton.LeftButton, pos=spot)
    assert asked.args == [nairobi]
    assert world.places_at(QPointF(spot) + QPointF(40, 40)) == []

    # Saved elsewhere: a second place shows without a restart.
    run_job(
        qtbot,
        services,
        lambda store: RecordService(store).create(located("COL", "4.711", "-74.0721")),
    )
    qtbot.waitUntil(lambda: len(world.places()) == 2, timeout=20_000)
    assert page.show_places.text() == "Show the 2 places recorded in assessments"

    page.show_places.setChecked(False)  # hidden on demand, the count stays
    assert world.places() == []
    page.show_places.setChecked(True)
    assert {p.country for p in world.places()} == {"KEN", "COL"}


def test_without_places_the_choice_says_how_to_get_them(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    page = AtlasPage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.map is not None and not page.is_loading, timeout=20_000)
    assert not page.show_places.isEnabled()
    assert "location question" in page.show_places.toolTip()
    assert page.ensure_map().places() == []
