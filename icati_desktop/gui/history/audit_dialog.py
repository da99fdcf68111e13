"""File > Export the audit of changes (HQ): a period, a file, then the export with progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.services import AppServices, Cancelled, Progress
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, format_date, format_number
from icati_desktop.reports.audit_export import AuditSummary, ExportCancelled, export_audit
from icati_desktop.store.store import Store


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class AuditPeriodDialog(QDialog):
    """Asks for the first and last day of the period (whole days, UTC)."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.start = _date_edit(today.replace(day=1))
        self.end = _date_edit(today)
        self.start_label, self.end_label = QLabel(), QLabel()
        self.start_label.setBuddy(self.start)
        self.end_label.setBuddy(self.end)
        self.problem = QLabel()
        set_status(self.problem, "error")
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.start_label, self.start)
        form.addRow(self.end_label, self.end)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Export the audit of changes"))
        self.intro.setText(
            _(
                "Every change made in the period, one row per changed field: when, who, on "
                "which device, which record, the field, the old and the new value. Days are "
                "counted in UTC."
            )
        )
        self.start_label.setText(_("&From:"))
        self.end_label.setText(_("&To (included):"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Choose the file…"))

    def period(self) -> tuple[date, date]:
        start, end = self.start.date(), self.end.date()
        return (
            date(start.year(), start.month(), start.day()),
            date(end.year(), end.month(), end.day()),
        )

    def _accept(self) -> None:
        start, end = self.period()
        if end < start:
            self.problem.setText(_("The period ends before it starts: change From or To."))
            self.problem.show()
            return
        self.accept()


def export_audit_interactively(parent: QWidget, services: AppServices) -> None:
    """Ask for the period and the file, then export with progress and say what was written."""
    dialog = AuditPeriodDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    start, end = dialog.period()
    suggested = f"icati-audit-{start.isoformat()}-{end.isoformat()}.xlsx"
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Export the audit of changes"),
        suggested,
        _("Excel workbook (*.xlsx);;CSV file (*.csv)"),
    )
    if not name:
        return
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".xlsx")

    def job(store: Store, progress: Progress, cancelled: Cancelled) -> AuditSummary:
        return export_audit(store, start, end, path, progress, cancelled)

    def done(summary: AuditSummary) -> None:
        QMessageBox.information(
            parent,
            _("Audit exported"),
            _(
                "{rows} changed fields of {versions} versions, {start} to {end}, written to {path}."
            ).format(
                rows=format_number(summary.rows),
                versions=format_number(summary.versions),
                start=format_date(summary.start),
                end=format_date(summary.end),
                path=summary.path,
            ),
        )

    def failed(error: BaseException) -> None:
        if isinstance(error, ExportCancelled):
            return
        QMessageBox.warning(
            parent,
            _("Audit not exported"),
            _("Nothing was written: {error}").format(error=error),
        )

    services.run_long(parent, _("Exporting the audit…"), job, done, failed)
