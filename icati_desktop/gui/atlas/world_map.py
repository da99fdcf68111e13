"""A choropleth world map: countries coloured by a value, with hover, click and keyboard access.

The widget knows nothing about initiatives or phases: the caller passes a value per alpha-3
code (:meth:`WorldMap.set_values`) and the translated country names
(:meth:`WorldMap.set_names`), and listens to :attr:`WorldMap.countryClicked`.

The map is drawn once into a cached pixmap (invalidated on resize, zoom, pan or new values);
hovering only repaints the highlight and the legend on top. The map never mirrors in a
right-to-left layout; only the legend moves to the leading corner.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from icati_desktop.gui.atlas.geometry import WorldGeometry, to_map, world_geometry
from icati_desktop.gui.atlas.legend import NO_DATA, LegendBox, as_value, ramp_colour
from icati_desktop.i18n import _, format_number

Value = float | int

BACKGROUND = QColor("#f5f7f9")
OCEAN = QColor("#dce9f2")
GRATICULE = QColor("#c9dbe8")
BORDER = QColor("#ffffff")
HOVER_BORDER = QColor("#1d2b36")
CHOSEN_BORDER = QColor("#d0421b")
"""The country whose initiatives are listed: an outline that reads on every ramp colour."""
MAX_ZOOM = 12.0
DOT_BELOW_PX = 4.0
"""Countries smaller than this on screen that have a value are drawn as a dot, so they show."""


class WorldMap(QWidget):
    """A world map coloured by one value per country (ISO 3166-1 alpha-3)."""

    countryClicked = Signal(str)
    """A country was clicked, or Enter was pressed on the keyboard's current country."""
    currentCountryChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, geometry: WorldGeometry | None = None):
        super().__init__(parent)
        self._geometry = geometry or world_geometry()
        self._names: dict[str, str] = {}
        self._values: dict[str, Value] = {}
        self._title = ""
        self._format: Callable[[Value], str] = format_number
        self._range = (0.0, 1.0)
        self._hovered: str | None = None
        self._current: str | None = None
        self._chosen: str | None = None
        self._zoom = 1.0
        self._center = self._geometry.bounds.center()
        self._base: QPixmap | None = None
        self._dots: list[tuple[str, QPointF]] | None = None
        self._press: QPointF | None = None
        self._dragged = False
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAccessibleName(_("World map"))
        self._describe()

    # --- data -------------------------------------------------------------------------------

    def set_names(self, names: Mapping[str, str]) -> None:
        """Display names by alpha-3 (translated by the caller); others fall back to English."""
        self._names = dict(names)
        self._describe()

    def set_values(
        self,
        values: Mapping[str, Value],
        legend_title: str,
        formatter: Callable[[Value], str] | None = None,
    ) -> None:
        """Colour each country by its value; countries not in ``values`` are shown as no data."""
        self._values = dict(values)
        self._title = legend_title
        self._format = formatter or format_number
        numbers = [float(v) for v in self._values.values()]
        self._range = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        self._invalidate()
        self._describe()

    def values(self) -> dict[str, Value]:
        return dict(self._values)

    def name(self, iso_a3: str) -> str:
        if iso_a3 in self._names:
            return self._names[iso_a3]
        country = self._geometry.countries.get(iso_a3)
        return country.name if country else iso_a3

    def table_rows(self) -> list[tuple[str, str, Value]]:
        """The values as (alpha-3, name, value) rows sorted by name: the map's data as a table."""
        rows = [(code, self.name(code), value) for code, value in self._values.items()]
        return sorted(rows, key=lambda row: (row[1].casefold(), row[0]))

    def colour_for(self, iso_a3: str) -> QColor:
        value = self._values.get(iso_a3)
        if value is None:
            return NO_DATA
        low, high = self._range
        return ramp_colour((float(value) - low) / (high - low) if high > low else 1.0)

    def tooltip_text(self, iso_a3: str) -> str:
        value = self._values.get(iso_a3)
        shown = _("No data") if value is None else self._format(value)
        label = self._title or _("Value")
        return f"{self.name(iso_a3)}\n{label}: {shown}"

    def chosen_country(self) -> str | None:
        return self._chosen

    def set_chosen_country(self, iso_a3: str | None) -> None:
        """Outline the country the page is showing (``None``: no country chosen)."""
        if iso_a3 != self._chosen:
            self._chosen = iso_a3 if iso_a3 in self._geometry.countries else None
            self.update()

    def legend(self) -> LegendBox:
        """The legend as painted: one swatch and value when every country has the same."""
        low, high = self._range
        low_text = self._format(as_value(low))
        if low == high:
            return LegendBox(self._title, low_text, None)
        return LegendBox(self._title, low_text, self._format(as_value(high)))

    # --- projection and hit testing -----------------------------------------------------------

    def map_transform(self) -> QTransform:
        """Map coordinates → widget coordinates: fit with aspect kept, then zoom and pan."""
        bounds = self._geometry.bounds
        fit = min(self.width() / bounds.width(), self.height() / bounds.height()) * 0.97
        scale = fit * self._zoom
        transform = QTransform()
        transform.translate(self.width() / 2, self.height() / 2)
        transform.scale(scale, scale)
        transform.translate(-self._center.x(), -self._center.y())
        return transform

    def project(self, lon: float, lat: float) -> QPointF:
        """Widget position of a longitude/latitude."""
        return self.map_transform().map(to_map(lon, lat))

    def country_anchor(self, iso_a3: str) -> QPoint:
        """A widget position inside the country (its largest part)."""
        anchor = self._geometry.countries[iso_a3].anchor
        return self.map_transform().map(anchor).toPoint()

    def country_at(self, position: QPointF | QPoint) -> str | None:
        point = QPointF(position)
        for code, centre in self._small_countries():
            if math.dist((centre.x(), centre.y()), (point.x(), point.y())) <= DOT_BELOW_PX:
                return code
        inverse, _invertible = self.map_transform().inverted()
        target = inverse.map(point)
        for code, country in self._geometry.countries.items():
            if country.bounds.contains(target) and country.path.contains(target):
                return code
        return None

    # --- current country (keyboard) -----------------------------------------------------------

    def current_country(self) -> str | None:
        return self._current

    def set_current_country(self, iso_a3: str | None, *, show_tip: bool = False) -> None:
        if iso_a3 is not None and iso_a3 not in self._geometry.countries:
            raise KeyError(iso_a3)
        if iso_a3 == self._current:
            return
        self._current = iso_a3
        self.update()
        self._describe()
        if iso_a3 is not None:
            self.currentCountryChanged.emit(iso_a3)
            if show_tip:
                tip_at = self.mapToGlobal(self.country_anchor(iso_a3))
                QToolTip.showText(tip_at, self.tooltip_text(iso_a3), self)

    def _alphabetical(self) -> list[str]:
        codes = self._geometry.countries
        return sorted(codes, key=lambda code: (self.name(code).casefold(), code))

    def _step_alphabetical(self, step: int) -> str:
        order = self._alphabetical()
        if self._current not in order:
            return order[0] if step > 0 else order[-1]
        return order[(order.index(self._current) + step) % len(order)]

    def _neighbour(self, dx: int, dy: int) -> str | None:
        """The nearest country in a direction (screen axes), favouring the straight line."""
        if self._current is None:
            return self._step_alphabetical(1)
        origin = self._geometry.countries[self._current].anchor
        best, best_score = None, math.inf
        for code, country in self._geometry.countries.items():
            offset = country.anchor - origin
            along = offset.x() * dx + offset.y() * dy
            across = abs(offset.x() * dy - offset.y() * dx)
            if code == self._current or along <= 1e-6 or across > 2 * along:
                continue
            score = along + 2.5 * across
            if score < best_score:
                best, best_score = code, score
        return best

    def _describe(self) -> None:
        parts = [_("Arrow keys move between countries; Enter opens the selected one.")]
        if self._title:
            parts.insert(0, self._title)
        if self._current is not None:
            parts.insert(0, self.tooltip_text(self._current).replace("\n", ", "))
        self.setAccessibleDescription(" ".join(parts))
        if QAccessible.isActive():
            event = QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            QAccessible.updateAccessibility(event)

    # --- events ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(960, 500)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        directions = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        target: str | None = None
        if key in directions:
            target = self._neighbour(*directions[key])
        elif key == Qt.Key.Key_PageDown:
            target = self._step_alphabetical(1)
        elif key == Qt.Key.Key_PageUp:
            target = self._step_alphabetical(-1)
        elif key == Qt.Key.Key_Home:
            target = self._alphabetical()[0]
        elif key == Qt.Key.Key_End:
            target = self._alphabetical()[-1]
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._current is not None:
                self.countryClicked.emit(self._current)
            return
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0):
            factor = 1 / 1.5 if key == Qt.Key.Key_Minus else 0.0 if key == Qt.Key.Key_0 else 1.5
            self._zoom_by(factor, QPointF(self.width() / 2, self.height() / 2))
            return
        elif event.text().strip() and event.text().isprintable():
            target = self._type_ahead(event.text())
        else:
            super().keyPressEvent(event)
            return
        if target is not None:
            self.set_current_country(target, show_tip=True)

    def _type_ahead(self, text: str) -> str | None:
        """The next country (after the current one) whose name starts with ``text``."""
        order = self._alphabetical()
        start = order.index(self._current) + 1 if self._current in order else 0
        for code in order[start:] + order[:start]:
            if self.name(code).casefold().startswith(text.casefold()):
                return code
        return None

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._current is None:
            with_data = sorted(self._values, key=lambda c: self.name(c).casefold())
            first = next((c for c in with_data if c in self._geometry.countries), None)
            self.set_current_country(first or self._alphabetical()[0])
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragged = event.position(), False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = position - self._press
            if self._dragged or delta.manhattanLength() >= QApplication.startDragDistance():
                self._dragged = True
                scale = self.map_transform().m11()
                self._center -= delta / scale
                self._press = position
                self._clamp_and_invalidate()
                return
        hovered = self.country_at(position)
        if hovered != self._hovered:
            self._hovered = hovered
            self.update()
            if hovered is None:
                QToolTip.hideText()
            else:
                tip_at = event.globalPosition().toPoint()
                QToolTip.showText(tip_at, self.tooltip_text(hovered), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            clicked = None if self._dragged else self.country_at(event.position())
            self._press, self._dragged = None, False
            if clicked is not None:
                self.set_current_country(clicked)
                self.countryClicked.emit(clicked)
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = None
        QToolTip.hideText()
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self._zoom_by(1.25**steps, event.position())
        event.accept()

    def _zoom_by(self, factor: float, anchor: QPointF) -> None:
        """Zoom keeping the map point under ``anchor`` still; a factor of 0 resets."""
        inverse, _invertible = self.map_transform().inverted()
        before = inverse.map(anchor)
        self._zoom = 1.0 if factor == 0 else max(1.0, min(MAX_ZOOM, self._zoom * factor))
        inverse, _invertible = self.map_transform().inverted()
        self._center += before - inverse.map(anchor)
        self._clamp_and_invalidate()

    def _clamp_and_invalidate(self) -> None:
        bounds = self._geometry.bounds
        x = min(max(self._center.x(), bounds.left()), bounds.right())
        y = min(max(self._center.y(), bounds.top()), bounds.bottom())
        self._center = bounds.center() if self._zoom == 1.0 else QPointF(x, y)
        self._invalidate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._invalidate()
        super().resizeEvent(event)

    def _invalidate(self) -> None:
        self._base = None
        self._dots = None
        self.update()

    def _small_countries(self) -> list[tuple[str, QPointF]]:
        """Countries with a value that are too small to see: (code, widget position of the dot)."""
        if self._dots is None:
            transform = self.map_transform()
            self._dots = []
            for code in self._values:
                country = self._geometry.countries.get(code)
                if country is None:
                    continue
                on_screen = transform.mapRect(country.bounds)
                if max(on_screen.width(), on_screen.height()) < DOT_BELOW_PX:
                    self._dots.append((code, transform.map(country.anchor)))
        return self._dots

    # --- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._base is None or self._base.deviceIndependentSize() != self.size():
            self._base = self._render_base()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self.map_transform()
        for code, pen in (
            (self._chosen, QPen(CHOSEN_BORDER, 2.6)),
            (self._current if self.hasFocus() else None, self._focus_pen()),
            (self._hovered, QPen(HOVER_BORDER, 1.6)),
        ):
            if code is not None:
                country = self._geometry.countries[code]
                painter.setPen(pen)
                painter.setBrush(self.colour_for(code).darker(112))
                painter.drawPath(transform.map(country.path))
        if self._values:
            self.legend().paint(painter, QRectF(self.rect()), right_to_left=self.isRightToLeft())
        painter.end()

    def _focus_pen(self) -> QPen:
        pen = QPen(self.palette().highlight().color(), 2.2)
        pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def _render_base(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(BACKGROUND)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self.map_transform()
        painter.setTransform(transform)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(OCEAN)
        painter.drawPath(self._geometry.frame)
        painter.setPen(QPen(GRATICULE, 0.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._geometry.graticule)
        border = QPen(BORDER, 0.6)
        border.setCosmetic(True)
        painter.setPen(border)
        for code, country in self._geometry.countries.items():
            painter.setBrush(self.colour_for(code))
            painter.drawPath(country.path)
        painter.resetTransform()
        painter.setPen(QPen(HOVER_BORDER, 0.8))
        for code, centre in self._small_countries():
            painter.setBrush(self.colour_for(code))
            painter.drawEllipse(centre, DOT_BELOW_PX / 1.4, DOT_BELOW_PX / 1.4)
        painter.setPen(QPen(GRATICULE.darker(115), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(transform.map(self._geometry.frame))
        painter.end()
        return pixmap


__all__ = ["WorldMap"]
