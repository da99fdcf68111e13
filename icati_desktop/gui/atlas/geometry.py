"""Country outlines for the Atlas map: the bundled GeoJSON, projected and turned into paths.

Parsing (:func:`parse_countries`) and projecting (:func:`robinson`) are pure functions;
:func:`world_geometry` builds the ``QPainterPath`` of every country once per process.

Map coordinates are the Robinson projection on a unit sphere with y pointing *down*
(south), so a ``QTransform`` that only scales and translates puts the map on screen.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from icati_desktop import paths

LonLat = tuple[float, float]
Ring = tuple[LonLat, ...]
Polygon = tuple[Ring, ...]  # outer ring first, then holes

# Robinson's table (Snyder, "Map Projections — A Working Manual", table 25): for each
# 5° of latitude, the length of the parallel (X) and its distance from the equator (Y).
_ROBINSON_X = (
    1.0000, 0.9986, 0.9954, 0.9900, 0.9822, 0.9730, 0.9600, 0.9427, 0.9216, 0.8962,
    0.8679, 0.8350, 0.7986, 0.7597, 0.7186, 0.6732, 0.6213, 0.5722, 0.5322,
)  # fmt: skip
_ROBINSON_Y = (
    0.0000, 0.0620, 0.1240, 0.1860, 0.2480, 0.3100, 0.3720, 0.4340, 0.4958, 0.5571,
    0.6176, 0.6769, 0.7346, 0.7903, 0.8435, 0.8936, 0.9394, 0.9761, 1.0000,
)  # fmt: skip

MAP_SOUTH = -58.0
"""Southern edge of the map frame (Antarctica is not drawn; Tierra del Fuego is at -55.9°)."""
MAP_NORTH = 85.0
"""Northern edge of the map frame (Greenland's tip is at 83.6°)."""


@dataclass(frozen=True)
class CountryShape:
    """One country as read from the GeoJSON: code, source name and lon/lat polygons."""

    iso_a3: str
    name: str
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class CountryPath:
    """One country in map coordinates."""

    iso_a3: str
    name: str
    path: QPainterPath
    bounds: QRectF
    anchor: QPointF
    """A point inside the country's largest polygon (for keyboard focus, labels and tests)."""


def parse_countries(text: str) -> list[CountryShape]:
    """The features of a GeoJSON FeatureCollection with ``iso_a3``/``name`` properties."""
    collection = json.loads(text)
    if collection.get("type") != "FeatureCollection":
        raise ValueError("world geometry must be a GeoJSON FeatureCollection")
    shapes = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            raw = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            raw = geometry["coordinates"]
        else:
            raise ValueError(f"unsupported geometry type {geometry['type']!r}")
        polygons = tuple(
            tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in polygon)
            for polygon in raw
        )
        properties = feature["properties"]
        shapes.append(CountryShape(str(properties["iso_a3"]), str(properties["name"]), polygons))
    return shapes


def robinson(lon: float, lat: float) -> tuple[float, float]:
    """Robinson projection (unit sphere) of ``lon``/``lat`` in degrees; y grows northwards.

    The table is interpolated linearly between its 5° rows, which is invisible at map scale.
    """
    lat = max(-90.0, min(90.0, lat))
    position = abs(lat) / 5.0
    row = min(int(position), len(_ROBINSON_X) - 2)
    fraction = position - row
    x_factor = _ROBINSON_X[row] + (_ROBINSON_X[row + 1] - _ROBINSON_X[row]) * fraction
    y_factor = _ROBINSON_Y[row] + (_ROBINSON_Y[row + 1] - _ROBINSON_Y[row]) * fraction
    x = 0.8487 * x_factor * math.radians(lon)
    y = 1.3523 * y_factor
    return x, (y if lat >= 0 else -y)


def to_map(lon: float, lat: float) -> QPointF:
    """Map coordinates (y down) of a lon/lat point."""
    x, y = robinson(lon, lat)
    return QPointF(x, -y)


def interior_point(ring: Sequence[QPointF]) -> QPointF:
    """A point well inside a simple polygon: the middle of its widest horizontal span.

    Scans a few horizontal lines across the polygon and keeps the widest inside span,
    so concave shapes (Kenya's coast, Chile, Indonesia's islands) still get an inner point.
    """
    ys = [p.y() for p in ring]
    top, bottom = min(ys), max(ys)
    best, best_point = -1.0, QPointF(ring[0])
    for step in range(1, 10):
        y = top + (bottom - top) * step / 10
        crossings = sorted(
            a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y())
            for a, b in zip(ring, [*ring[1:], ring[0]], strict=True)
            if (a.y() > y) != (b.y() > y)
        )
        for left, right in zip(crossings[0::2], crossings[1::2], strict=False):
            if right - left > best:
                best, best_point = right - left, QPointF((left + right) / 2, y)
    return best_point


def _ring_area(ring: Sequence[QPointF]) -> float:
    return 0.5 * abs(
        sum(a.x() * b.y() - b.x() * a.y() for a, b in zip(ring, [*ring[1:], ring[0]], strict=True))
    )


def country_path(shape: CountryShape) -> CountryPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    largest: list[QPointF] = []
    largest_area = -1.0
    for polygon in shape.polygons:
        for index, ring in enumerate(polygon):
            points = [to_map(lon, lat) for lon, lat in ring]
            path.addPolygon(QPolygonF(points))
            path.closeSubpath()
            area = _ring_area(points) if index == 0 else -1.0
            if area > largest_area:
                largest, largest_area = points, area
    return CountryPath(shape.iso_a3, shape.name, path, path.boundingRect(), interior_point(largest))


@dataclass(frozen=True)
class WorldGeometry:
    """Every country's path, plus the frame (the map's outline) and a light graticule."""

    countries: dict[str, CountryPath]
    frame: QPainterPath
    graticule: QPainterPath

    @property
    def bounds(self) -> QRectF:
        return self.frame.boundingRect()


def _frame_path() -> QPainterPath:
    """The outline of the Robinson map between :data:`MAP_SOUTH` and :data:`MAP_NORTH`."""
    steps = [MAP_SOUTH + (MAP_NORTH - MAP_SOUTH) * i / 60 for i in range(61)]
    east = [to_map(180.0, lat) for lat in steps]
    west = [to_map(-180.0, lat) for lat in reversed(steps)]
    path = QPainterPath()
    path.addPolygon(QPolygonF([*east, *west]))
    path.closeSubpath()
    return path


def _graticule_path(step: int = 30) -> QPainterPath:
    path = QPainterPath()
    for lon in range(-180 + step, 180, step):
        lats = [MAP_SOUTH + (MAP_NORTH - MAP_SOUTH) * i / 40 for i in range(41)]
        path.addPolygon(QPolygonF([to_map(lon, lat) for lat in lats]))
    for lat in range(-30, 90, step):
        if MAP_SOUTH < lat < MAP_NORTH:
            path.moveTo(to_map(-180.0, lat))
            path.lineTo(to_map(180.0, lat))
    return path


def load_world_geometry(geojson: Path) -> WorldGeometry:
    shapes = parse_countries(geojson.read_text(encoding="utf-8"))
    countries = {shape.iso_a3: country_path(shape) for shape in shapes}
    return WorldGeometry(countries, _frame_path(), _graticule_path())


@cache
def world_geometry() -> WorldGeometry:
    """The bundled world geometry, built once per process (~0.1 s)."""
    return load_world_geometry(paths.resource("world", "countries.geojson"))


__all__ = [
    "MAP_NORTH",
    "MAP_SOUTH",
    "CountryPath",
    "CountryShape",
    "WorldGeometry",
    "country_path",
    "interior_point",
    "load_world_geometry",
    "parse_countries",
    "robinson",
    "to_map",
    "world_geometry",
]
