"""The Atlas world map on the real widget: geometry, click, hover, colours, keyboard."""

from __future__ import annotations

import json
import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from icati_desktop.gui.atlas.geometry import parse_countries, robinson, world_geometry
from icati_desktop.gui.atlas.world_map import NO_DATA, WorldMap
from icati_desktop.paths import resource


@pytest.fixture
def world_map(qtbot: QtBot) -> WorldMap:
    widget = WorldMap()
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    return widget


def colour_distance(a: QColor, b: QColor) -> float:
    return math.dist((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()))


def test_the_bundled_geometry_covers_the_world() -> None:
    geometry = world_geometry()
    assert len(geometry.countries) > 170
    for code in ("KEN", "FRA", "NOR", "XKX", "GUF", "LSO"):
        assert code in geometry.countries
    for country in geometry.countries.values():
        assert country.path.contains(country.anchor), country.iso_a3
    # Lesotho is a hole in South Africa, not part of it.
    assert not geometry.countries["ZAF"].path.contains(geometry.countries["LSO"].anchor)


def test_every_country_of_the_content_has_an_outline() -> None:
    content = json.loads(resource("content", "countries.json").read_text(encoding="utf-8"))
    missing = {c["alpha3"] for c in content} - set(world_geometry().countries)
    assert missing == set()


def test_parse_countries_reads_polygons_and_multipolygons() -> None:
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"iso_a3": "AAA", "name": "A"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]],
                    },
                },
                {
                    "type": "Feature",
                    "properties": {"iso_a3": "BBB", "name": "B"},
                    "geometry": {
                        "type": "MultiPolygon",
                        "coordinates": [
                            [[[0, 0], [1, 0], [0, 1], [0, 0]]],
                            [[[5, 5], [6, 5], [5, 6], [5, 5]]],
                        ],
                    },
                },
            ],
        }
    )
    shapes = parse_countries(text)
    assert [(s.iso_a3, len(s.polygons)) for s in shapes] == [("AAA", 1), ("BBB", 2)]
    assert shapes[1].polygons[1][0][0] == (5.0, 5.0)


def test_robinson_projection() -> None:
    assert robinson(0, 0) == (0.0, 0.0)
    assert robinson(180, 0)[0] == pytest.approx(0.8487 * math.pi)
    assert robinson(0, 90)[1] == pytest.approx(1.3523)
    assert robinson(-30, -45) == pytest.approx((-robinson(30, 45)[0], -robinson(30, 45)[1]))


def test_clicking_inside_kenya_emits_its_code(qtbot: QtBot, world_map: WorldMap) -> None:
    world_map.show()
    inside = world_map.country_anchor("KEN")
    assert world_map.country_at(world_map.project(37.9, 0.5)) == "KEN"
    with qtbot.waitSignal(world_map.countryClicked, timeout=1000) as blocker:
        qtbot.mouseClick(world_map, Qt.MouseButton.LeftButton, pos=inside)
    assert blocker.args == ["KEN"]
    assert world_map.current_country() == "KEN"


def test_clicking_the_ocean_emits_nothing(qtbot: QtBot, world_map: WorldMap) -> None:
    world_map.show()
    mid_pacific = world_map.project(-140.0, -20.0).toPoint()
    with qtbot.assertNotEmitted(world_map.countryClicked):
        qtbot.mouseClick(world_map, Qt.MouseButton.LeftButton, pos=mid_pacific)


def test_hovering_shows_the_name_and_value(qtbot: QtBot, world_map: WorldMap) -> None:
    world_map.set_names({"KEN": "Kenya (test name)"})
    world_map.set_values({"KEN": 7}, "Initiatives")
    world_map.show()
    qtbot.waitExposed(world_map)
    qtbot.mouseMove(world_map, world_map.country_anchor("KEN"))
    qtbot.waitUntil(lambda: "Kenya (test name)" in QToolTip.text(), timeout=2000)
    assert "Initiatives: 7" in QToolTip.text()
    assert world_map.tooltip_text("TCD").endswith("No data")


def test_values_colour_countries_and_missing_ones_are_grey(world_map: WorldMap) -> None:
    world_map.set_values({"KEN": 3, "BRA": 10, "IND": 1}, "Initiatives")
    image = world_map.grab().toImage()

    def pixel(code: str) -> QColor:
        ratio = image.devicePixelRatio()
        point = world_map.country_anchor(code)
        return image.pixelColor(QPoint(round(point.x() * ratio), round(point.y() * ratio)))

    assert colour_distance(pixel("TCD"), NO_DATA) < 8
    assert colour_distance(pixel("KEN"), NO_DATA) > 40
    assert colour_distance(pixel("KEN"), world_map.colour_for("KEN")) < 8
    assert colour_distance(pixel("BRA"), pixel("IND")) > 40


def test_enter_emits_the_keyboard_current_country(qtbot: QtBot, world_map: WorldMap) -> None:
    world_map.show()
    world_map.setFocus()
    world_map.set_current_country("KEN")
    with qtbot.waitSignal(world_map.countryClicked, timeout=1000) as blocker:
        qtbot.keyClick(world_map, Qt.Key.Key_Return)
    assert blocker.args == ["KEN"]


def test_arrow_keys_move_to_a_neighbour_in_that_direction(
    qtbot: QtBot, world_map: WorldMap
) -> None:
    world_map.show()
    world_map.set_current_country("KEN")
    kenya = world_map.country_anchor("KEN")
    qtbot.keyClick(world_map, Qt.Key.Key_Left)
    west = world_map.current_country()
    assert west not in (None, "KEN")
    assert world_map.country_anchor(west).x() < kenya.x()
    qtbot.keyClick(world_map, Qt.Key.Key_Right)
    assert world_map.country_anchor(world_map.current_country() or "").x() > (
        world_map.country_anchor(west).x()
    )


def test_page_keys_and_typing_go_through_countries_by_name(
    qtbot: QtBot, world_map: WorldMap
) -> None:
    world_map.show()
    world_map.set_current_country("KEN")
    qtbot.keyClick(world_map, Qt.Key.Key_PageDown)
    assert world_map.current_country() == "KIR"  # Kenya → Kiribati
    qtbot.keyClicks(world_map, "n")
    assert world_map.name(world_map.current_country() or "").startswith("N")
    assert "Arrow keys" in world_map.accessibleDescription()
    assert world_map.name(world_map.current_country() or "") in world_map.accessibleDescription()


def test_the_data_is_available_as_a_table(world_map: WorldMap) -> None:
    world_map.set_names({"KEN": "Kenya", "FRA": "France", "BRA": "Brésil"})
    world_map.set_values({"KEN": 5, "FRA": 2, "BRA": 1}, "Initiatives")
    assert world_map.table_rows() == [
        ("BRA", "Brésil", 1),
        ("FRA", "France", 2),
        ("KEN", "Kenya", 5),
    ]
    assert world_map.accessibleName()


def test_the_map_does_not_mirror_right_to_left(world_map: WorldMap) -> None:
    left_to_right = world_map.project(37.9, 0.5)
    world_map.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert world_map.project(37.9, 0.5) == left_to_right
    assert world_map.country_at(left_to_right) == "KEN"


def test_wheel_zoom_keeps_the_point_under_the_cursor(world_map: WorldMap) -> None:
    world_map.show()
    position = QPointF(world_map.country_anchor("KEN"))
    width_before = world_map.map_transform().m11()
    event = QWheelEvent(
        position,
        QPointF(world_map.mapToGlobal(position.toPoint())),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(world_map, event)
    assert world_map.map_transform().m11() > width_before * 1.5
    assert world_map.country_at(position) == "KEN"


def test_tiny_countries_with_data_are_clickable_dots(qtbot: QtBot, world_map: WorldMap) -> None:
    world_map.set_values({"SGP": 3, "MLT": 1}, "Initiatives")
    world_map.show()
    beside_singapore = world_map.country_anchor("SGP") + QPoint(2, 1)
    with qtbot.waitSignal(world_map.countryClicked, timeout=1000) as blocker:
        qtbot.mouseClick(world_map, Qt.MouseButton.LeftButton, pos=beside_singapore)
    assert blocker.args == ["SGP"]


def test_a_legend_of_one_value_shows_that_value_not_a_gradient(world_map: WorldMap) -> None:
    world_map.set_values({"KEN": 1, "BRA": 1}, "Initiatives")
    legend = world_map.legend()
    assert (legend.low_text, legend.high_text) == ("1", None)
    world_map.set_values({"KEN": 1, "BRA": 4}, "Initiatives")
    assert (world_map.legend().low_text, world_map.legend().high_text) == ("1", "4")


def test_the_chosen_country_stays_outlined_without_focus(world_map: WorldMap) -> None:
    world_map.set_values({"KEN": 3, "BRA": 10}, "Initiatives")
    world_map.clearFocus()

    def edge_colours() -> set[str]:
        image = world_map.grab().toImage()
        bounds = world_map.map_transform().mapRect(world_geometry().countries["KEN"].bounds)
        return {
            image.pixelColor(x, y).name()
            for x in range(int(bounds.left()), int(bounds.right()))
            for y in range(int(bounds.top()), int(bounds.bottom()))
        }

    before = edge_colours()
    world_map.set_chosen_country("KEN")
    assert world_map.chosen_country() == "KEN"
    after = edge_colours()
    assert "#d0421b" not in before
    assert any(colour_distance(QColor(c), QColor("#d0421b")) < 40 for c in after - before)
