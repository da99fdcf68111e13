"""Switch the UI language: gettext catalogs, Qt's own translations, locale and direction."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from icati_desktop.i18n import SUPPORTED_LANGUAGES, _, is_rtl, set_language

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "ar": "العربية",
}
"""Each supported language named in itself (never translated), in menu order."""

QT_LOCALES = {"ar": "ar_AE"}
"""Qt's locale per language where the bare language would differ from babel's.

Qt's ``ar`` writes Arabic-Indic digits (date fields, spin boxes) while babel — every other
date and number in the app, the PDFs and the CLI — writes Western digits for Arabic. The
United Arab Emirates' Arabic has the same month names and Western digits: one digit system
per language, everywhere."""

_installed: list[QTranslator] = []


def qt_locale(language: str) -> QLocale:
    """The ``QLocale`` the widgets use for ``language`` (see :data:`QT_LOCALES`)."""
    return QLocale(QT_LOCALES.get(language, language))


class GettextTranslator(QTranslator):
    """Answers Qt's ``translate()`` from the gettext catalogs (Designer forms, uic code).

    For a string the catalogs lack it returns None (a null QString), which makes Qt ask the
    next translator (qtbase) or keep the source text; an empty string would blank the text.
    """

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        text = _(source_text) if source_text else source_text  # Designer strings: no plurals
        if text == source_text:
            return None  # type: ignore[return-value]  # PySide6 maps None to a null QString
        return text

    def isEmpty(self) -> bool:
        return False


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
    if language != "en":
        ours = GettextTranslator(app)  # installed last, so asked first
        app.installTranslator(ours)
        _installed.append(ours)
    QLocale.setDefault(qt_locale(language))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight
    )
    return language
