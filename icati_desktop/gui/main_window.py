"""The main window: for now, which store is open and what it holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.store.summary import StoreSummary, store_summary

RECORD_LABELS = {
    "country": "Countries",
    "resource": "Library resources",
    "curriculum": "Curricula",
    "form_definition": "Assessment forms",
}


class MainWindow(QMainWindow):
    def __init__(self, worker: DatabaseWorker) -> None:
        super().__init__()
        self._worker = worker
        self.setWindowTitle("ICATI Desktop")
        self.resize(1000, 680)
        self.database_label = QLabel()
        self.device_label = QLabel()
        self.content_label = QLabel()
        for label in (self.database_label, self.device_label, self.content_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        store_box = QGroupBox("Store")
        form = QFormLayout(store_box)
        form.addRow("Database:", self.database_label)
        form.addRow("This device:", self.device_label)
        form.addRow("Default content:", self.content_label)
        self.counts = QTableWidget(0, 2)
        self.counts.setHorizontalHeaderLabels(["Records", "Count"])
        self.counts.horizontalHeader().setStretchLastSection(True)
        self.counts.verticalHeader().setVisible(False)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts.setAccessibleName("Records in this store")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(store_box)
        layout.addWidget(self.counts, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Opening the store…")
        self.refresh()

    def refresh(self) -> None:
        self._worker.submit(store_summary, self.show_summary, self.show_error)

    def show_summary(self, summary: StoreSummary) -> None:
        self.database_label.setText(summary.database)
        self.device_label.setText(
            f"{summary.name} — {summary.role} ({summary.device_id})"
            if summary.device_id
            else "not set up"
        )
        self.content_label.setText(summary.content_release or "not loaded")
        rows = sorted(summary.records.items())
        self.counts.setRowCount(len(rows))
        for row, (record_type, count) in enumerate(rows):
            label = RECORD_LABELS.get(record_type, record_type.replace("_", " ").capitalize())
            self.counts.setItem(row, 0, QTableWidgetItem(label))
            number = QTableWidgetItem(str(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(row, 1, number)
        self.counts.resizeColumnsToContents()
        conflicts = f" · {summary.conflicts} open conflicts" if summary.conflicts else ""
        self.statusBar().showMessage(f"{summary.versions} versions stored{conflicts}")

    def show_error(self, error: BaseException) -> None:
        self.statusBar().showMessage(f"The store could not be read: {error}")
