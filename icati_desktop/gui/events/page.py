"""The Events section: the list (read in pages, upcoming first) and the event editor.

HQ deletes an event from the list (button, context menu or the Delete key) or from its
editor; :mod:`icati_desktop.gui.events.deletion` asks first and offers Undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.events.deletion import EventDeleter, list_delete_action
from icati_desktop.gui.events.editor import EventEditor
from icati_desktop.gui.events.filters import EventFilterBar
from icati_desktop.gui.events.jobs import Vocabulary, export_job, vocabulary_job
from icati_desktop.gui.events.model import TITLE, WHEN, EventTableModel
from icati_desktop.gui.file_ready import FileReady
from icati_desktop.gui.list_section import ListAndEditor, ListSection
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.events import EventFilter, EventWhen

WATCHED = frozenset({"event", "person", "consent", "resource", "country"})


class EventsPage(QWidget):
    help_anchor = "events"
    """Its section of the user guide (F1)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._stale = True
        self.vocabulary = Vocabulary([], [], [], [], [])
        self.title = QLabel()
        self.new_button, self.open_button, self.delete_button, self.export_button = (
            QPushButton() for _ in range(4)
        )
        self.new_button.setObjectName("new_event")
        self.delete_button.setObjectName("delete_event")
        self.export_button.setObjectName("export_events")
        self.open_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.filters = EventFilterBar()
        self.filters.changed.connect(self.refresh)
        self.model = EventTableModel(services, self)
        self.model.loaded.connect(lambda _total: self._show_counts())
        self.model.failed.connect(self.report)
        self.section = ListSection(self.model, "events", filters=self.filters, clearable=True)
        self.section.clear_requested.connect(self.filters.clear)
        self.section.opened.connect(self.open_event)
        self.table, self.empty, self.results = (
            self.section.table,
            self.section.empty,
            self.section.results,
        )
        self.clear_button, self.count_label = self.section.clear_button, self.section.count_label
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.results.set_widths((330, 190, 0, 150, 90), stretch=TITLE)
        self.table.horizontalHeader().setSortIndicator(WHEN, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        self.delete_action = list_delete_action(self.table, self.delete_selected)
        self.status_line = QLabel()
        self.status_line.setObjectName("events_status")
        self.status_line.setWordWrap(True)
        self.file_ready = FileReady()
        self.deleter = EventDeleter(services)
        self.deleter.changed.connect(self._deleted_or_back)
        self.editor = EventEditor(services)
        self.editor.closed.connect(self.show_list)
        self.editor.saved.connect(lambda _rid: self.refresh())
        self.editor.export_requested.connect(self.export_event)
        self.editor.delete_requested.connect(self.deleter.delete)
        buttons = (self.new_button, self.open_button, self.delete_button, self.export_button)
        self.stack = ListAndEditor(
            self.title,
            buttons,
            self.section,
            self.status_line,
            self.editor,
            below=(self.file_ready, self.deleter),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.new_button.clicked.connect(self.new_event)
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_list)
        services.records_changed.connect(self._records_changed)
        self.retranslate_ui()

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh(vocabulary=True)

    def refresh(self, *, vocabulary: bool = False) -> None:
        """Reload the list (deferred while hidden); the filters' choices too if asked."""
        if not self.isVisible():
            self._stale = True
            return
        if vocabulary:
            self.services.run(vocabulary_job(current_language()), self._vocabulary, self.report)
        self._stale = False
        self.model.set_filter(self.filters.current_filter())

    def _vocabulary(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        language = current_language()
        names = {c.alpha3: country_display_name(c.alpha2, language) for c in vocabulary.countries}
        ordered = sorted(names.items(), key=lambda item: item[1].casefold())
        self.filters.set_countries(ordered)
        self.filters.set_languages(vocabulary.languages)
        self.editor.set_vocabulary(vocabulary, ordered)
        self.new_button.setVisible(vocabulary.may_edit)
        self.delete_button.setVisible(vocabulary.may_edit)
        self._selection()
        self._show_counts()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in WATCHED:
            self.refresh(vocabulary=True)

    def _show_counts(self) -> None:
        total = self.model.total()
        flt = self.filters.current_filter()
        if not self.vocabulary.may_edit:
            nothing = _(
                "No events on this laptop yet. The central office records network meetings, "
                "webinars and trainings; they arrive with its next bundle."
            )
        elif flt.when is EventWhen.UPCOMING:
            nothing = _(
                "No upcoming event. Press “New event” to announce the next network meeting, "
                "office hours or webinar, or show past events."
            )
        elif flt.when is EventWhen.PAST:
            nothing = _("No past event recorded. Press “New event” to record one and who attended.")
        else:
            nothing = _(
                "No events yet. Press “New event” to record a network meeting, office hours, "
                "a webinar or a training: when, in which time zone and language, and who came."
            )
        filtered = self.filters.is_filtered()
        self.section.show_total(
            total,
            ngettext("{n} event", "{n} events", total).format(n=format_number(total)),
            filtered=filtered,
            when_filtered=_(
                "No event matches these filters. Clear the filters to see every event."
            ),
            when_none=nothing,
            clearable=filtered or flt.when is not EventWhen.ALL,
        )
        self.export_button.setEnabled(total > 0)

    # --- actions ---------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        return self.section.selected_id()

    def _selection(self) -> None:
        chosen = self.selected_id() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen and self.vocabulary.may_edit)
        self.delete_action.setEnabled(chosen and self.vocabulary.may_edit)

    def delete_selected(self) -> None:
        """Delete the selected event, after asking (HQ only)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.vocabulary.may_edit:
            return
        title = str(rows[0].siblingAtColumn(TITLE).data() or "")
        self.deleter.delete(str(rows[0].data(RECORD_ID_ROLE)), title)

    def _deleted_or_back(self, record_id: str) -> None:
        """An event was deleted (or brought back): leave its editor, list it anew."""
        if self.stack.editing() and self.editor.record_id == record_id:
            self.show_list()
        else:
            self.refresh()

    def _open_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.open_event(record_id)

    def new_event(self) -> None:
        self.editor.start_new()
        self.stack.show_editor()

    def open_event(self, record_id: str) -> None:
        """Show one event in the editor (from the list, Home or another screen)."""
        self.editor.open(record_id)
        self.stack.show_editor()

    def show_list(self) -> None:
        self.stack.show_list()
        self.refresh()

    def choose_path(self, suggested: str) -> Path | None:
        """Ask where to write the calendar; tests override this."""
        name, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Export to calendar"),
            suggested,
            _("Calendar (*.ics);;Spreadsheet (*.xlsx);;CSV (*.csv)"),
        )
        return Path(name) if name else None

    def export_list(self) -> None:
        self._export(self.filters.current_filter(), None, "icati-events.ics")

    def export_event(self, record_id: str) -> None:
        self._export(None, record_id, "icati-event.ics")

    def _export(self, flt: EventFilter | None, record_id: str | None, suggested: str) -> None:
        path = self.choose_path(suggested)
        if path is None:
            return
        if path.suffix.lower() not in (".ics", ".xlsx", ".csv"):
            path = path.with_suffix(".ics")
        status = self.editor.status if record_id else self.status_line
        ready = self.editor.file_ready if record_id else self.file_ready
        ready.hide()

        def done(count: int) -> None:
            status.clear()
            message = ngettext(
                "{n} event written to {file}", "{n} events written to {file}", count
            ).format(n=format_number(count), file=path)
            ready.show_file(path, message)

        job = export_job(flt, record_id, path, current_language())
        self.services.run(job, done, lambda error: status.setText(str(error)))

    def report(self, error: BaseException) -> None:
        self.status_line.setText(str(error))

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Events")))
        self.new_button.setText(_("&New event"))
        self.open_button.setText(_("&Open"))
        self.delete_button.setText(_("&Delete event…"))
        self.delete_action.setText(_("&Delete event…"))
        self.export_button.setText(_("Export to &calendar…"))
        self.export_button.setToolTip(
            _("The events listed, to a calendar file (ICS) for Outlook, Thunderbird or Google")
        )
        self.clear_button.setText(_("Show every event"))
        self.table.setAccessibleName(_("Events"))
        self.filters.retranslate_ui()
        self.file_ready.retranslate_ui()
        self.deleter.retranslate_ui()
        self.model.retranslate()
        self.editor.retranslate_ui()
        self._show_counts()
        if self.vocabulary.countries:
            self.refresh(vocabulary=True)
