"""The Help menu's actions: User guide (F1, at the section of the current screen),
Keyboard shortcuts, Report a problem.

A screen names its section of the guide with a ``help_anchor`` class attribute: the
heading's anchor as GitHub makes it (``"the-library"`` for "### The library"). F1
opens the guide at the deepest shown screen that names one (a stack shows its current
page), else at the top. ``tests/gui/test_help.py`` checks that every anchor exists.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStackedWidget, QWidget

from icati_desktop.gui.help.guide_window import GuideWindow
from icati_desktop.gui.help.problem_report import ProblemReportDialog
from icati_desktop.gui.help.shortcuts import ShortcutsDialog, shortcut_rows
from icati_desktop.i18n import _, current_language
from icati_desktop.logs import current_log_file


def help_anchor_of(widget: QWidget | None) -> str:
    """The guide section of what ``widget`` shows: its own ``help_anchor``, or that of the
    current page of a stack inside it, the deepest one that names one."""
    anchor = ""
    while widget is not None:
        anchor = getattr(widget, "help_anchor", "") or anchor
        widget = widget.currentWidget() if isinstance(widget, QStackedWidget) else None
    return anchor


class HelpActions(QObject):
    """Adds its actions to ``menu``; ``window`` is what F1 and the shortcut list look at."""

    def __init__(self, window: QWidget, menu: QMenu, stack: QStackedWidget) -> None:
        super().__init__(window)
        self.window = window
        self.stack = stack
        self.guide: GuideWindow | None = None
        self.guide_action = QAction(window)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(lambda: self.open_guide())
        self.shortcuts_action = QAction(window)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.report_action = QAction(window)
        self.report_action.triggered.connect(self.report_problem)
        menu.addActions([self.guide_action, self.shortcuts_action, self.report_action])
        menu.addSeparator()

    def retranslate_ui(self) -> None:
        self.guide_action.setText(_("User &guide"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.report_action.setText(_("&Report a problem…"))
        if self.guide is not None:
            self.guide.retranslate_ui()
            if self.guide.isVisible() and self.guide.language != current_language():
                self.guide.open_guide(current_language(), self.guide.current_anchor())

    def open_guide(self, anchor: str | None = None) -> GuideWindow:
        """The guide at ``anchor``, or at the section of the screen shown."""
        if self.guide is None:
            self.guide = GuideWindow(self.window)
        self.guide.open_guide(
            current_language(), help_anchor_of(self.stack) if anchor is None else anchor
        )
        return self.guide

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(shortcut_rows(self.window), self.window)
        dialog.show()
        return dialog

    def report_problem(self) -> ProblemReportDialog:
        """Works when the store does not: the log file is the one being written."""
        dialog = ProblemReportDialog(current_log_file(), self.window)
        dialog.show()
        return dialog
