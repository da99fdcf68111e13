"""Edit menu: undo, redo, cut, copy, paste and select all on the text being edited.

The actions work on the focused text field (line, text or number field). Undoing a
saved change to a record is History's (every version is kept; see "The history of a
record" in the user guide), and a resolved conflict has its own Undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from icati_desktop.gui.icons import icon
from icati_desktop.i18n import _

TextField = QLineEdit | QPlainTextEdit | QTextEdit

COMMANDS: tuple[tuple[str, QKeySequence.StandardKey, str | None], ...] = (
    ("undo", QKeySequence.StandardKey.Undo, "undo-2"),
    ("redo", QKeySequence.StandardKey.Redo, None),
    ("cut", QKeySequence.StandardKey.Cut, None),
    ("copy", QKeySequence.StandardKey.Copy, None),
    ("paste", QKeySequence.StandardKey.Paste, None),
    ("selectAll", QKeySequence.StandardKey.SelectAll, None),
)


def focused_text_field() -> TextField | None:
    widget: QWidget | None = QApplication.focusWidget()
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    return widget if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) else None


def _available(field: TextField, command: str) -> bool:
    read_only = field.isReadOnly()
    if isinstance(field, QLineEdit):
        checks: dict[str, Callable[[], bool]] = {
            "undo": field.isUndoAvailable,
            "redo": field.isRedoAvailable,
            "cut": lambda: field.hasSelectedText() and not read_only,
            "copy": field.hasSelectedText,
            "paste": lambda: not read_only,
        }
    else:
        document = field.document()
        selected = field.textCursor().hasSelection()
        checks = {
            "undo": lambda: document.isUndoAvailable() and not read_only,
            "redo": lambda: document.isRedoAvailable() and not read_only,
            "cut": lambda: selected and not read_only,
            "copy": lambda: selected,
            "paste": lambda: not read_only,
        }
    return checks.get(command, lambda: True)()


class EditMenu:
    """The Edit menu of ``window``, placed before ``before`` (the View menu)."""

    def __init__(self, window: QMainWindow, before: QMenu) -> None:
        self.menu = QMenu(window)
        window.menuBar().insertMenu(before.menuAction(), self.menu)
        self.actions: dict[str, QAction] = {}
        for command, key, icon_name in COMMANDS:
            action = QAction(window)
            action.setShortcut(QKeySequence(key))
            # The menu shows the standard keys; the widgets keep handling them themselves
            # (a window-wide shortcut would take Ctrl+C and Ctrl+A from tables).
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            if icon_name:
                action.setIcon(icon(icon_name))
            action.triggered.connect(lambda _checked=False, c=command: self.run(c))
            self.menu.addAction(action)
            self.actions[command] = action
            if command == "redo":
                self.menu.addSeparator()
        self.menu.aboutToShow.connect(self.update_actions)

    def run(self, command: str) -> None:
        field = focused_text_field()
        if field is not None and _available(field, command):
            getattr(field, command)()

    def update_actions(self) -> None:
        field = focused_text_field()
        for command, action in self.actions.items():
            action.setEnabled(field is not None and _available(field, command))

    def retranslate_ui(self) -> None:
        self.menu.setTitle(_("&Edit"))
        for command, text in (
            ("undo", _("&Undo typing")),
            ("redo", _("&Redo typing")),
            ("cut", _("Cu&t")),
            ("copy", _("&Copy")),
            ("paste", _("&Paste")),
            ("selectAll", _("Select &all")),
        ):
            self.actions[command].setText(text)


__all__ = ["EditMenu", "focused_text_field"]
