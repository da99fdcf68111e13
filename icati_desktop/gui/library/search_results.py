"""The global search: countries, the library, people, institutions, meetings, action
items, assessments and forms, found by the words shown in any language.

Grouped by type, best first, each hit by its name in the UI language with its snippet
(matches in bold). A search is bounded (``limit_per_type`` hits of each type), so a tree
of items is enough here. Activating a hit asks for it (``record_requested``); the main
window opens it through its :class:`~icati_desktop.gui.record_openers.RecordOpeners`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.library.jobs import search_job
from icati_desktop.gui.library.model import SNIPPET_ROLE, SnippetDelegate
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.search import SearchResults
from icati_desktop.vocabulary import search_group_label

RECORD_TYPE_ROLE = Qt.ItemDataRole.UserRole + 10
SEARCH_DELAY_MS = 250


class GlobalSearchPopup(QDialog):
    """Search everything; activating a hit asks to show that record."""

    record_requested = Signal(str, str)
    """record type, record id."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self.results: SearchResults | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.field = QLineEdit()
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(lambda _t: self.timer.start())
        self.field.returnPressed.connect(self._enter)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setItemDelegate(SnippetDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.resize(620, 520)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Search everything"))
        self.field.setPlaceholderText(
            _("Countries, library, people, meetings, action items… in any language")
        )
        self.field.setAccessibleName(_("Search text"))
        self.tree.setAccessibleName(_("Search results"))
        if self.results is not None:
            self.show_results(self.results)

    def search(self, text: str) -> None:
        """Show the popup searching for ``text``."""
        self.field.blockSignals(True)
        self.field.setText(text)
        self.field.blockSignals(False)
        self.run_search()

    def run_search(self) -> None:
        self.timer.stop()
        self._generation += 1
        generation, text, language = self._generation, self.field.text(), current_language()

        def show(results: SearchResults) -> None:
            if generation == self._generation:
                self.show_results(results)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.summary.setText(_("The search failed: {error}").format(error=error))

        self.services.run(lambda store: search_job(store, text, language), show, failed)

    def show_results(self, results: SearchResults) -> None:
        self.results = results
        self.model.clear()
        for group in results.groups:
            count = format_number(group.total)
            heading = QStandardItem(f"{search_group_label(group.record_type)} ({count})")
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setSelectable(False)
            heading.setData(group.record_type, RECORD_TYPE_ROLE)
            for hit in group.hits:
                item = QStandardItem(hit.title or _("(untitled)"))
                item.setData(hit.record_id, RECORD_ID_ROLE)
                item.setData(hit.record_type, RECORD_TYPE_ROLE)
                item.setData(hit.snippet or None, SNIPPET_ROLE)
                heading.appendRow(item)
            self.model.appendRow(heading)
        self.tree.expandAll()
        if not results.query.strip():
            self.summary.setText("")
        elif results.total == 0:
            self.summary.setText(
                _(
                    "Nothing found for “{text}”. Try fewer words or the start of a word; "
                    "names are found in any language."
                ).format(text=results.query.strip())
            )
        else:
            self.summary.setText(
                ngettext("{n} match", "{n} matches", results.total).format(
                    n=format_number(results.total)
                )
            )
        first = self.model.index(0, 0)
        if first.isValid() and self.model.rowCount(first) > 0:
            self.tree.setCurrentIndex(self.model.index(0, 0, first))

    def group_titles(self) -> dict[str, list[str]]:
        """record type → the titles listed under it (for tests and accessibility checks)."""
        out: dict[str, list[str]] = {}
        for row in range(self.model.rowCount()):
            heading = self.model.item(row)
            out[str(heading.data(RECORD_TYPE_ROLE))] = [
                heading.child(i).text() for i in range(heading.rowCount())
            ]
        return out

    def activate(self, index: QModelIndex) -> None:
        self._activated(index)

    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(RECORD_ID_ROLE)
        if not record_id:
            return
        self.record_requested.emit(str(index.data(RECORD_TYPE_ROLE)), str(record_id))

    def _enter(self) -> None:
        if self.timer.isActive():
            self.run_search()
        elif self.tree.currentIndex().isValid():
            self._activated(self.tree.currentIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self.field.hasFocus():
            self.tree.setFocus()
            return
        super().keyPressEvent(event)
