"""Home: this device, where it stands with HQ, a dashboard for its role, and what the
store holds. The dashboard (``home_dashboard``) shows a field expert's countries with
their phase, overdue actions and what is coming up, and the central office's targets,
bundles waiting to be imported and open conflicts."""

from __future__ import annotations

import html
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.alignment import align_leading
from icati_desktop.gui.icons import set_icon
from icati_desktop.gui.labels import record_type_label
from icati_desktop.gui.settings import LAST_BUNDLE_DIR
from icati_desktop.gui.sync.status_text import status_text
from icati_desktop.i18n import _, format_number

if TYPE_CHECKING:
    from icati_desktop.gui.pages.home_dashboard import FieldDashboardView, HqDashboardView
    from icati_desktop.gui.services import AppServices
    from icati_desktop.store.home_dashboard import FieldDashboard, HqDashboard
    from icati_desktop.store.store import Store
    from icati_desktop.store.summary import StoreSummary
    from icati_desktop.store.sync_status import SyncStatus


def collation_key(text: str) -> str:
    """Sorts as people of the language expect: accents and case do not come first
    ("Évaluations" before "Réunions")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class HomePage(QWidget):
    help_anchor = "finding-your-way-around"
    """Its section of the user guide (F1)."""

    export_requested = Signal()
    import_requested = Signal()
    record_requested = Signal(str, str)
    outcomes_requested = Signal()
    conflicts_requested = Signal()
    bundle_requested = Signal(object)
    """A waiting bundle's path: preview it, then import."""
    bundles_requested = Signal(object)
    """Every waiting bundle, to import in one go."""

    def __init__(self, services: AppServices | None = None, today: date | None = None) -> None:
        super().__init__()
        self.services = services
        self.today = today
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
            align_leading(value)  # a Latin path or name in Arabic starts beside its caption
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
        header = self.counts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.counts_box = QGroupBox()
        QVBoxLayout(self.counts_box).addWidget(self.counts)
        self.counts_box.setMaximumWidth(340)
        self.dashboard = QStackedWidget()
        """The dashboard of the device's role, built when the store says which (after the
        first paint: it loads the country and outcome models)."""
        self._field_view: FieldDashboardView | None = None
        self._hq_view: HqDashboardView | None = None
        lower = QHBoxLayout()
        lower.addWidget(self.dashboard, 1)
        lower.addWidget(self.counts_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.store_box)
        layout.addLayout(actions)
        layout.addLayout(lower, 1)
        self._role: str | None = None
        self._timer = QTimer(self)  # a burst of changes costs one refresh
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._refresh_if_shown)
        self._stale = False
        if services is not None:
            services.records_changed.connect(lambda *_args: self._timer.start())
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
        self.counts_box.setTitle(_("What this store holds"))
        for view in (self._field_view, self._hq_view):
            if view is not None:
                view.retranslate_ui()
        if self._summary is not None:
            self.show_summary(self._summary)
        if self._status is not None:
            self.show_status(self._status)

    @property
    def field_view(self) -> FieldDashboardView:
        if self._field_view is None:
            from icati_desktop.gui.pages.home_dashboard import FieldDashboardView

            self._field_view = FieldDashboardView()
            self._field_view.record_requested.connect(self.record_requested)
            self.dashboard.addWidget(self._field_view)
        return self._field_view

    @property
    def hq_view(self) -> HqDashboardView:
        if self._hq_view is None:
            from icati_desktop.gui.pages.home_dashboard import HqDashboardView

            view = self._hq_view = HqDashboardView()
            view.record_requested.connect(self.record_requested)
            view.outcomes_requested.connect(self.outcomes_requested)
            view.conflicts_requested.connect(self.conflicts_requested)
            view.bundle_requested.connect(self.bundle_requested)
            view.bundles_requested.connect(self.bundles_requested)
            self.dashboard.addWidget(view)
        return self._hq_view

    def show_summary(self, summary: StoreSummary) -> None:
        self._summary = summary
        welcome = _("Welcome, {name}").format(name=html.escape(summary.name or ""))
        self.greeting.setText(f"<h2>{welcome}</h2>")
        role = _("central office") if summary.role == "hq" else _("field device")
        self.device_label.setText(f"{summary.name} — {role} ({summary.device_id})")
        self.database_label.setText(summary.database)
        self.content_label.setText(summary.content_release or _("not loaded"))
        rows = sorted(
            summary.records.items(), key=lambda item: collation_key(record_type_label(item[0]))
        )
        self.counts.setRowCount(len(rows))
        for row, (record_type, count) in enumerate(rows):
            self.counts.setItem(row, 0, QTableWidgetItem(record_type_label(record_type)))
            number = QTableWidgetItem(format_number(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(row, 1, number)
        self.counts.resizeRowsToContents()
        if summary.role != self._role:
            self._role = summary.role
            self.dashboard.setCurrentWidget(
                self.hq_view if summary.role == "hq" else self.field_view
            )
            self.refresh_dashboard()

    def _refresh_if_shown(self) -> None:
        """Changes while Home is hidden (an import in the Sync section…) cost nothing until
        Home is shown again."""
        if self.isVisible():
            self.refresh_dashboard()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh_dashboard()

    def refresh_dashboard(self) -> None:
        """Read the dashboard of the device's role (on the database thread)."""
        if self.services is None or self._role is None:
            return
        today = self.today or date.today()
        if self._role == "hq":
            folder_text = LAST_BUNDLE_DIR.get(QSettings())
            folder = Path(folder_text) if folder_text else None

            def hq_job(store: Store) -> HqDashboard:
                from icati_desktop.store.home_dashboard import read_hq_dashboard

                return read_hq_dashboard(store, today, folder)

            self.services.run(hq_job, self.hq_view.show_data, self._failed)
        else:

            def field_job(store: Store) -> FieldDashboard:
                from icati_desktop.store.home_dashboard import field_dashboard

                return field_dashboard(store, today)

            self.services.run(field_job, self.field_view.show_data, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.greeting.setToolTip(_("The dashboard could not be read: {error}").format(error=error))

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self.sync_label.setText(status_text(status))
