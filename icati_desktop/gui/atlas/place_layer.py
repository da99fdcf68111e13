"""Places recorded in self-assessments, drawn as pins over the Atlas map.

The layer holds the places (already labelled in the UI language by the caller), draws
them on top of the map and finds the pin under the pointer. It does not know the map's
projection: the map passes its own ``project(lon, lat)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

PIN = QColor("#b2182b")
"""A red that stands apart from the map's blue–green ramp (and is not a ramp step)."""
PIN_RADIUS = 5.0
HIT_RADIUS = 8.0

Project = Callable[[float, float], QPointF]


@dataclass(frozen=True)
class MapPlace:
    """One pin: where, what it is (a tooltip line), and the assessment that recorded it."""

    latitude: float
    longitude: float
    text: str
    assessment_id: str
    country: str


class PlaceLayer:
    def __init__(self) -> None:
        self.places: list[MapPlace] = []
        self.caption = ""

    def set_places(self, places: Sequence[MapPlace], caption: str) -> None:
        self.places = list(places)
        self.caption = caption

    def places_at(self, position: QPointF, project: Project) -> list[MapPlace]:
        """The pins within reach of ``position``, nearest first (pins at one spot together)."""
        near = []
        for place in self.places:
            spot = project(place.longitude, place.latitude)
            distance = math.dist((spot.x(), spot.y()), (position.x(), position.y()))
            if distance <= HIT_RADIUS:
                near.append((distance, place))
        return [place for _distance, place in sorted(near, key=lambda pair: pair[0])]

    def paint(
        self, painter: QPainter, bounds: QRectF, project: Project, right_to_left: bool
    ) -> None:
        if not self.places:
            return
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(PIN)
        for place in self.places:
            painter.drawEllipse(project(place.longitude, place.latitude), PIN_RADIUS, PIN_RADIUS)
        self._paint_caption(painter, bounds, right_to_left)

    def _paint_caption(self, painter: QPainter, bounds: QRectF, right_to_left: bool) -> None:
        """A one-line key in the top leading corner: a pin and what the pins are."""
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(self.caption) + 34
        height = metrics.height() + 10
        margin = 12.0
        left = bounds.right() - width - margin if right_to_left else bounds.left() + margin
        box = QRectF(left, bounds.top() + margin, width, height)
        painter.setPen(QPen(QColor(0, 0, 0, 40), 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box, 6, 6)
        pin_x = box.right() - 14 if right_to_left else box.left() + 14
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(PIN)
        painter.drawEllipse(QPointF(pin_x, box.center().y()), PIN_RADIUS, PIN_RADIUS)
        painter.setPen(QColor("#1d2b36"))
        text = box.adjusted(8, 0, -26, 0) if right_to_left else box.adjusted(26, 0, -8, 0)
        align = Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
        align |= Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
        painter.drawText(text, align, self.caption)


__all__ = ["MapPlace", "PlaceLayer"]
