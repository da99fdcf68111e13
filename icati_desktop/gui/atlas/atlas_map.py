"""The Atlas's map: the world map, coloured either by a count or by a category (country phase).

:class:`WorldMap` colours by a continuous value with a gradient legend. Country phases are
categories (1–4, each with a name), so this subclass gives each category a fixed colour —
phase 2 looks the same whichever phases are present — and paints a legend with one swatch
per category over the gradient one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from icati_desktop.gui.atlas.geometry import WorldGeometry
from icati_desktop.gui.atlas.legend import NO_DATA, TEXT, TITLE, ramp_colour
from icati_desktop.gui.atlas.world_map import Value, WorldMap
from icati_desktop.i18n import _


@dataclass(frozen=True)
class Category:
    value: int
    label: str
    colour: QColor


def category_colours(count: int) -> list[QColor]:
    """``count`` evenly spaced colours along the map's ramp (ordered, colour-blind safe)."""
    return [ramp_colour(0.15 + 0.85 * i / max(count - 1, 1)) for i in range(count)]


class AtlasMap(WorldMap):
    """A :class:`WorldMap` that can also colour by categories with a swatch legend."""

    def __init__(self, parent: QWidget | None = None, geometry: WorldGeometry | None = None):
        super().__init__(parent, geometry)
        self._categories: dict[int, Category] = {}
        self._category_title = ""

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
        if self._categories:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_category_legend(painter)
            painter.end()

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
