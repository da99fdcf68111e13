"""Deleting an event from the Events section: ask first (naming the event), delete on the
database thread, then say so with an Undo that brings the event back as it was.

A deletion is a version (:func:`icati_desktop.store.event_writes.delete_event`); Undo
writes what the event showed before it back on top of exactly that deletion
(:func:`~icati_desktop.store.event_writes.restore_event`), and is refused if the event
changed since. History can always restore an earlier version.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.conflict_values import isolate
from icati_desktop.i18n import _
from icati_desktop.store.event_writes import EventDeletion, delete_event, restore_event
from icati_desktop.store.store import Store


def confirm_event_deletion(parent: QWidget, title: str) -> bool:
    """Ask before deleting the event called ``title`` (Cancel is the default button)."""
    box = QMessageBox(parent)
    box.setObjectName("confirm_event_deletion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Delete this event?"))
    box.setText(_("Delete the event “{title}”?").format(title=isolate(title)))
    box.setInformativeText(
        _(
            "It leaves the list, search, calendar exports and outcome figures on every "
            "device after the next exchange. You can undo it; its history keeps every version."
        )
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(_("&Delete"))
    return box.exec() == QMessageBox.StandardButton.Yes


def list_delete_action(table: QAbstractItemView, delete: Callable[[], None]) -> QAction:
    """The list's "Delete event…": in its context menu and on its Delete key (the caller
    enables it and sets its text)."""
    action = QAction(table)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setEnabled(False)
    action.triggered.connect(delete)
    table.addAction(action)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


class EventDeleter(QFrame):
    """Deletes events and shows what it did: "Event “…” deleted." with Undo."""

    changed = Signal(str)
    """The id of an event deleted or brought back."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("event_deleted")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.last: EventDeletion | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo_event_deletion")
        self.undo_button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        self.retranslate_ui()
        self.hide()

    def confirm(self, title: str) -> bool:
        """Ask first; tests answer the real dialog or override this."""
        return confirm_event_deletion(self.window(), title)

    def delete(self, record_id: str, title: str) -> None:
        """Ask, then delete the event; nothing happens if the answer is no."""
        if not self.confirm(title):
            return

        def job(store: Store) -> EventDeletion:
            return delete_event(store, record_id)

        self.services.run(job, self._deleted, self._failed)

    def _deleted(self, deletion: EventDeletion) -> None:
        self.last = deletion
        text = _("Event “{title}” deleted.").format(title=isolate(deletion.title))
        self.message.setText(f"<b>{html.escape(text)}</b>")
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        self.show()
        self.changed.emit(deletion.record_id)

    def undo(self) -> None:
        deletion = self.last
        if deletion is None:
            return
        self.undo_button.setEnabled(False)

        def job(store: Store) -> None:
            restore_event(store, deletion.record_id, deletion.version_id)

        self.services.run(job, lambda _none: self._restored(deletion), self._failed)

    def _restored(self, deletion: EventDeletion) -> None:
        self.last = None
        text = _("Event “{title}” restored.").format(title=isolate(deletion.title))
        self.message.setText(html.escape(text))
        self.undo_button.setVisible(False)
        self.changed.emit(deletion.record_id)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(html.escape(str(error)))
        self.undo_button.setVisible(False)
        self.show()

    def retranslate_ui(self) -> None:
        self.undo_button.setText(_("&Undo deletion"))
        self.undo_button.setToolTip(_("Bring the event back as it was before it was deleted"))
