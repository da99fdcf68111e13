"""The History pane: a record's versions (newest first), what the chosen one changed, and
"Restore this version", which asks first and then says what it wrote.

Reusable: any screen that shows a record embeds it (or opens :class:`HistoryDialog`) and
calls :meth:`HistoryPane.show_record`. Reads and the restore run on the database thread.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.history.models import ENTRY_ROLE, ChangesModel, VersionsModel
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, format_datetime, ngettext
from icati_desktop.store.history import PAGE_SIZE, HistoryEntry, RecordHistory, record_history
from icati_desktop.store.labels import record_type_name
from icati_desktop.store.restore import RestoreResult, restore_version
from icati_desktop.store.store import Store


def _table(model: VersionsModel | ChangesModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    return view


class HistoryPane(QWidget):
    restored = Signal(str)
    """The record id a version was restored of."""

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.record_id: str | None = None
        self.history: RecordHistory | None = None
        self._generation = 0
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.versions_caption = QLabel()
        self.versions = VersionsModel()
        self.versions.more_wanted.connect(self._load_more)
        self.versions_view = _table(self.versions)
        self.versions_view.setObjectName("history_versions")
        header = self.versions_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.versions_caption.setBuddy(self.versions_view)
        self.versions_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._entry_changed(QModelIndex(), QModelIndex())
        )
        self.changes_caption = QLabel()
        self.changes = ChangesModel()
        self.changes_view = _table(self.changes)
        self.changes_view.setObjectName("history_changes")
        changes_header = self.changes_view.horizontalHeader()
        changes_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        changes_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        changes_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.changes_caption.setBuddy(self.changes_view)
        self.no_changes = QLabel()
        self.no_changes.setWordWrap(True)
        set_status(self.no_changes, "muted")
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restore_version")
        self.restore_button.clicked.connect(self.confirm_restore)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        set_status(self.refusal, "muted")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setObjectName("restore_outcome")
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_status(self.empty, "muted")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.versions_caption)
        top_layout.addWidget(self.versions_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.changes_caption)
        bottom_layout.addWidget(self.changes_view)
        bottom_layout.addWidget(self.no_changes)
        actions = QHBoxLayout()
        actions.addWidget(self.refusal, 1)
        actions.addStretch(0)
        actions.addWidget(self.restore_button, 0)
        bottom_layout.addLayout(actions)
        bottom_layout.addWidget(self.outcome)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("history_splitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([220, 330])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.splitter, 1)
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    # -- loading -------------------------------------------------------------------------
    def show_record(self, record_id: str | None) -> None:
        """Show the history of ``record_id`` (None: nothing)."""
        self.record_id = record_id
        self.outcome.clear()
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        record_id = self.record_id
        if record_id is None:
            self.history = None
            self.versions.reset([], 0)
            self._show_state()
            return

        def job(store: Store) -> RecordHistory:
            return record_history(store, record_id, limit=PAGE_SIZE)

        self.services.run(job, lambda h: self._loaded(generation, h), self._failed)

    def _loaded(self, generation: int, history: RecordHistory) -> None:
        if generation != self._generation:
            return  # an older read, overtaken by a newer one
        self.history = history
        self.versions.reset(history.entries, history.total)
        self._show_state()
        if history.entries:
            self.versions_view.setCurrentIndex(self.versions.index(0, 0))
        self._entry_changed(QModelIndex(), QModelIndex())

    def _load_more(self, offset: int) -> None:
        record_id, generation = self.record_id, self._generation
        if record_id is None:
            return

        def job(store: Store) -> RecordHistory:
            return record_history(store, record_id, offset=offset, limit=PAGE_SIZE)

        def done(history: RecordHistory) -> None:
            if generation == self._generation:
                self.versions.append(history.entries, history.total)

        self.services.run(job, done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.versions.loading = False
        self.history = None
        self.versions.reset([], 0)
        self._show_state()
        self.empty.setText(_("The history could not be read: {error}").format(error=error))

    def _records_changed(self, _record_type: str, ids: frozenset[str]) -> None:
        if self.record_id is not None and (not ids or self.record_id in ids):
            self.reload()

    # -- showing -------------------------------------------------------------------------
    def _show_state(self) -> None:
        history = self.history
        self.empty.setVisible(history is None)
        self.splitter.setVisible(history is not None)
        self.state.setVisible(history is not None)
        if history is None:
            self.heading.setText(f"<b>{html.escape(_('History'))}</b>")
            self.empty.setText(_("Choose a record to see every version of it."))
            self._entry_changed(QModelIndex(), QModelIndex())
            return
        title = history.title or _("Untitled record")
        kind = html.escape(record_type_name(history.record_type))
        big = f"<span style='font-size:13pt'><b>{html.escape(title)}</b></span>"
        self.heading.setText(f"{big} &nbsp; {kind}")
        parts = [
            ngettext(
                "{n} version on this device", "{n} versions on this device", history.total
            ).format(n=history.total)
        ]
        if history.deleted:
            parts.append(_("deleted — restore a version to bring it back"))
        elif history.in_conflict:
            parts.append(_("in conflict — resolve it on the Conflicts page"))
        self.state.setText(" · ".join(parts))

    def current_entry(self) -> HistoryEntry | None:
        """The chosen version: the selected row (else the current one)."""
        rows = self.versions_view.selectionModel().selectedRows()
        index = rows[0] if rows else self.versions_view.currentIndex()
        if not index.isValid():
            return None
        entry = index.data(ENTRY_ROLE)
        return entry if isinstance(entry, HistoryEntry) else None

    def _entry_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.current_entry()
        self.changes.set_changes(entry.changes if entry else [])
        has_changes = entry is not None and bool(entry.changes)
        self.changes_view.setVisible(has_changes)
        if entry is None:
            self.no_changes.setText(_("Choose a version above to see what it changed."))
        elif entry.deleted:
            self.no_changes.setText(_("This version deleted the record."))
        elif entry.parent_missing and not entry.changes:
            self.no_changes.setText(_("The version before this one is not on this device yet."))
        else:
            self.no_changes.setText(_("This version changed no field you can see."))
        self.no_changes.setVisible(not has_changes)
        if entry is not None:
            self.changes_caption.setText(
                _("What the version of {when} changed:").format(
                    when=format_datetime(entry.time, "medium")
                )
            )
        self._enable_restore(entry)

    def _enable_restore(self, entry: HistoryEntry | None) -> None:
        refusal = self.history.restore_refusal if self.history else None
        possible = entry is not None and not entry.deleted and not entry.shown
        self.restore_button.setEnabled(possible and refusal is None)
        self.refusal.setVisible(refusal is not None)
        self.refusal.setText(refusal or "")
        if entry is not None and entry.shown:
            self.restore_button.setToolTip(_("This is the version the record shows now."))
        elif entry is not None and entry.deleted:
            self.restore_button.setToolTip(_("A deletion has no fields to restore."))
        else:
            self.restore_button.setToolTip(
                _("Write this version's fields back as a new version; nothing is lost.")
            )

    # -- restoring -----------------------------------------------------------------------
    def confirm_restore(self) -> None:
        entry, history = self.current_entry(), self.history
        if entry is None or history is None or not self.restore_button.isEnabled():
            return
        when = format_datetime(entry.time, "medium")
        answer = QMessageBox.question(
            self,
            _("Restore this version?"),
            _(
                "Write the version of {when} by {who} back as a new version of “{title}”? "
                "The versions in between stay in the history, so this can be undone by "
                "restoring again."
            ).format(when=when, who=entry.author, title=history.title or ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(entry.version_id)

    def restore(self, version_id: str) -> None:
        history = self.history
        if history is None:
            return
        record_id = history.record_id
        shown = next((e.version_id for e in self.versions.entries if e.shown), None)

        def job(store: Store) -> RestoreResult:
            return restore_version(store, record_id, version_id, expected_shown=shown)

        self.restore_button.setEnabled(False)
        self.services.run(job, self._restored, self._restore_failed)

    def _restored(self, result: RestoreResult) -> None:
        lines = "; ".join(
            _("{field}: {old} → {new}").format(field=c.field, old=c.old, new=c.new)
            for c in result.changes
        )
        set_status(self.outcome, None)
        self.outcome.setText(
            _("Restored: a new version now shows {count}. {changes}").format(
                count=ngettext(
                    "{n} changed field", "{n} changed fields", len(result.changes)
                ).format(n=len(result.changes)),
                changes=lines,
            )
        )
        self.restored.emit(result.record_id)
        self.reload()

    def _restore_failed(self, error: BaseException) -> None:
        set_status(self.outcome, "error")
        self.outcome.setText(_("Nothing was restored: {error}").format(error=error))
        self._enable_restore(self.current_entry())

    def retranslate_ui(self) -> None:
        self.versions_caption.setText(_("&Versions, newest first"))
        self.changes_caption.setText(_("What it &changed:"))
        self.versions_view.setAccessibleName(_("Versions"))
        self.changes_view.setAccessibleName(_("Changed fields"))
        self.restore_button.setText(_("&Restore this version…"))
        self.versions.refresh_texts()
        self.changes.refresh_texts()
        self._show_state()
        self._entry_changed(QModelIndex(), QModelIndex())
        if self.record_id is not None:
            self.reload()  # field labels and values come from the store in the UI language
