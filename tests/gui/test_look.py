"""The application's look: stylesheet, status colours, icons, light/dark/high contrast."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from icati_desktop.gui import theme
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status, status_brush
from icati_desktop.gui.theme import LOOK, apply_look, colours_for, state, stylesheet
from icati_desktop.gui.theme_colours import COLOURS, STATUSES, Colours, Look, status_colour
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(autouse=True)
def plain_afterwards(qapp: QApplication) -> Iterator[None]:
    """Other tests read pixels: leave the application unstyled, as they expect."""
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyleSheet("")
    qapp.setPalette(palette)
    qapp.setStyle(style)
    state().look, state().colours = Look.SYSTEM, COLOURS[Look.LIGHT]
    QSettings().remove(LOOK.key)


@pytest.mark.parametrize("look", [Look.LIGHT, Look.DARK, Look.HIGH_CONTRAST])
def test_status_colours_are_readable_on_their_background(look: Look) -> None:
    colours: Colours = COLOURS[look]
    needed = 7.0 if look is Look.HIGH_CONTRAST else 4.5
    for status in STATUSES:
        for background in (colours.window, colours.base):
            ratio = contrast(status_colour(colours, status), background)
            assert ratio >= needed, (look, status, round(ratio, 2))
    assert contrast(colours.text, colours.base) >= needed
    assert contrast(colours.selection_text, colours.selection) >= needed


@pytest.mark.parametrize("look", [Look.LIGHT, Look.DARK, Look.HIGH_CONTRAST])
def test_the_stylesheet_fills_every_colour_and_qt_reads_it(
    qapp: QApplication, qtlog: object, look: Look
) -> None:
    sheet = stylesheet(COLOURS[look])
    assert "@" not in sheet
    apply_look(qapp, look)
    label = QLabel("x")
    label.ensurePolished()
    records = getattr(qtlog, "records")  # noqa: B009 — pytest-qt's fixture
    assert not [r.message for r in records if "stylesheet" in r.message.lower()]


def test_a_status_label_is_drawn_in_its_colour(qtbot: QtBot, qapp: QApplication) -> None:
    apply_look(qapp, Look.LIGHT)
    label = QLabel("████ overdue ████")
    qtbot.addWidget(label)
    set_status(label, "overdue")
    label.show()
    image = label.grab().toImage()
    colours = {image.pixelColor(x, image.height() // 2).name() for x in range(image.width())}
    assert COLOURS[Look.LIGHT].overdue in colours
    assert status_brush("conflict").color().name() == COLOURS[Look.LIGHT].conflict
    with pytest.raises(ValueError, match="unknown status"):
        set_status(label, "late")


def test_the_system_look_follows_light_or_dark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    assert colours_for(Look.SYSTEM) == COLOURS[Look.DARK]
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    assert colours_for(Look.SYSTEM) == COLOURS[Look.LIGHT]


def test_view_appearance_switches_the_look_live_and_keeps_it(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, qapp: QApplication
) -> None:
    window = MainWindow(make_services(lambda: open_or_create(tmp_path / "data", None)))
    qtbot.addWidget(window)
    window.show()
    assert window.look.menu.title() == "&Appearance"
    assert [a.text() for a in window.look.menu.actions()] == [
        "As the &system (light or dark)",
        "&Light",
        "&Dark",
        "&High contrast",
    ]
    home = window.navigation.item(0)

    def icon_colours() -> set[str]:
        image = home.icon().pixmap(24, 24).toImage()
        return {
            image.pixelColor(x, y).name()
            for x in range(24)
            for y in range(24)
            if image.pixelColor(x, y).alpha() > 200
        }

    window.look.actions[Look.LIGHT].trigger()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == COLOURS[Look.LIGHT].window
    assert COLOURS[Look.LIGHT].text in icon_colours()
    window.look.actions[Look.DARK].trigger()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == COLOURS[Look.DARK].window
    assert COLOURS[Look.DARK].text in icon_colours()  # the icons were painted again
    assert LOOK.get(QSettings()) == "dark"
    assert window.look.actions[Look.DARK].isChecked()
    assert all(
        not window.navigation.item(r).icon().isNull() for r in range(window.navigation.count())
    )
    assert not window.export_action.icon().isNull()
    button = window.home.export_button  # a page's main action follows the look too
    image = button.icon().pixmap(24, 24).toImage()
    opaque = {
        image.pixelColor(x, y).name()
        for x in range(24)
        for y in range(24)
        if image.pixelColor(x, y).alpha() > 200
    }
    assert COLOURS[Look.DARK].text in opaque
    assert window.navigation.item(0).data(Qt.ItemDataRole.DisplayRole) == "Home"


def test_a_closed_window_no_longer_hears_the_look_change(qtbot: QtBot, qapp: QApplication) -> None:
    """The look's signal lets go of a deleted window (a bare window: no database jobs)."""
    from PySide6.QtWidgets import QListWidget, QMainWindow

    from icati_desktop.gui.window_look import WindowLook

    class Bare(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.navigation = QListWidget()
            self.navigation.addItem("Home")
            self.setCentralWidget(self.navigation)
            view = self.menuBar().addMenu("View")
            self.language_menu = view.addMenu("Language")
            self.look = WindowLook(self, view)  # type: ignore[arg-type]

    window = Bare()
    window.look.actions[Look.DARK].trigger()
    assert COLOURS[Look.DARK] == state().colours
    window.deleteLater()
    qtbot.waitUntil(lambda: not _alive(window), timeout=10_000)
    apply_look(qapp, Look.LIGHT)  # must not reach the deleted window's navigation
    assert state().colours == COLOURS[Look.LIGHT]


def _alive(window: object) -> bool:
    from shiboken6 import isValid

    return bool(isValid(window))
