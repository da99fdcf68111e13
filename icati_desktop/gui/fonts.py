"""Register the bundled fonts so a bare machine never shows boxes for Arabic."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from icati_desktop import paths

log = logging.getLogger(__name__)

UI_FAMILIES = ["Noto Sans", "Noto Sans Arabic"]


def register_bundled_fonts(app: QApplication) -> list[str]:
    families: list[str] = []
    for path in sorted(paths.resource("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    font = QFont(app.font())
    font.setFamilies(UI_FAMILIES)
    app.setFont(font)
    return sorted(set(families))
