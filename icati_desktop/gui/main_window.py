"""The main window: the sections and the navigation between them, the search box, the status
bar, dropped bundles and the window's size and place.

Start fast: only the section shown first is built before the window paints; every other
section is built — and its module imported — the first time it is visited (or asked for,
e.g. ``window.library_page``). The sections are listed in :mod:`icati_desktop.gui.sections`,
the menus built by :mod:`icati_desktop.gui.main_menus`, and the store's summary and sync
status read by :mod:`icati_desktop.gui.store_readings` (on the database thread).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QToolBar

from icati_desktop.gui.main_jobs import about_job
from icati_desktop.gui.main_menus import build_menus, retranslate_menus
from icati_desktop.gui.section_window import SectionWindow
from icati_desktop.gui.sections import (
    ACTIONS,
    COUNTRIES,
    EVENTS,
    OUTCOMES,
    SECTIONS,
    register_openers,
)
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import CURRENT_SECTION, load_geometry, save_geometry, save_splitters
from icati_desktop.gui.store_readings import StoreReadings
from icati_desktop.gui.sync import BUNDLE_SUFFIX
from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.gui.edit_menu import EditMenu
    from icati_desktop.gui.help.actions import HelpActions
    from icati_desktop.gui.library.search_results import GlobalSearchPopup
    from icati_desktop.gui.passphrase_settings import PassphraseSettings
    from icati_desktop.gui.sync.flows import SyncFlows
    from icati_desktop.gui.window_look import WindowLook


class MainWindow(SectionWindow):
    """The sectioned window (:class:`SectionWindow`) with its menus, search box, status bar,
    dropped bundles and remembered size and section."""

    # The menus and their actions, put here by main_menus.build_menus.
    file_menu: QMenu
    help_menu: QMenu
    view_menu: QMenu
    language_menu: QMenu
    export_action: QAction
    import_action: QAction
    spreadsheet_action: QAction
    import_form_action: QAction
    export_form_action: QAction
    audit_action: QAction
    passphrase_action: QAction
    central_action: QAction
    local_action: QAction
    quit_action: QAction
    about_action: QAction
    section_actions: list[QAction]
    language_actions: dict[str, QAction]
    help: HelpActions
    look: WindowLook
    edit_menu: EditMenu

    def __init__(self, services: AppServices) -> None:
        super().__init__(services, lambda index: SECTIONS[index].build(self))
        self.central_label: str | None = None
        self.readings = StoreReadings(self)
        self.setAcceptDrops(True)
        self._flows: SyncFlows | None = None
        self._search_popup: GlobalSearchPopup | None = None
        self._passphrase: PassphraseSettings | None = None
        self.sync_state = QLabel()
        self.statusBar().addPermanentWidget(self.sync_state)
        build_menus(self)
        self._build_search()
        self.look.decorate()  # the search action exists now
        register_openers(self)
        self.retranslate_ui()
        self._restore_state()
        self.refresh()

    @property
    def passphrase(self) -> PassphraseSettings:
        """File > Passphrase: encrypt this device, change or remove its passphrase."""
        if self._passphrase is None:
            from icati_desktop.gui.passphrase_settings import PassphraseSettings

            self._passphrase = PassphraseSettings(self.services, self)
        return self._passphrase

    @property
    def flows(self) -> SyncFlows:
        """Export, import and preview of bundles (menus, buttons, dropped files)."""
        if self._flows is None:
            from icati_desktop.gui.sync.flows import SyncFlows

            self._flows = SyncFlows(self.services, self)
            self._flows.finished.connect(self.refresh)
            self._flows.open_conflicts.connect(lambda: self.show_page(self.conflicts_page))
        return self._flows

    @property
    def search_popup(self) -> GlobalSearchPopup:
        if self._search_popup is None:
            from icati_desktop.gui.library.search_results import GlobalSearchPopup

            self._search_popup = GlobalSearchPopup(self.services, self)
            self._search_popup.record_requested.connect(self.show_record)
            self._search_popup.retranslate_ui()
        return self._search_popup

    def _build_search(self) -> None:
        """The global search box (Ctrl+F): results of every type in a popup, grouped."""
        self.search_bar = QToolBar(self)
        self.search_bar.setObjectName("search_bar")
        self.search_bar.setMovable(False)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("global_search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(420)
        self.search_box.returnPressed.connect(self.open_search)
        self.search_bar.addWidget(self.search_box)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.search_bar)
        self.search_action = QAction(self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.focus_search)
        self.addAction(self.search_action)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_search(self) -> None:
        """Search everything for the box's text; the popup keeps searching as one types."""
        self.search_popup.search(self.search_box.text())
        self.search_popup.show()
        self.search_popup.raise_()
        self.search_popup.field.setFocus()

    def export_form(self) -> None:
        """File > Export an assessment form: the chosen version of the Forms screen."""
        self.show_page(self.forms_page)
        self.forms_page.choose_export_file()

    def show_record(self, record_type: str, record_id: str) -> None:
        """A search hit: its screen, or a word that it has none yet (the search stays)."""
        if self.openers.open(record_type, record_id):
            self.search_popup.accept()
            return
        if record_type == "person":
            self.show_page(self.stakeholders_page)
            self.stakeholders_page.show_person(record_id)
            self.search_popup.accept()
            return
        self.statusBar().showMessage(
            _("This record has no screen of its own yet; search again from its section."), 8000
        )

    def show_country(self, alpha3: str) -> None:
        """The country's workspace (from the Atlas, search, an assessment)."""
        from icati_desktop.gui.workspace.wiring import show_country

        show_country(self, alpha3)

    def show_store(self, central_label: str | None) -> None:
        """Say which store the window works on: None for this computer's own data."""
        self.central_label = central_label
        self.local_action.setVisible(central_label is not None)
        self.passphrase_action.setVisible(central_label is None)  # protects a device's file
        self.retranslate_ui()

    def show_connection(self, up: bool) -> None:
        """The central database's notifications were lost (others' changes wait) or are back."""
        if up:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(
                _(
                    "The connection to the central database was lost: changes by others "
                    "appear again once it is back (retrying)."
                )
            )

    def retranslate_ui(self) -> None:
        self.setWindowTitle(
            _("ICATI Desktop — {database}").format(database=self.central_label)
            if self.central_label
            else _("ICATI Desktop")
        )
        for row, section in enumerate(SECTIONS):
            item = self.navigation.item(row)
            item.setText(section.title())
            keys = (
                self.section_actions[row]
                .shortcut()
                .toString(QKeySequence.SequenceFormat.NativeText)
            )
            item.setToolTip(f"{section.title()} ({keys})" if keys else section.title())
        self.navigation.setAccessibleName(_("Sections"))
        retranslate_menus(self)
        self.search_box.setPlaceholderText(_("Search everything (Ctrl+F)"))
        self.search_box.setAccessibleName(_("Search everything"))
        self.search_bar.setWindowTitle(_("Search"))
        self.search_action.setText(_("Search everything"))
        if self._search_popup is not None:
            self._search_popup.retranslate_ui()
        self.retranslate_pages()

    def refresh(self) -> None:
        """Read the store's summary, sync status and bundles again, and Conflicts and Devices."""
        self.readings.read()
        self.refresh_pages()

    def _read_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(_("The store could not be read: {error}").format(error=error))

    def show_about(self) -> None:
        def show(details: dict[str, str]) -> None:
            from icati_desktop.gui.about import AboutDialog

            AboutDialog(details, self).exec()

        self.services.run(about_job, show, self._read_failed)

    # A bundle dropped on the window is previewed, then imported on confirmation; several
    # are imported after one question (SyncFlows.import_several).
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.toLocalFile().endswith(BUNDLE_SUFFIX) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls()]
        bundles = [path for path in paths if path.suffix == BUNDLE_SUFFIX]
        if not bundles:
            return
        event.acceptProposedAction()
        self.flows.import_several(bundles)

    def _restore_state(self) -> None:
        geometry = load_geometry(self.settings, "main_window")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        section = CURRENT_SECTION.get(self.settings)
        self.show_section(section if 0 <= section < len(SECTIONS) else 0)

    def save_state(self) -> None:
        save_geometry(self.settings, "main_window", self.saveGeometry())
        for page in self._pages:
            if page is not None:
                save_splitters(self.settings, page)
        CURRENT_SECTION.set(self.settings, self.navigation.currentRow())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)


__all__ = [
    "ACTIONS",
    "BUNDLE_SUFFIX",
    "COUNTRIES",
    "EVENTS",
    "OUTCOMES",
    "MainWindow",
    "Qt",
]
