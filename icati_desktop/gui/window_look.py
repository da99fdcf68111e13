"""The main window's icons and its View > Appearance menu.

Section icons are named in the table of sections (:data:`icati_desktop.gui.sections.SECTIONS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QSize, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from icati_desktop.gui.icons import icon
from icati_desktop.gui.sections import SECTIONS
from icati_desktop.gui.theme import LOOK, apply_look, chosen_look, state
from icati_desktop.gui.theme_colours import Look
from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.gui.main_window import MainWindow

ACTION_ICONS = {
    "export_action": "upload",
    "import_action": "download",
    "import_form_action": "file-input",
    "export_form_action": "file-spreadsheet",
    "audit_action": "history",
    "passphrase_action": "key-round",
    "central_action": "database",
    "quit_action": "log-out",
    "about_action": "info",
    "search_action": "search",
}
"""Main window actions (attribute names) and their icons."""


def look_names() -> dict[Look, str]:
    return {
        Look.SYSTEM: _("As the &system (light or dark)"),
        Look.LIGHT: _("&Light"),
        Look.DARK: _("&Dark"),
        Look.HIGH_CONTRAST: _("&High contrast"),
    }


class WindowLook(QObject):
    """Puts the icons on ``window`` (again when the look changes) and owns View > Appearance.

    A child of the window, so the look's ``changed`` signal lets go of it with the window."""

    def __init__(self, window: MainWindow, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.menu = view_menu.addMenu("")
        group = QActionGroup(window)
        self.actions: dict[Look, QAction] = {}
        current = chosen_look(QSettings())
        for look in Look:
            action = QAction(window, checkable=True)
            action.setChecked(look is current)
            action.triggered.connect(lambda _checked=False, chosen=look: self.choose(chosen))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[look] = action
        window.navigation.setIconSize(QSize(20, 20))
        # A long section name elides rather than adding a sideways scroll bar.
        window.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        window.navigation.setTextElideMode(Qt.TextElideMode.ElideRight)
        state().changed.connect(self.decorate)  # a QObject's slot: dropped with the window
        self.decorate()

    def choose(self, look: Look) -> None:
        """What clicking View > Appearance > <look> does: applied now and kept."""
        LOOK.set(QSettings(), look.value)
        self.actions[look].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_look(app, look)

    @Slot()
    def decorate(self) -> None:
        window = self.window
        for row, section in enumerate(SECTIONS[: window.navigation.count()]):
            window.navigation.item(row).setIcon(icon(section.icon))
        for attribute, name in ACTION_ICONS.items():
            action = getattr(window, attribute, None)
            if isinstance(action, QAction):
                action.setIcon(icon(name))
        help_actions = getattr(window, "help", None)
        for attribute, name in (
            ("guide_action", "book-open-text"),
            ("shortcuts_action", "keyboard"),
            ("report_action", "bug"),
        ):
            action = getattr(help_actions, attribute, None)
            if isinstance(action, QAction):
                action.setIcon(icon(name))
        self.menu.setIcon(icon("sun-moon"))
        window.language_menu.setIcon(icon("languages"))

    def retranslate_ui(self) -> None:
        self.menu.setTitle(_("&Appearance"))
        for look, text in look_names().items():
            self.actions[look].setText(text)


__all__ = ["ACTION_ICONS", "WindowLook", "look_names"]
