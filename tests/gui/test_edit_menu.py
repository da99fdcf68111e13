"""Edit menu: undo, redo, cut, copy, paste and select all on the focused text field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def test_edit_menu_undoes_typing_in_the_search_box(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, qapp: QApplication
) -> None:
    window = MainWindow(make_services(lambda: open_or_create(tmp_path / "data", None)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    box: QLineEdit = window.search_box
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    qtbot.keyClicks(box, "kenya")
    edit = window.edit_menu
    edit.update_actions()
    assert edit.actions["undo"].isEnabled()
    assert not edit.actions["cut"].isEnabled()  # nothing selected yet

    def choose(command: str) -> None:
        """Open the menu (which updates what is available) and choose ``command``."""
        edit.update_actions()
        edit.actions[command].trigger()

    choose("selectAll")
    assert box.selectedText() == "kenya"
    choose("cut")
    assert box.text() == ""
    choose("paste")
    assert box.text() == "kenya"
    choose("undo")
    assert box.text() == ""
    choose("redo")
    assert box.text() == "kenya"
    window.navigation.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.navigation)
    edit.update_actions()
    assert not any(
        action.isEnabled()
        for action in edit.actions.values()
        if action is not edit.actions["selectAll"]
    )
