"""Register the bundled fonts so a bare machine never shows boxes for Arabic.

The registration itself lives in :mod:`icati_desktop.reports.qt_fonts` (QtGui only), so
PDF reports typeset without widgets get the same fonts; this module makes them the
application's font.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from icati_desktop.reports import qt_fonts

UI_FAMILIES = qt_fonts.UI_FAMILIES


def register_bundled_fonts(app: QApplication) -> list[str]:
    """Register the bundled fonts and make them the app's font; the families registered."""
    families = qt_fonts.register_bundled_fonts()
    app.setFont(qt_fonts.bundled_font(base=app.font()))
    return list(families)
