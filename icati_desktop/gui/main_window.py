"""The main window: navigation between sections, menus, status bar, dropped bundles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from icati_desktop.gui.about import AboutDialog
from icati_desktop.gui.assessments.page import AssessmentsPage
from icati_desktop.gui.assessments.results import ResultsView
from icati_desktop.gui.atlas.page import AtlasPage
from icati_desktop.gui.forms.page import FormsPage
from icati_desktop.gui.forms_import import import_form
from icati_desktop.gui.history.audit_dialog import export_audit_interactively
from icati_desktop.gui.language import LANGUAGE_NAMES, apply_language
from icati_desktop.gui.library.page import LibraryPage
from icati_desktop.gui.library.search_results import GlobalSearchPopup
from icati_desktop.gui.pages.home import HomePage
from icati_desktop.gui.passphrase_settings import PassphraseSettings
from icati_desktop.gui.people.page import StakeholdersPage
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import (
    CURRENT_SECTION,
    LANGUAGE,
    load_geometry,
    restore_splitters,
    save_geometry,
    save_splitters,
)
from icati_desktop.gui.sync.conflicts import ConflictsPage
from icati_desktop.gui.sync.flows import SyncFlows
from icati_desktop.gui.sync.page import SyncPage
from icati_desktop.gui.sync.status_text import status_text
from icati_desktop.gui.sync.trust_page import TrustPage
from icati_desktop.i18n import _, current_language
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.store import Store
from icati_desktop.store.summary import StoreSummary, store_summary
from icati_desktop.store.sync_state import bundle_history
from icati_desktop.store.sync_status import SyncStatus, sync_status
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.trust import own_card

BUNDLE_SUFFIX = ".icati"


def _status_job(store: Store) -> SyncStatus:
    with store.read() as session:
        return sync_status(session)


def _history_job(store: Store) -> list[Any]:
    with store.read() as session:
        return bundle_history(session)


def _about_job(store: Store) -> dict[str, str]:
    summary = store_summary(store)
    card = own_card(store, load_device_keys(store.keys_dir, store.passphrase)).card
    return {
        "data_dir": summary.data_dir,
        "database": summary.database,
        "device_id": card.device_id,
        "role": card.role,
        "fingerprint": card.fingerprint,
    }


def _role_job(store: Store) -> Role:
    with store.read() as session:
        return require_device(session).role


class MainWindow(QMainWindow):
    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.settings = QSettings()
        self.setAcceptDrops(True)
        self.home = HomePage()
        self.library_page = LibraryPage(services)
        self.sync_page = SyncPage()
        self.atlas_page = AtlasPage(services)
        self.assessments_page = AssessmentsPage(services)
        self.results_view = ResultsView(services)
        self.assessments = QStackedWidget()
        self.assessments.addWidget(self.assessments_page)
        self.assessments.addWidget(self.results_view)
        self.conflicts_page = ConflictsPage(services)
        self.stakeholders_page = StakeholdersPage(services)
        self.trust_page = TrustPage(services)
        self.forms_page = FormsPage(services)
        self.flows = SyncFlows(services, self)
        self.passphrase = PassphraseSettings(services, self)
        self.sections: list[tuple[Callable[[], str], QWidget]] = [
            (lambda: _("Home"), self.home),
            (lambda: _("Library"), self.library_page),
            (lambda: _("Assessments"), self.assessments),
            (lambda: _("Atlas"), self.atlas_page),
            (lambda: _("Stakeholders"), self.stakeholders_page),
            (lambda: _("Sync"), self.sync_page),
            (lambda: _("Conflicts"), self.conflicts_page),
            (lambda: _("Devices"), self.trust_page),
            (lambda: _("Forms"), self.forms_page),
        ]
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(180)
        self.navigation.setSpacing(3)
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.navigation.setFont(font)
        self.stack = QStackedWidget()
        for _title, page in self.sections:
            self.navigation.addItem(QListWidgetItem())
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sync_state = QLabel()
        self.statusBar().addPermanentWidget(self.sync_state)
        self._build_actions()
        self._build_search()
        for page in (self.home, self.sync_page):
            page.export_requested.connect(self.flows.choose_and_export)
            page.import_requested.connect(self.flows.choose_and_import)
        self.flows.finished.connect(self.refresh)
        self.assessments_page.results_requested.connect(self.show_results)
        self.results_view.back_requested.connect(
            lambda: self.assessments.setCurrentWidget(self.assessments_page)
        )
        self.results_view.resource_requested.connect(self.show_resource)
        self.results_view.atlas_stage_requested.connect(self.show_atlas_stage)
        self.conflicts_page.resolved.connect(lambda _record_id: self.refresh())
        self.trust_page.changed.connect(self.refresh)
        services.records_changed.connect(lambda *_args: self.refresh())
        self.retranslate_ui()
        self._restore_state()
        self.refresh()

    def _build_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.help_menu = self.menuBar().addMenu("")
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.flows.choose_and_export)
        self.import_action = QAction(self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.flows.choose_and_import)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.setShortcut(QKeySequence("F1"))
        self.about_action.triggered.connect(self.show_about)
        self.passphrase_action = QAction(self)
        self.passphrase_action.triggered.connect(self.passphrase.open)
        self.import_form_action = QAction(self)
        self.import_form_action.triggered.connect(lambda: import_form(self, self.services))
        self.import_form_action.setVisible(
            False
        )  # the central office's; shown once the role is known
        self.export_form_action = QAction(self)
        self.export_form_action.triggered.connect(self.export_form)
        self.export_form_action.setVisible(False)
        self.audit_action = QAction(self)
        self.audit_action.triggered.connect(lambda: export_audit_interactively(self, self.services))
        self.audit_action.setVisible(False)  # the central office's, like the form import
        self.services.run(_role_job, self._role_ready, self._read_failed)
        self.file_menu.addActions([self.export_action, self.import_action])
        self.file_menu.addAction(self.import_form_action)
        self.file_menu.addAction(self.export_form_action)
        self.file_menu.addAction(self.audit_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.passphrase_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu.addAction(self.about_action)
        self.section_actions: list[QAction] = []
        for index in range(len(self.sections)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.show_section(i))
            self.addAction(action)
            self.section_actions.append(action)
        self._build_language_menu()

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
        self.search_popup = GlobalSearchPopup(self.services, self)
        self.search_popup.resource_requested.connect(self.show_resource)
        self.search_popup.record_requested.connect(self.show_record)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_search(self) -> None:
        """Search everything for the box's text; the popup keeps searching as one types."""
        self.search_popup.search(self.search_box.text())
        self.search_popup.show()
        self.search_popup.raise_()
        self.search_popup.field.setFocus()

    def show_resource(self, record_id: str) -> None:
        self.show_page(self.library_page)
        self.library_page.show_resource(record_id)

    def _role_ready(self, role: Role) -> None:
        hq = role is Role.HQ
        self.import_form_action.setVisible(hq)
        self.export_form_action.setVisible(hq)
        self.audit_action.setVisible(hq)
        # Forms is the central office's screen; field devices receive forms by sync.
        row = self.stack.indexOf(self.forms_page)
        self.navigation.setRowHidden(row, not hq)
        self.section_actions[row].setEnabled(hq)
        if not hq and self.navigation.currentRow() == row:
            self.show_section(0)

    def export_form(self) -> None:
        """File > Export an assessment form: the chosen version of the Forms screen."""
        self.show_page(self.forms_page)
        self.forms_page.choose_export_file()

    def show_results(self, assessment_id: str) -> None:
        self.show_page(self.assessments)
        self.assessments.setCurrentWidget(self.results_view)
        self.results_view.show_assessment(assessment_id)

    def show_atlas_stage(self, stage: str) -> None:
        """Initiatives of one continuum stage, from every country (assessment advice)."""
        self.show_page(self.atlas_page)
        self.atlas_page.set_country(None)
        self.atlas_page.list.filters.set_choice("stage", stage)

    def show_record(self, record_type: str, record_id: str) -> None:
        if record_type == "resource":
            return  # resource_requested shows it
        if record_type == "assessment":
            self.show_page(self.assessments)
            self.assessments.setCurrentWidget(self.assessments_page)
            self.assessments_page.open_assessment(record_id)
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

    def show_page(self, page: QWidget) -> None:
        for index, (_title, section) in enumerate(self.sections):
            if section is page:
                self.show_section(index)
                return

    def _build_language_menu(self) -> None:
        """View > Language: each language named in itself; the choice applies live and is kept."""
        self.view_menu = QMenu(self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.view_menu)
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.change_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

    def change_language(self, language: str) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        language = apply_language(app, language)
        LANGUAGE.set(self.settings, language)
        self.language_actions[language].setChecked(True)
        self.retranslate_ui()
        self.refresh()  # the status bar and dates are rendered from data, in the new language

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("ICATI Desktop"))
        for row, (title, _page) in enumerate(self.sections):
            item = self.navigation.item(row)
            item.setText(title())
            item.setToolTip(f"{title()} (Ctrl+{row + 1})")
        self.navigation.setAccessibleName(_("Sections"))
        self.file_menu.setTitle(_("&File"))
        self.help_menu.setTitle(_("&Help"))
        self.export_action.setText(_("&Export a bundle…"))
        self.import_action.setText(_("&Import a bundle…"))
        self.import_form_action.setText(_("Import an assessment &form (XLSForm)…"))
        self.export_form_action.setText(_("E&xport an assessment form (XLSForm)…"))
        self.audit_action.setText(_("Export the &audit of changes…"))
        self.passphrase_action.setText(_("&Passphrase (encrypt this device)…"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About ICATI Desktop"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.search_box.setPlaceholderText(_("Search everything (Ctrl+F)"))
        self.search_box.setAccessibleName(_("Search everything"))
        self.search_bar.setWindowTitle(_("Search"))
        self.search_action.setText(_("Search everything"))
        self.search_popup.retranslate_ui()
        self.home.retranslate_ui()
        self.library_page.retranslate_ui()
        self.sync_page.retranslate_ui()
        self.atlas_page.retranslate_ui()
        self.assessments_page.retranslate_ui()
        self.results_view.retranslate_ui()
        self.conflicts_page.retranslate_ui()
        self.stakeholders_page.retranslate_ui()
        self.trust_page.retranslate_ui()
        self.forms_page.retranslate_ui()

    def show_section(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def refresh(self) -> None:
        self.services.run(store_summary, self._summary_ready, self._read_failed)
        self.services.run(_status_job, self._status_ready, self._read_failed)
        self.services.run(_history_job, self.sync_page.show_history, self._read_failed)
        self.conflicts_page.refresh()
        self.trust_page.refresh()

    def _summary_ready(self, summary: StoreSummary) -> None:
        self.home.show_summary(summary)

    def _status_ready(self, status: SyncStatus) -> None:
        self.home.show_status(status)
        self.sync_page.show_status(status)
        self.sync_state.setText(status_text(status))

    def _read_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(_("The store could not be read: {error}").format(error=error))

    def show_about(self) -> None:
        def show(details: dict[str, str]) -> None:
            AboutDialog(details, self).exec()

        self.services.run(_about_job, show, self._read_failed)

    # Bundles dropped on the window are previewed, then imported on confirmation.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.toLocalFile().endswith(BUNDLE_SUFFIX) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            path = Path(url.toLocalFile())
            if path.suffix == BUNDLE_SUFFIX:
                event.acceptProposedAction()
                self.flows.preview(path)
                return

    def _restore_state(self) -> None:
        geometry = load_geometry(self.settings, "main_window")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        restore_splitters(self.settings, self)
        section = CURRENT_SECTION.get(self.settings)
        self.show_section(section if 0 <= section < len(self.sections) else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_geometry(self.settings, "main_window", self.saveGeometry())
        save_splitters(self.settings, self)
        CURRENT_SECTION.set(self.settings, self.navigation.currentRow())
        super().closeEvent(event)


__all__ = ["MainWindow", "Qt"]
