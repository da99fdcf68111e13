"""The History dialog: the History pane in a window of its own, opened from any record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from icati_desktop.gui.history.pane import HistoryPane
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _


class HistoryDialog(QDialog):
    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.pane = HistoryPane(services)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 600)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("History"))
        self.pane.retranslate_ui()

    def show_record(self, record_id: str) -> None:
        self.pane.show_record(record_id)

    def versions_focus(self) -> None:
        self.pane.versions_view.setFocus()


def open_history(parent: QWidget, services: AppServices, record_id: str) -> HistoryDialog:
    """Open the history of ``record_id`` (non-modal, so the record stays in view)."""
    dialog = HistoryDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show_record(record_id)
    dialog.show()
    dialog.raise_()
    dialog.versions_focus()
    return dialog
