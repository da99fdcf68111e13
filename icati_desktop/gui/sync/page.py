"""Sync: send and receive bundles, and the history of every exchange."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.sync.status_text import status_text
from icati_desktop.i18n import _, format_datetime, format_number
from icati_desktop.store.sync_state import BundleLogEntry
from icati_desktop.store.sync_status import SyncStatus


class SyncPage(QWidget):
    help_anchor = "3-syncing-with-hq"
    """Its section of the user guide (F1)."""

    export_requested = Signal()
    import_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.export_button = QPushButton()
        self.import_button = QPushButton()
        self.export_button.clicked.connect(self.export_requested)
        self.import_button.clicked.connect(self.import_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.history_title = QLabel()
        self.history = QTableWidget(0, 5)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.status_label, self.hint):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history, 1)
        self._entries: list[BundleLogEntry] = []
        self._status: SyncStatus | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Sync with HQ")))
        self.hint.setText(
            _(
                "Bundles travel on a USB stick or by email. You can also drop a .icati file "
                "anywhere on this window to import it; every change is shown before it is applied."
            )
        )
        self.export_button.setText(_("&Export a bundle…"))
        self.import_button.setText(_("&Import a bundle…"))
        self.history_title.setText("<b>{}</b>".format(_("History")))
        self.history.setAccessibleName(_("Bundles exported and imported"))
        self.history.setHorizontalHeaderLabels(
            [_("When"), _("Direction"), _("From"), _("Changes"), _("File")]
        )
        self.show_history(self._entries)
        if self._status is not None:
            self.show_status(self._status)

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self.status_label.setText(status_text(status))

    def show_history(self, entries: list[BundleLogEntry]) -> None:
        self._entries = entries
        self.history.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = format_datetime(datetime.fromisoformat(entry.processed_at), "short")
            direction = _("exported") if entry.direction == "export" else _("imported")
            versions = entry.summary.get("added", entry.summary.get("versions", 0))
            cells = [
                when,
                direction,
                entry.source_name,
                format_number(int(versions)),
                entry.file_name,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.history.setItem(row, column, item)
        self.history.resizeColumnsToContents()
