"""Switch the UI language: gettext catalogs, Qt's own translations, locale and direction."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from icati_desktop.i18n import SUPPORTED_LANGUAGES, is_rtl, set_language

_installed: list[QTranslator] = []


def apply_language(app: QApplication, language: str) -> str:
    """Apply ``language`` (falling back to English); returns the language in force."""
    if language not in SUPPORTED_LANGUAGES:
        language = "en"
    set_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt_translator.load(f"qtbase_{language}", path):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    QLocale.setDefault(QLocale(language))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight
    )
    return language
