"""View > Language switches the whole window live: texts, Qt's own strings, locale, direction."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QFile, QLocale, QSettings, Qt
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from icati_desktop.gui.language import apply_language
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LANGUAGE
from icati_desktop.i18n import current_language
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    apply_language(qapp, "en")


def open_window(qtbot: QtBot, make_services: ServicesFactory, data_dir: Path) -> MainWindow:
    window = MainWindow(make_services(lambda: open_or_create(data_dir, None)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
    qtbot.waitUntil(lambda: bool(window.sync_state.text()), timeout=10_000)
    return window


def choose(window: MainWindow, language: str) -> None:
    """What clicking View > Language > <language> does."""
    action = window.language_actions[language]
    assert action in window.language_menu.actions()
    action.trigger()


def navigation_texts(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def section_title(window: MainWindow, page: object) -> str:
    row = next(i for i, (_title, widget) in enumerate(window.sections) if widget is page)
    return window.navigation.item(row).text()


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_the_language_menu_names_each_language_in_itself(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    names = [action.text() for action in window.language_menu.actions()]
    assert names == ["English", "Français", "Español", "Português", "العربية"]
    assert window.language_actions["en"].isChecked()
    assert window.view_menu.menuAction() in window.menuBar().actions()


def test_arabic_lays_the_window_out_right_to_left_and_english_restores_it(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, qapp: QApplication
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    window.show()
    qtbot.waitExposed(window)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight

    choose(window, "ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    assert window.home.isRightToLeft()
    assert current_language() == "ar"
    assert QLocale().language() == QLocale.Language.Arabic
    assert window.windowTitle() == "ICATI Desktop"
    assert section_title(window, window.home) == "الرئيسية"
    assert section_title(window, window.sync_page) == "المزامنة"
    for text in navigation_texts(window) + menu_titles(window):
        assert ARABIC.search(text), text
        assert not LATIN.search(text), text
    assert "&ملف" in menu_titles(window)
    assert window.home.export_button.text() == "&تصدير حزمة…"
    assert window.sync_page.history.horizontalHeaderItem(0).text() == "التاريخ"
    assert window.language_actions["ar"].isChecked()
    assert ARABIC.search(QCoreApplication.translate("QPlatformTheme", "Cancel"))
    qtbot.waitUntil(lambda: "المقر" in window.sync_state.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "جهاز ميداني" in window.home.device_label.text(), timeout=10_000)

    choose(window, "en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not window.isRightToLeft()
    assert section_title(window, window.home) == "Home"
    assert section_title(window, window.sync_page) == "Sync"
    assert menu_titles(window)[:4] == ["&File", "&Edit", "&View", "&Help"]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    qtbot.waitUntil(lambda: "identity card" in window.sync_state.text(), timeout=10_000)


def test_french_shows_french_texts(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    choose(window, "fr")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert section_title(window, window.home) == "Accueil"
    assert section_title(window, window.sync_page) == "Synchronisation"
    assert menu_titles(window)[:4] == ["&Fichier", "&Édition", "&Affichage", "Aid&e"]
    assert window.language_menu.title() == "&Langue"
    assert window.home.store_box.title() == "Ce poste"
    qtbot.waitUntil(lambda: "siège" in window.sync_state.text(), timeout=10_000)
    counts = window.home.counts
    labels = {counts.item(row, 0).text() for row in range(counts.rowCount())}
    assert "Pays" in labels


def test_the_choice_is_kept_for_the_next_start(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, qapp: QApplication
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    choose(window, "ar")
    assert LANGUAGE.get(QSettings()) == "ar"
    window.close()
    # app.main applies the saved language before it builds the window
    apply_language(qapp, LANGUAGE.get(QSettings()))
    again = open_window(qtbot, make_services, tmp_path / "data")
    assert again.language_actions["ar"].isChecked()
    assert again.isRightToLeft()
    assert section_title(again, again.home) == "الرئيسية"
    choose(again, "fr")
    assert LANGUAGE.get(QSettings()) == "fr"


def test_designer_forms_are_translated_from_the_same_catalogs(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_language(qapp, "fr")
    form = QFile(str(Path(__file__).parents[1] / "data" / "ui" / "sample_form.ui"))
    assert form.open(QFile.OpenModeFlag.ReadOnly)
    widget = QUiLoader().load(form)
    form.close()
    qtbot.addWidget(widget)
    assert widget.windowTitle() == "Aperçu de l’importation"
    button = widget.findChild(QPushButton, "applyButton")
    assert button is not None
    assert button.text() == "Appliquer"
    # strings our catalogs lack fall through to Qt's own translation, then to the source
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    assert QCoreApplication.translate("SampleForm", "Not in any catalog") == "Not in any catalog"


def test_arabic_dates_use_the_digits_of_the_rest_of_the_app(qapp: QApplication) -> None:
    from datetime import date

    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    from icati_desktop.i18n import format_date, format_number

    apply_language(qapp, "ar")
    edit = QDateEdit(QDate(2026, 3, 14))
    shown = edit.text()
    assert "14" in shown, shown  # not ١٤
    assert "2026" in shown, shown
    assert "2026" in format_date(date(2026, 3, 14))
    assert format_number(1234) == "1,234"
    assert QLocale().toString(QDate(2026, 3, 14), QLocale.FormatType.LongFormat).count("مارس") == 1
