"""The main window: navigation between sections, menus, status bar, dropped bundles.

Start fast: only the section shown first is built before the window paints; every other
section is built — and its module imported — the first time it is visited (or asked for,
e.g. ``window.library_page``). Database jobs import the store on the database thread
(:mod:`icati_desktop.gui.main_jobs`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer
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

from icati_desktop.gui.help.actions import HelpActions
from icati_desktop.gui.language import LANGUAGE_NAMES, apply_language
from icati_desktop.gui.main_jobs import about_job, history_job, role_job, status_job, summary_job
from icati_desktop.gui.pages.home import HomePage
from icati_desktop.gui.record_openers import RecordOpeners
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import (
    CURRENT_SECTION,
    LANGUAGE,
    load_geometry,
    restore_splitters,
    save_geometry,
    save_splitters,
)
from icati_desktop.gui.sync import BUNDLE_SUFFIX
from icati_desktop.gui.sync.status_text import status_text
from icati_desktop.i18n import _, current_language
from icati_desktop.store.roles import Role

if TYPE_CHECKING:
    from icati_desktop.gui.assessments.page import AssessmentsPage
    from icati_desktop.gui.assessments.results import ResultsView
    from icati_desktop.gui.atlas.page import AtlasPage
    from icati_desktop.gui.forms.page import FormsPage
    from icati_desktop.gui.library.page import LibraryPage
    from icati_desktop.gui.library.search_results import GlobalSearchPopup
    from icati_desktop.gui.meetings.page import MeetingsPage
    from icati_desktop.gui.passphrase_settings import PassphraseSettings
    from icati_desktop.gui.people.page import StakeholdersPage
    from icati_desktop.gui.sync.conflicts import ConflictsPage
    from icati_desktop.gui.sync.flows import SyncFlows
    from icati_desktop.gui.sync.page import SyncPage
    from icati_desktop.gui.sync.trust_page import TrustPage
    from icati_desktop.store.summary import StoreSummary
    from icati_desktop.store.sync_state import BundleLogEntry
    from icati_desktop.store.sync_status import SyncStatus

HOME, LIBRARY, ASSESSMENTS, MEETINGS, ATLAS, STAKEHOLDERS, SYNC, CONFLICTS, DEVICES, FORMS = range(
    10
)
COUNTRIES = 10
TITLES: tuple[Callable[[], str], ...] = (
    lambda: _("Home"),
    lambda: _("Library"),
    lambda: _("Assessments"),
    lambda: _("Meetings"),
    lambda: _("Atlas"),
    lambda: _("Stakeholders"),
    lambda: _("Sync"),
    lambda: _("Conflicts"),
    lambda: _("Devices"),
    lambda: _("Forms"),
    lambda: _("Countries"),
)


class MainWindow(QMainWindow):
    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.settings = QSettings()
        self.central_label: str | None = None
        self._refresh_timer = QTimer(self)  # a burst of changes costs one refresh
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.refresh)
        self.setAcceptDrops(True)
        self._pages: list[QWidget | None] = [None] * len(TITLES)
        self._flows: SyncFlows | None = None
        self._search_popup: GlobalSearchPopup | None = None
        self._passphrase: PassphraseSettings | None = None
        self._summary: StoreSummary | None = None
        self._status: SyncStatus | None = None
        self._history: list[BundleLogEntry] | None = None
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(180)
        self.navigation.setSpacing(3)
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.navigation.setFont(font)
        self.stack = QStackedWidget()
        for _title in TITLES:
            self.navigation.addItem(QListWidgetItem())
            self.stack.addWidget(QWidget())  # stands in until the section is first shown
        self.navigation.currentRowChanged.connect(self._show_index)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sync_state = QLabel()
        self.statusBar().addPermanentWidget(self.sync_state)
        self._build_actions()
        self._build_search()
        self.openers = RecordOpeners()
        self._register_openers()
        services.records_changed.connect(lambda *_args: self._refresh_timer.start())
        self.retranslate_ui()
        self._restore_state()
        self.refresh()

    # --- sections, built on first use ---------------------------------------------------------

    @property
    def sections(self) -> list[tuple[Callable[[], str], QWidget]]:
        """(title, page) of every section; a section not yet built shows a stand-in."""
        return [(title, self._page_or_stand_in(i)) for i, title in enumerate(TITLES)]

    def _page_or_stand_in(self, index: int) -> QWidget:
        widget = self._pages[index] or self.stack.widget(index)
        assert widget is not None
        return widget

    def page(self, index: int) -> QWidget:
        """The section's page, built now if it was not yet."""
        page = self._pages[index]
        if page is None:
            page = self._build_page(index)
            stand_in = self._page_or_stand_in(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages[index] = page
            if current == index:
                self.stack.setCurrentIndex(index)
            restore_splitters(self.settings, page)
        return page

    def _build_page(self, index: int) -> QWidget:
        if index == HOME:
            home = HomePage()
            home.export_requested.connect(lambda: self.flows.choose_and_export())
            home.import_requested.connect(lambda: self.flows.choose_and_import())
            if self._summary is not None:
                home.show_summary(self._summary)
            if self._status is not None:
                home.show_status(self._status)
            return home
        if index == LIBRARY:
            from icati_desktop.gui.library.page import LibraryPage

            return LibraryPage(self.services)
        if index == ASSESSMENTS:
            return self._build_assessments()
        if index == MEETINGS:
            from icati_desktop.gui.meetings.page import MeetingsPage

            return MeetingsPage(self.services)
        if index == ATLAS:
            from icati_desktop.gui.atlas.page import AtlasPage

            atlas = AtlasPage(self.services)
            atlas.workspace_requested.connect(self.show_country)
            atlas.assessmentRequested.connect(self.show_assessment)
            return atlas
        if index == STAKEHOLDERS:
            from icati_desktop.gui.people.page import StakeholdersPage

            return StakeholdersPage(self.services)
        if index == SYNC:
            from icati_desktop.gui.sync.page import SyncPage

            sync = SyncPage()
            sync.export_requested.connect(lambda: self.flows.choose_and_export())
            sync.import_requested.connect(lambda: self.flows.choose_and_import())
            if self._status is not None:
                sync.show_status(self._status)
            if self._history is not None:
                sync.show_history(self._history)
            return sync
        if index == CONFLICTS:
            from icati_desktop.gui.sync.conflicts import ConflictsPage

            conflicts = ConflictsPage(self.services)
            conflicts.resolved.connect(lambda _record_id: self.refresh())
            conflicts.refresh()
            return conflicts
        if index == FORMS:
            from icati_desktop.gui.forms.page import FormsPage

            return FormsPage(self.services)
        if index == COUNTRIES:
            from icati_desktop.gui.workspace.wiring import build_workspace

            return build_workspace(self)
        from icati_desktop.gui.sync.trust_page import TrustPage

        trust = TrustPage(self.services)
        trust.changed.connect(self.refresh)
        trust.refresh()
        return trust

    def _build_assessments(self) -> QStackedWidget:
        from icati_desktop.gui.assessments.page import AssessmentsPage
        from icati_desktop.gui.assessments.results import ResultsView

        listing, results = AssessmentsPage(self.services), ResultsView(self.services)
        stack = QStackedWidget()
        stack.addWidget(listing)
        stack.addWidget(results)
        listing.results_requested.connect(self.show_results)
        listing.country_requested.connect(self.show_country)
        results.back_requested.connect(lambda: stack.setCurrentWidget(listing))
        results.resource_requested.connect(self.show_resource)
        results.atlas_stage_requested.connect(self.show_atlas_stage)
        return stack

    @property
    def home(self) -> HomePage:
        return cast_page(self.page(HOME), HomePage)

    @property
    def library_page(self) -> LibraryPage:
        return self.page(LIBRARY)  # type: ignore[return-value]

    @property
    def assessments(self) -> QStackedWidget:
        return cast_page(self.page(ASSESSMENTS), QStackedWidget)

    @property
    def assessments_page(self) -> AssessmentsPage:
        return self.assessments.widget(0)  # type: ignore[return-value]

    @property
    def results_view(self) -> ResultsView:
        return self.assessments.widget(1)  # type: ignore[return-value]

    @property
    def meetings_page(self) -> MeetingsPage:
        return self.page(MEETINGS)  # type: ignore[return-value]

    @property
    def atlas_page(self) -> AtlasPage:
        return self.page(ATLAS)  # type: ignore[return-value]

    @property
    def stakeholders_page(self) -> StakeholdersPage:
        return self.page(STAKEHOLDERS)  # type: ignore[return-value]

    @property
    def sync_page(self) -> SyncPage:
        return self.page(SYNC)  # type: ignore[return-value]

    @property
    def conflicts_page(self) -> ConflictsPage:
        return self.page(CONFLICTS)  # type: ignore[return-value]

    @property
    def trust_page(self) -> TrustPage:
        return self.page(DEVICES)  # type: ignore[return-value]

    @property
    def forms_page(self) -> FormsPage:
        return self.page(FORMS)  # type: ignore[return-value]

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

    def _build_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.help_menu = self.menuBar().addMenu("")
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self.flows.choose_and_export())
        self.import_action = QAction(self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self.flows.choose_and_import())
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.passphrase_action = QAction(self)
        self.passphrase_action.triggered.connect(lambda: self.passphrase.open())
        self.import_form_action = QAction(self)
        self.import_form_action.triggered.connect(self._import_form)
        self.import_form_action.setVisible(
            False
        )  # the central office's; shown once the role is known
        self.export_form_action = QAction(self)
        self.export_form_action.triggered.connect(self.export_form)
        self.export_form_action.setVisible(False)
        self.central_action = QAction(self)  # the app session connects these two
        self.local_action = QAction(self)
        self.local_action.setVisible(False)
        self.audit_action = QAction(self)
        self.audit_action.triggered.connect(self._export_audit)
        self.audit_action.setVisible(False)  # the central office's, like the form import
        self.services.run(role_job, self._role_ready, self._read_failed)
        self.file_menu.addActions([self.export_action, self.import_action])
        self.file_menu.addAction(self.import_form_action)
        self.file_menu.addAction(self.export_form_action)
        self.file_menu.addAction(self.audit_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.passphrase_action)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.central_action, self.local_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help = HelpActions(self, self.help_menu, self.stack)
        self.help_menu.addAction(self.about_action)
        self.section_actions: list[QAction] = []
        for index in range(len(TITLES)):
            action = QAction(self)
            if index < 10:  # the tenth: Ctrl+0; later sections have no shortcut
                action.setShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"))
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

    def _import_form(self) -> None:
        from icati_desktop.gui.forms_import import import_form

        import_form(self, self.services)

    def _export_audit(self) -> None:
        from icati_desktop.gui.history.audit_dialog import export_audit_interactively

        export_audit_interactively(self, self.services)

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
        row = FORMS
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

    def _register_openers(self) -> None:
        """The screen of each kind of search hit (``gui/record_openers.py``)."""
        self.openers.register("resource", self.show_resource)
        self.openers.register("assessment", self.show_assessment)
        from icati_desktop.gui.workspace.wiring import register_openers

        register_openers(self)
        self.openers.register("meeting", self.show_meeting)
        self.openers.register("person", self.show_person)

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

    def show_person(self, person_id: str) -> None:
        self.show_page(self.stakeholders_page)
        self.stakeholders_page.show_person(person_id)

    def show_meeting(self, meeting_id: str) -> None:
        self.show_page(self.meetings_page)
        self.meetings_page.open_meeting(meeting_id)

    def show_assessment(self, assessment_id: str) -> None:
        self.show_page(self.assessments)
        self.assessments.setCurrentWidget(self.assessments_page)
        self.assessments_page.open_assessment(assessment_id)

    def show_country(self, alpha3: str) -> None:
        """The country's workspace (from the Atlas, search, an assessment)."""
        from icati_desktop.gui.workspace.wiring import show_country

        show_country(self, alpha3)

    def show_page(self, page: QWidget) -> None:
        for index, built in enumerate(self._pages):
            if built is page:
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
        for row, title in enumerate(TITLES):
            item = self.navigation.item(row)
            item.setText(title())
            keys = (
                self.section_actions[row]
                .shortcut()
                .toString(QKeySequence.SequenceFormat.NativeText)
            )
            item.setToolTip(f"{title()} ({keys})" if keys else title())
            self.section_actions[row].setText(_("Go to {section}").format(section=title()))
        self.navigation.setAccessibleName(_("Sections"))
        self.file_menu.setTitle(_("&File"))
        self.help_menu.setTitle(_("&Help"))
        self.export_action.setText(_("&Export a bundle…"))
        self.import_action.setText(_("&Import a bundle…"))
        self.import_form_action.setText(_("Import an assessment &form (XLSForm)…"))
        self.export_form_action.setText(_("E&xport an assessment form (XLSForm)…"))
        self.audit_action.setText(_("Export the &audit of changes…"))
        self.passphrase_action.setText(_("&Passphrase (encrypt this device)…"))
        self.central_action.setText(_("&Connect to the central database…"))
        self.local_action.setText(_("&Work on this computer's own data"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About ICATI Desktop"))
        self.help.retranslate_ui()
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.search_box.setPlaceholderText(_("Search everything (Ctrl+F)"))
        self.search_box.setAccessibleName(_("Search everything"))
        self.search_bar.setWindowTitle(_("Search"))
        self.search_action.setText(_("Search everything"))
        if self._search_popup is not None:
            self._search_popup.retranslate_ui()
        for page in self._pages:
            if isinstance(page, QStackedWidget):  # the assessments list and its results
                for n in range(page.count()):
                    _retranslate(page.widget(n) or page)
            elif page is not None:
                _retranslate(page)

    def show_section(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def _show_index(self, index: int) -> None:
        if 0 <= index < len(TITLES):
            self.page(index)
            self.stack.setCurrentIndex(index)

    def refresh(self) -> None:
        self.services.run(summary_job, self._summary_ready, self._read_failed)
        self.services.run(status_job, self._status_ready, self._read_failed)
        self.services.run(history_job, self._history_ready, self._read_failed)
        for index in (CONFLICTS, DEVICES):
            page = self._pages[index]
            if page is not None:
                page.refresh()  # type: ignore[attr-defined]

    def _summary_ready(self, summary: StoreSummary) -> None:
        self._summary = summary
        home = self._pages[HOME]
        if isinstance(home, HomePage):
            home.show_summary(summary)

    def _status_ready(self, status: SyncStatus) -> None:
        self._status = status
        home, sync = self._pages[HOME], self._pages[SYNC]
        if isinstance(home, HomePage):
            home.show_status(status)
        if sync is not None:
            sync.show_status(status)  # type: ignore[attr-defined]
        self.sync_state.setText(status_text(status))

    def _history_ready(self, history: list[BundleLogEntry]) -> None:
        self._history = history
        sync = self._pages[SYNC]
        if sync is not None:
            sync.show_history(history)  # type: ignore[attr-defined]

    def _read_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(_("The store could not be read: {error}").format(error=error))

    def show_about(self) -> None:
        def show(details: dict[str, str]) -> None:
            from icati_desktop.gui.about import AboutDialog

            AboutDialog(details, self).exec()

        self.services.run(about_job, show, self._read_failed)

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
        section = CURRENT_SECTION.get(self.settings)
        self.show_section(section if 0 <= section < len(TITLES) else 0)

    def save_state(self) -> None:
        save_geometry(self.settings, "main_window", self.saveGeometry())
        for page in self._pages:
            if page is not None:
                save_splitters(self.settings, page)
        CURRENT_SECTION.set(self.settings, self.navigation.currentRow())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)


def _retranslate(page: QWidget) -> None:
    retranslate = getattr(page, "retranslate_ui", None)
    if callable(retranslate):
        retranslate()


def cast_page(page: QWidget, kind: type[Any]) -> Any:
    assert isinstance(page, kind)
    return page


__all__ = ["BUNDLE_SUFFIX", "MainWindow", "Qt"]
