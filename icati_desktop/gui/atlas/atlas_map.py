"""The Atlas's map: the world map, coloured either by a count or by a category (country phase).

:class:`WorldMap` colours by a continuous value with a gradient legend. Country phases are
categories (1–4, each with a name), so this subclass gives each category a fixed colour —
phase 2 looks the same whichever phases are present — and paints a legend with one swatch
per category over the gradient one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from icati_desktop.gui.atlas.geometry import WorldGeometry
from icati_desktop.gui.atlas.legend import NO_DATA, TEXT, TITLE, ramp_colour
from icati_desktop.gui.atlas.place_layer import MapPlace, PlaceLayer
from icati_desktop.gui.atlas.world_map import Value, WorldMap
from icati_desktop.i18n import _, format_number, ngettext


@dataclass(frozen=True)
class Category:
    value: int
    label: str
    colour: QColor


def category_colours(count: int) -> list[QColor]:
    """``count`` evenly spaced colours along the map's ramp (ordered, colour-blind safe)."""
    return [ramp_colour(0.15 + 0.85 * i / max(count - 1, 1)) for i in range(count)]


class AtlasMap(WorldMap):
    """A :class:`WorldMap` that can also colour by categories with a swatch legend, and
    show the places assessments recorded as pins (a click on one opens its assessment)."""

    placeClicked = Signal(str)
    """A pin was clicked: the id of the assessment that recorded the place."""

    def __init__(self, parent: QWidget | None = None, geometry: WorldGeometry | None = None):
        super().__init__(parent, geometry)
        self._categories: dict[int, Category] = {}
        self._category_title = ""
        self._places = PlaceLayer()

    def set_places(self, places: Sequence[MapPlace], caption: str) -> None:
        """Pins for ``places`` (none: no pins and no key); ``caption`` names them in the key."""
        self._places.set_places(places, caption)
        self.update()

    def places(self) -> list[MapPlace]:
        return list(self._places.places)

    def places_at(self, position: QPointF) -> list[MapPlace]:
        return self._places.places_at(position, self.project)

    def tooltip_text(self, iso_a3: str) -> str:
        text = super().tooltip_text(iso_a3)
        count = sum(1 for place in self._places.places if place.country == iso_a3)
        if count:
            text += "\n" + ngettext(
                "{n} place recorded in assessments", "{n} places recorded in assessments", count
            ).format(n=format_number(count))
        return text

    def set_categories(
        self, values: Mapping[str, int], title: str, categories: Sequence[Category]
    ) -> None:
        """Colour each country by its category's fixed colour; the legend lists every category."""
        labels = {category.value: category.label for category in categories}
        self.set_values(values, title, lambda value: labels.get(int(value), str(value)))
        # After set_values (which leaves category mode); the map repaints on the next event.
        self._categories = {category.value: category for category in categories}
        self._category_title = title

    def set_values(
        self,
        values: Mapping[str, Value],
        legend_title: str,
        formatter: Callable[[Value], str] | None = None,
    ) -> None:
        """Colour by a continuous value with the gradient legend (leaves category mode)."""
        self._categories = {}
        super().set_values(values, legend_title, formatter)

    def categories(self) -> list[Category]:
        return list(self._categories.values())

    def colour_for(self, iso_a3: str) -> QColor:
        if not self._categories:
            return super().colour_for(iso_a3)
        value = self.values().get(iso_a3)
        category = None if value is None else self._categories.get(int(value))
        return NO_DATA if category is None else category.colour

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._categories:
            self._paint_category_legend(painter)
        self._places.paint(painter, QRectF(self.rect()), self.project, self.isRightToLeft())
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            here = self.places_at(event.position())
            if here:
                tip = "\n".join(place.text for place in here)
                QToolTip.showText(event.globalPosition().toPoint(), tip, self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed = self._press is not None and not self._dragged
        if event.button() == Qt.MouseButton.LeftButton and pressed:
            here = self.places_at(event.position())
            if here:
                self._press, self._dragged = None, False
                self.placeClicked.emit(here[0].assessment_id)
                return
        super().mouseReleaseEvent(event)

    def _paint_category_legend(self, painter: QPainter) -> None:
        """Title, one swatch per category and "No data", in the bottom leading corner."""
        metrics = painter.fontMetrics()
        line = metrics.height() + 4
        title_font = QFont(painter.font())
        title_font.setBold(True)
        rows = [(c.colour, c.label) for c in self._categories.values()] + [(NO_DATA, _("No data"))]
        text_width = max(metrics.horizontalAdvance(text) for _colour, text in rows) + 22
        title_width = QFontMetricsF(title_font).horizontalAdvance(self._category_title)
        width = max(170.0, text_width, title_width) + 20
        height = line * (len(rows) + 1) + 14
        margin, rtl = 12.0, self.isRightToLeft()
        left = self.width() - width - margin if rtl else margin
        box = QRectF(left, self.height() - height - margin, width, height)
        painter.setPen(QPen(QColor(0, 0, 0, 40), 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box, 6, 6)
        inner = box.adjusted(10, 7, -10, -7)
        # AlignAbsolute: the box is already placed for the direction; Qt must not mirror again.
        leading = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        leading |= Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
        body_font = QFont(painter.font())
        painter.setFont(title_font)
        painter.setPen(TITLE)
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), line), leading, self._category_title
        )
        painter.setFont(body_font)
        for index, (colour, text) in enumerate(rows, start=1):
            row = QRectF(inner.left(), inner.top() + index * line, inner.width(), line)
            swatch_left = row.right() - 14 if rtl else row.left()
            painter.setPen(QPen(QColor(0, 0, 0, 50), 1))
            painter.setBrush(colour)
            painter.drawRect(QRectF(swatch_left, row.top() + (line - 10) / 2, 14, 10))
            painter.setPen(TEXT)
            label = row.adjusted(0, 0, -22, 0) if rtl else row.adjusted(22, 0, 0, 0)
            painter.drawText(label, leading, text)


__all__ = ["AtlasMap", "Category", "category_colours"]
