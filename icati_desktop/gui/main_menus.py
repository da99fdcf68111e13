"""The main window's menus and keyboard shortcuts: File, View (language, appearance, editing),
Help, and Go to <section> (Ctrl+1…0).

The actions are the window's own attributes (``window.export_action``…), as the app session,
the icons (:mod:`icati_desktop.gui.window_look`) and the tests reach them there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from icati_desktop.gui.edit_menu import EditMenu
from icati_desktop.gui.help.actions import HelpActions
from icati_desktop.gui.language import LANGUAGE_NAMES, apply_language
from icati_desktop.gui.main_jobs import role_job
from icati_desktop.gui.sections import FORMS, SECTIONS, shortcut
from icati_desktop.gui.settings import LANGUAGE
from icati_desktop.gui.window_look import WindowLook
from icati_desktop.i18n import _, current_language
from icati_desktop.store.roles import Role

if TYPE_CHECKING:
    from icati_desktop.gui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """File and Help in the menu bar, View before Help, and the Go to <section> shortcuts."""
    window.file_menu = window.menuBar().addMenu("")
    window.help_menu = window.menuBar().addMenu("")
    window.export_action = QAction(window)
    window.export_action.setShortcut(QKeySequence("Ctrl+E"))
    window.export_action.triggered.connect(lambda: window.flows.choose_and_export())
    window.import_action = QAction(window)
    window.import_action.setShortcut(QKeySequence("Ctrl+I"))
    window.import_action.triggered.connect(lambda: window.flows.choose_and_import())
    window.quit_action = QAction(window)
    window.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    window.quit_action.triggered.connect(window.close)
    window.about_action = QAction(window)
    window.about_action.triggered.connect(window.show_about)
    window.passphrase_action = QAction(window)
    window.passphrase_action.triggered.connect(lambda: window.passphrase.open())
    window.spreadsheet_action = QAction(window)
    window.spreadsheet_action.triggered.connect(lambda: _import_spreadsheet(window))
    window.import_form_action = QAction(window)
    window.import_form_action.triggered.connect(lambda: _import_form(window))
    # the central office's; shown once the role is known
    window.import_form_action.setVisible(False)
    window.export_form_action = QAction(window)
    window.export_form_action.triggered.connect(window.export_form)
    window.export_form_action.setVisible(False)
    window.central_action = QAction(window)  # the app session connects these two
    window.local_action = QAction(window)
    window.local_action.setVisible(False)
    window.audit_action = QAction(window)
    window.audit_action.triggered.connect(lambda: _export_audit(window))
    window.audit_action.setVisible(False)  # the central office's, like the form import
    window.services.run(role_job, lambda role: show_role(window, role), window._read_failed)
    file_menu = window.file_menu
    file_menu.addActions([window.export_action, window.import_action])
    file_menu.addAction(window.spreadsheet_action)
    file_menu.addAction(window.import_form_action)
    file_menu.addAction(window.export_form_action)
    file_menu.addAction(window.audit_action)
    file_menu.addSeparator()
    file_menu.addAction(window.passphrase_action)
    file_menu.addSeparator()
    file_menu.addActions([window.central_action, window.local_action])
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    window.help = HelpActions(window, window.help_menu, window.stack)
    window.help_menu.addAction(window.about_action)
    window.section_actions = []
    for index in range(len(SECTIONS)):
        action = QAction(window)
        keys = shortcut(index)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, i=index: window.show_section(i))
        window.addAction(action)
        window.section_actions.append(action)
    _build_language_menu(window)
    window.look = WindowLook(window, window.view_menu)
    window.edit_menu = EditMenu(window, window.view_menu)


def _build_language_menu(window: MainWindow) -> None:
    """View > Language: each language named in itself; the choice applies live and is kept."""
    window.view_menu = QMenu(window)
    window.menuBar().insertMenu(window.help_menu.menuAction(), window.view_menu)
    window.language_menu = window.view_menu.addMenu("")
    group = QActionGroup(window)
    window.language_actions = {}
    for code, name in LANGUAGE_NAMES.items():
        action = QAction(name, window, checkable=True)
        action.setChecked(code == current_language())
        action.triggered.connect(lambda _checked=False, c=code: change_language(window, c))
        group.addAction(action)
        window.language_menu.addAction(action)
        window.language_actions[code] = action


def change_language(window: MainWindow, language: str) -> None:
    """View > Language > <language>: the whole window in it now, and at the next start."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    language = apply_language(app, language)
    LANGUAGE.set(window.settings, language)
    window.language_actions[language].setChecked(True)
    window.retranslate_ui()
    window.refresh()  # the status bar and dates are rendered from data, in the new language


def show_role(window: MainWindow, role: Role) -> None:
    """The central office's menus and Forms section, hidden on a field device."""
    hq = role is Role.HQ
    window.import_form_action.setVisible(hq)
    window.export_form_action.setVisible(hq)
    window.audit_action.setVisible(hq)
    # Forms is the central office's screen; field devices receive forms by sync.
    row = FORMS
    window.navigation.setRowHidden(row, not hq)
    window.section_actions[row].setEnabled(hq)
    if not hq and window.navigation.currentRow() == row:
        window.show_section(0)


def retranslate_menus(window: MainWindow) -> None:
    for action, section in zip(window.section_actions, SECTIONS, strict=True):
        action.setText(_("Go to {section}").format(section=section.title()))
    window.file_menu.setTitle(_("&File"))
    window.help_menu.setTitle(_("&Help"))
    window.export_action.setText(_("&Export a bundle…"))
    window.import_action.setText(_("&Import a bundle…"))
    window.spreadsheet_action.setText(_("Import a &spreadsheet (people, meetings, actions…)…"))
    window.import_form_action.setText(_("Import an assessment &form (XLSForm)…"))
    window.export_form_action.setText(_("E&xport an assessment form (XLSForm)…"))
    window.audit_action.setText(_("Export the &audit of changes…"))
    window.passphrase_action.setText(_("&Passphrase (encrypt this device)…"))
    window.central_action.setText(_("&Connect to the central database…"))
    window.local_action.setText(_("&Work on this computer's own data"))
    window.quit_action.setText(_("&Quit"))
    window.about_action.setText(_("&About ICATI Desktop"))
    window.help.retranslate_ui()
    window.view_menu.setTitle(_("&View"))
    window.language_menu.setTitle(_("&Language"))
    window.look.retranslate_ui()
    window.edit_menu.retranslate_ui()


def _import_spreadsheet(window: MainWindow) -> None:
    from icati_desktop.gui.imports.dialog import SpreadsheetImportDialog

    SpreadsheetImportDialog(window.services, window).open()


def _import_form(window: MainWindow) -> None:
    from icati_desktop.gui.forms_import import import_form

    import_form(window, window.services)


def _export_audit(window: MainWindow) -> None:
    from icati_desktop.gui.history.audit_dialog import export_audit_interactively

    export_audit_interactively(window, window.services)


__all__ = ["build_menus", "change_language", "retranslate_menus", "show_role"]
