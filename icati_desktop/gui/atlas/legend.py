"""The Atlas map's colour scale and its legend box."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen

from icati_desktop.i18n import _

NO_DATA = QColor("#dcdad5")
"""Land without a value: a warm light grey, distinct from the ramp's palest yellow."""
RAMP = [
    QColor(c) for c in ("#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
]
"""ColorBrewer YlGnBu: sequential, colour-blind safe, still ordered when printed in grey."""
TEXT = QColor("#3b4a55")
TITLE = QColor("#1d2b36")


def ramp_colour(fraction: float) -> QColor:
    """The colour at ``fraction`` (0…1) along :data:`RAMP`, interpolated in RGB."""
    position = max(0.0, min(1.0, fraction)) * (len(RAMP) - 1)
    index = min(int(position), len(RAMP) - 2)
    t = position - index
    a, b = RAMP[index], RAMP[index + 1]
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def as_value(number: float) -> float | int:
    """Whole numbers as ``int`` so a legend of counts reads 3, not 3.0."""
    return int(number) if float(number).is_integer() else number


@dataclass(frozen=True)
class LegendBox:
    """Title, gradient bar with its low and high labels, and a "No data" swatch.

    Without ``high_text`` (every country has the same value) the bar is one swatch of the
    ramp's strongest colour labelled with that value: a gradient from 1 to 1 says nothing.
    """

    title: str
    low_text: str
    high_text: str | None
    margin: float = 12.0

    def paint(self, painter: QPainter, area: QRectF, *, right_to_left: bool) -> None:
        """Paint in the bottom leading corner of ``area`` (bottom-right when right-to-left)."""
        painter.save()
        metrics = painter.fontMetrics()
        line = metrics.height()
        no_data = _("No data")
        title_font = QFont(painter.font())
        title_font.setBold(True)
        title_width = QFontMetricsF(title_font).horizontalAdvance(self.title)
        width = max(150.0, title_width, metrics.horizontalAdvance(no_data) + 24.0) + 20
        height = line * 3 + 36.0
        left = area.right() - width - self.margin if right_to_left else area.left() + self.margin
        box = QRectF(left, area.bottom() - height - self.margin, width, height)
        painter.setPen(QPen(QColor(0, 0, 0, 40), 1))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 6, 6)
        inner = box.adjusted(10, 6, -10, -6)
        # AlignAbsolute: in a right-to-left layout Qt would otherwise mirror these again.
        side = Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
        leading = side | Qt.AlignmentFlag.AlignAbsolute

        body_font = QFont(painter.font())
        painter.setFont(title_font)
        painter.setPen(TITLE)
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), line), leading, self.title
        )
        painter.setFont(body_font)

        # The scale runs low → high from left to right in every language, like the map.
        bar = QRectF(inner.left(), inner.top() + line + 4, inner.width(), 10)
        labels = QRectF(bar.left(), bar.bottom() + 2, bar.width(), line)
        absolute = Qt.AlignmentFlag.AlignAbsolute
        painter.setPen(Qt.PenStyle.NoPen)
        if self.high_text is None:
            swatch_left = bar.right() - 28 if right_to_left else bar.left()
            painter.setBrush(ramp_colour(1.0))
            painter.drawRect(QRectF(swatch_left, bar.top(), 28, bar.height()))
            painter.setPen(TEXT)
            painter.drawText(labels, leading, self.low_text)
        else:
            gradient = QLinearGradient(bar.topLeft(), bar.topRight())
            for index, colour in enumerate(RAMP):
                gradient.setColorAt(index / (len(RAMP) - 1), colour)
            painter.setBrush(gradient)
            painter.drawRect(bar)
            painter.setPen(TEXT)
            painter.drawText(labels, Qt.AlignmentFlag.AlignLeft | absolute, self.low_text)
            painter.drawText(labels, Qt.AlignmentFlag.AlignRight | absolute, self.high_text)

        row = QRectF(inner.left(), labels.bottom() + 6, inner.width(), line)
        swatch_left = row.right() - 14 if right_to_left else row.left()
        painter.setBrush(NO_DATA)
        painter.setPen(QPen(QColor(0, 0, 0, 50), 1))
        painter.drawRect(QRectF(swatch_left, row.top() + (line - 10) / 2, 14, 10))
        painter.setPen(TEXT)
        text = row.adjusted(0, 0, -20, 0) if right_to_left else row.adjusted(20, 0, 0, 0)
        painter.drawText(text, leading, no_data)
        painter.restore()


__all__ = ["NO_DATA", "RAMP", "LegendBox", "as_value", "ramp_colour"]
