"""Home: this device, where it stands with HQ, and what the store holds."""

from __future__ import annotations

import html
from functools import cmp_to_key
from typing import TYPE_CHECKING

from PySide6.QtCore import QCollator, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.icons import set_icon
from icati_desktop.gui.labels import record_type_label
from icati_desktop.gui.sync.status_text import status_text
from icati_desktop.i18n import _, format_number

if TYPE_CHECKING:
    from icati_desktop.store.summary import StoreSummary
    from icati_desktop.store.sync_status import SyncStatus


class HomePage(QWidget):
    help_anchor = "finding-your-way-around"
    """Its section of the user guide (F1)."""

    export_requested = Signal()
    import_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.greeting = QLabel()
        self.greeting.setObjectName("pageTitle")
        self.store_box = QGroupBox()
        form = QFormLayout(self.store_box)
        self.device_label, self.database_label, self.content_label, self.sync_label = (
            QLabel(),
            QLabel(),
            QLabel(),
            QLabel(),
        )
        self._form_labels = [QLabel() for _ in range(4)]
        for caption, value in zip(
            self._form_labels,
            (self.device_label, self.database_label, self.content_label, self.sync_label),
            strict=True,
        ):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(caption, value)
        self.export_button = QPushButton()
        set_icon(self.export_button, "upload")
        self.import_button = QPushButton()
        set_icon(self.import_button, "download")
        self.export_button.clicked.connect(self.export_requested)
        self.import_button.clicked.connect(self.import_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        self.counts = QTableWidget(0, 2)
        self.counts.verticalHeader().setVisible(False)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # The label column takes the room; the count stays right beside it.
        header = self.counts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.counts.setMaximumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.store_box)
        layout.addLayout(actions)
        layout.addWidget(self.counts, 1)
        self._summary: StoreSummary | None = None
        self._status: SyncStatus | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.store_box.setTitle(_("This device"))
        for caption, text in zip(
            self._form_labels,
            (_("Device:"), _("Data:"), _("Default content:"), _("Sync:")),
            strict=True,
        ):
            caption.setText(text)
        self.export_button.setText(_("&Export a bundle…"))
        self.import_button.setText(_("&Import a bundle…"))
        self.counts.setHorizontalHeaderLabels([_("Records"), _("Count")])
        self.counts.setAccessibleName(_("Records in this store"))
        if self._summary is not None:
            self.show_summary(self._summary)
        if self._status is not None:
            self.show_status(self._status)

    def show_summary(self, summary: StoreSummary) -> None:
        self._summary = summary
        welcome = _("Welcome, {name}").format(name=html.escape(summary.name or ""))
        self.greeting.setText(f"<h2>{welcome}</h2>")
        role = _("central office") if summary.role == "hq" else _("field device")
        self.device_label.setText(f"{summary.name} — {role} ({summary.device_id})")
        self.database_label.setText(summary.database)
        self.content_label.setText(summary.content_release or _("not loaded"))
        collator = QCollator(QLocale())  # "Évaluations" before "Réunions" in French
        by_label = cmp_to_key(collator.compare)
        rows = sorted(
            summary.records.items(), key=lambda item: by_label(record_type_label(item[0]))
        )
        self.counts.setRowCount(len(rows))
        for row, (record_type, count) in enumerate(rows):
            self.counts.setItem(row, 0, QTableWidgetItem(record_type_label(record_type)))
            number = QTableWidgetItem(format_number(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(row, 1, number)

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self.sync_label.setText(status_text(status))
