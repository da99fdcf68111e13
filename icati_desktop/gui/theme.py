"""The application's look: the stylesheet in ``ui/style.qss`` in light, dark or high contrast.

``apply_look`` sets Qt's Fusion style (the same on every system, so the stylesheet draws
the same everywhere), a palette and the stylesheet with the chosen colours, and remembers
which colours are in force for the icons (:mod:`icati_desktop.gui.icons`). With
:attr:`Look.SYSTEM` it follows the operating system's light or dark setting, live.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from icati_desktop.gui.settings import TextOption
from icati_desktop.gui.theme_colours import COLOURS, LIGHT, Colours, Look
from icati_desktop.paths import ui_dir

LOOK = TextOption("ui/look", Look.SYSTEM.value)
TOKEN = re.compile(r"@([a-z_]+)")


class _State(QObject):
    changed = Signal()
    """The colours in force changed (icons repaint on it)."""

    def __init__(self) -> None:
        super().__init__()
        self.look = Look.SYSTEM
        self.colours: Colours = LIGHT


_state: _State | None = None


def state() -> _State:
    global _state
    if _state is None:
        _state = _State()
    return _state


def current_colours() -> Colours:
    return state().colours


def chosen_look(settings: QSettings) -> Look:
    value = LOOK.get(settings)
    return Look(value) if value in Look._value2member_map_ else Look.SYSTEM


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def colours_for(look: Look) -> Colours:
    if look is Look.SYSTEM:
        return COLOURS[Look.DARK] if system_is_dark() else COLOURS[Look.LIGHT]
    return COLOURS[look]


@cache
def _template() -> str:
    return (ui_dir() / "style.qss").read_text(encoding="utf-8")


def stylesheet(colours: Colours) -> str:
    """``ui/style.qss`` with its ``@name`` tokens replaced by these colours."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "border_width":
            return f"{colours.border_width}px"
        found = getattr(colours, name, None)
        if not isinstance(found, str):
            raise KeyError(f"ui/style.qss uses @{name}, which no look defines")
        return found

    return TOKEN.sub(value, _template())


def palette(colours: Colours) -> QPalette:
    """A Fusion palette in these colours, for what the stylesheet does not reach."""
    role = QPalette.ColorRole
    result = QPalette()
    for roles, colour in (
        ((role.Window, role.Button), colours.window),
        ((role.Base,), colours.base),
        ((role.AlternateBase,), colours.alternate),
        ((role.WindowText, role.Text, role.ButtonText, role.ToolTipText), colours.text),
        ((role.PlaceholderText,), colours.muted),
        ((role.Highlight,), colours.selection),
        ((role.HighlightedText,), colours.selection_text),
        ((role.Link,), colours.accent),
        ((role.ToolTipBase,), colours.base),
        ((role.Mid, role.Dark), colours.border),
    ):
        for each in roles:
            result.setColor(each, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for each in (role.WindowText, role.Text, role.ButtonText):
        result.setColor(disabled, each, QColor(colours.muted))
    return result


def apply_look(app: QApplication, look: Look) -> Colours:
    """Style the whole application in ``look``; returns the colours in force."""
    current = state()
    if current.look is Look.SYSTEM and look is not Look.SYSTEM:
        _disconnect_system(app)
    current.look = look
    colours = colours_for(look)
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(palette(colours))
    app.setStyleSheet(stylesheet(colours))
    if look is Look.SYSTEM:
        _follow_system(app)
    if colours != current.colours:
        current.colours = colours
        current.changed.emit()
    return colours


_following: list[QApplication] = []


def _follow_system(app: QApplication) -> None:
    if app not in _following:
        QGuiApplication.styleHints().colorSchemeChanged.connect(_system_changed)
        _following.append(app)


def _disconnect_system(app: QApplication) -> None:
    if app in _following:
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(_system_changed)
        _following.remove(app)


def _system_changed(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and state().look is Look.SYSTEM:
        apply_look(app, Look.SYSTEM)


__all__ = [
    "LOOK",
    "apply_look",
    "chosen_look",
    "colours_for",
    "current_colours",
    "palette",
    "state",
    "stylesheet",
    "system_is_dark",
]
