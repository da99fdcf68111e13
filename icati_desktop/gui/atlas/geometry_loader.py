"""Build the world map's outlines on a background thread, so the first Atlas visit never freezes.

Parsing the bundled GeoJSON and turning ~250 countries into paths takes about a second on
a field laptop. :class:`GeometryLoader` does it on a short-lived thread (not the database
thread: it reads a bundled file, not the store) and hands the result back on the GUI
thread through a queued signal. ``QPainterPath`` is a value type, safe to build off the GUI
thread; nothing here touches a widget.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal, SignalInstance

from icati_desktop.gui.atlas.geometry import WorldGeometry, world_geometry

log = logging.getLogger(__name__)


class GeometryLoader(QObject):
    """Loads :func:`world_geometry` once, off the GUI thread; ``loaded`` carries it."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    def start(self) -> None:
        """Start loading (only the first call does anything)."""
        if self._started:
            return
        self._started = True
        threading.Thread(target=self._run, name="icati-atlas-geometry", daemon=True).start()

    def _run(self) -> None:
        try:
            geometry: WorldGeometry = world_geometry()
        except (OSError, ValueError) as exc:  # a damaged installation: say so, don't crash
            log.warning("the world map could not be read: %s", exc)
            self._emit(self.failed, str(exc))
            return
        self._emit(self.loaded, geometry)

    def _emit(self, signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the page was closed meanwhile: nobody is waiting
            log.debug("the Atlas closed before its map loaded")


__all__ = ["GeometryLoader"]
