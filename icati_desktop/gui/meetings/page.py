"""The Meetings section: the filtered list (read in pages) and the meeting editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.list_section import ListAndEditor, ListSection
from icati_desktop.gui.meetings.editor import MeetingEditor
from icati_desktop.gui.meetings.filters import MeetingFilterBar
from icati_desktop.gui.meetings.jobs import Vocabulary, export_job, page_job, vocabulary_job
from icati_desktop.gui.meetings.model import DATE, SORTS, TITLE, MeetingTableModel
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.meetings import MeetingPage, MeetingSort

WATCHED = frozenset({"meeting", "country", "form_definition"})


class MeetingsPage(QWidget):
    help_anchor = "meetings"
    """Its section of the user guide (F1)."""
    action_items_made = Signal(list)
    """Ids of action items a meeting's follow-ups just became."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self._stale = True
        self._sort = MeetingSort.NEWEST
        self._names: dict[str, str] = {}
        self.vocabulary = Vocabulary([], [], {})
        self.title = QLabel()
        self.new_button, self.open_button, self.export_button = (QPushButton() for _ in range(3))
        self.new_button.setObjectName("new_meeting")
        self.open_button.setEnabled(False)
        self.filters = MeetingFilterBar()
        self.filters.changed.connect(self.refresh)
        self.model = MeetingTableModel(self)
        self.model.country_name = lambda code, name: self._names.get(code, name)
        self.model.fetch_requested.connect(self._fetch_more)
        self.section = ListSection(self.model, "meetings", filters=self.filters, clearable=True)
        self.section.clear_requested.connect(self.filters.clear)
        self.section.opened.connect(self.open_meeting)
        self.table, self.empty, self.results = (
            self.section.table,
            self.section.empty,
            self.section.results,
        )
        self.clear_button, self.count_label = self.section.clear_button, self.section.count_label
        self.table.setAlternatingRowColors(True)
        self.results.set_widths((110, 140, 230, 0, 70, 90), stretch=TITLE)
        head = self.table.horizontalHeader()
        head.setSortIndicatorShown(True)
        head.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        head.sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.open_button.setEnabled(self.selected_id() is not None)
        )
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.editor = MeetingEditor(services)
        self.editor.closed.connect(self.show_list)
        self.editor.action_items_made.connect(self.action_items_made)
        buttons = (self.new_button, self.open_button, self.export_button)
        self.stack = ListAndEditor(self.title, buttons, self.section, self.status_line, self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self._open_selected)
        self.export_button.clicked.connect(self.choose_and_export)
        services.records_changed.connect(self._records_changed)
        self.retranslate_ui()

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self, *, vocabulary: bool = False) -> None:
        """Reload the list (deferred while hidden); the vocabulary too on first load."""
        if not self.isVisible():
            self._stale = True
            return
        if vocabulary or not self.vocabulary.countries:
            self.services.run(vocabulary_job(current_language()), self._vocabulary, self.report)
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.services.run(
            page_job(self.filters.current_filter(), self._sort, 0),
            lambda page: self._loaded(generation, page),
            self.report,
        )

    def _vocabulary(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        language = current_language()
        self._names = {
            c.alpha3: country_display_name(c.alpha2, language) for c in vocabulary.countries
        }
        names = sorted(self._names.items(), key=lambda item: item[1].casefold())
        self.filters.set_countries(names)
        self.editor.set_vocabulary(vocabulary, names)
        self.model.retranslate()

    def _loaded(self, generation: int, page: MeetingPage) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(page.rows, page.total)
        self._show_counts()

    def _fetch_more(self, offset: int) -> None:
        generation = self._generation

        def append(page: MeetingPage) -> None:
            if generation == self._generation:
                self.model.append_rows(offset, page.rows)

        self.services.run(
            page_job(self.filters.current_filter(), self._sort, offset), append, self.report
        )

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column not in SORTS:
            head = self.table.horizontalHeader()
            head.blockSignals(True)
            head.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
            head.blockSignals(False)
            column, order = DATE, Qt.SortOrder.DescendingOrder
        ascending, descending = SORTS[column]
        self._sort = ascending if order == Qt.SortOrder.AscendingOrder else descending
        self.refresh()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in WATCHED:
            self.refresh(vocabulary=record_type != "meeting")

    def _show_counts(self) -> None:
        total = self.model.total()
        self.section.show_total(
            total,
            ngettext("{n} meeting", "{n} meetings", total).format(n=format_number(total)),
            filtered=self.filters.is_filtered(),
            when_filtered=_(
                "No meeting matches these filters. Clear the filters or change the search."
            ),
            when_none=_(
                "No meetings recorded yet. Press “New meeting” to record one: who came, what "
                "was discussed, barriers raised and the follow-ups for the action plan."
            ),
        )

    # --- actions ---------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        return self.section.selected_id()

    def _open_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.open_meeting(record_id)

    def new_meeting(self) -> None:
        self.editor.start_new(self.filters.current_filter().country)
        self.stack.show_editor()

    def open_meeting(self, record_id: str) -> None:
        """Show one meeting in the editor (from the list, search or another screen)."""
        self.editor.open(record_id)
        self.stack.show_editor()

    def show_list(self) -> None:
        self.stack.show_list()
        self.refresh()

    def choose_path(self) -> Path | None:
        """Ask where to export; tests override this."""
        name, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Export meetings"),
            "meetings.xlsx",
            _("Spreadsheet (*.xlsx);;CSV (*.csv);;Calendar (*.ics)"),
        )
        return Path(name) if name else None

    def choose_and_export(self) -> None:
        path = self.choose_path()
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".csv", ".ics"):
            path = path.with_suffix(".xlsx")
        flt = self.filters.current_filter()

        def done(count: int) -> None:
            self.status_line.setText(
                ngettext(
                    "{n} meeting exported to {file}", "{n} meetings exported to {file}", count
                ).format(n=format_number(count), file=path)
            )

        self.services.run(export_job(flt, path, current_language()), done, self.report)

    def report(self, error: BaseException) -> None:
        self.status_line.setText(str(error))

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Meetings")))
        self.new_button.setText(_("&New meeting"))
        self.open_button.setText(_("&Open"))
        self.export_button.setText(_("E&xport…"))
        self.export_button.setToolTip(_("The meetings listed, to Excel, CSV or a calendar (ICS)"))
        self.clear_button.setText(_("Clear the filters"))
        self.table.setAccessibleName(_("Meetings"))
        self.filters.retranslate_ui()
        self.model.retranslate()
        self.editor.retranslate_ui()
        self._show_counts()
        if self.vocabulary.countries:
            self.refresh(vocabulary=True)
