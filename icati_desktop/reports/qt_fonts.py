"""Register the bundled Noto fonts with Qt, for the GUI and for PDF reports alike.

A bare machine may have no Arabic face, and Qt then draws boxes; registering the fonts in
``resources/fonts/`` makes them available to every QFont of the process. Only QtGui is
used, so the PDF report (which has a QGuiApplication but no widgets) registers them the
same way the GUI does. Registration needs a Q(Gui)Application to exist already.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from icati_desktop import paths

log = logging.getLogger(__name__)

UI_FAMILIES = ["Noto Sans", "Noto Sans Arabic"]
"""The families to ask for, in order: Latin text from Noto Sans, Arabic from its sibling."""


@cache
def register_bundled_fonts() -> tuple[str, ...]:
    """Add every ``resources/fonts/*.ttf`` to Qt once per process; the families added.

    Cached because Qt would register the same file again on every call.
    """
    families: set[str] = set()
    for path in sorted(paths.resource("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return tuple(sorted(families))


def bundled_font(point_size: float | None = None, base: QFont | None = None) -> QFont:
    """``base`` (or a default font) asking for the bundled families, registered first."""
    register_bundled_fonts()
    font = QFont(base) if base is not None else QFont()
    font.setFamilies(UI_FAMILIES)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font


__all__ = ["UI_FAMILIES", "bundled_font", "register_bundled_fonts"]
