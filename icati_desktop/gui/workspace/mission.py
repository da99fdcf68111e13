"""The workspace's "Mission brief…" and "Mission report…": choose a file (and, for a
report, the period), then print it on the database thread (``reports/country_report.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QWidget,
)

from icati_desktop.i18n import _, current_language
from icati_desktop.reports.country_report import DEFAULT_PERIOD_DAYS, MissionKind
from icati_desktop.store.store import Store


def mission_job(
    alpha3: str,
    out: Path,
    kind: MissionKind,
    language: str,
    period: tuple[date, date] | None = None,
) -> Callable[[Store], int]:
    def job(store: Store) -> int:
        from icati_desktop.reports.country_report import write_mission_pdf

        since, until = period if period is not None else (None, None)
        return write_mission_pdf(
            store, alpha3, out, kind=kind, language=language, date_from=since, date_to=until
        )

    return job


class PeriodDialog(QDialog):
    """The days a mission report covers: by default the 30 days up to today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mission report"))
        today = date.today()
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit, day in (
            (self.start, today - timedelta(days=DEFAULT_PERIOD_DAYS)),
            (self.end, today),
        ):
            edit.setCalendarPopup(True)
            edit.setDate(QDate(day.year, day.month, day.day))
        self.end.dateChanged.connect(lambda day: self.start.setMaximumDate(day))
        self.start.setMaximumDate(self.end.date())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Meetings held &from:"), self.start)
        form.addRow(_("&to:"), self.end)
        form.addRow(buttons)

    def period(self) -> tuple[date, date]:
        start, end = self.start.date(), self.end.date()
        return (
            date(start.year(), start.month(), start.day()),
            date(end.year(), end.month(), end.day()),
        )


def choose_mission_file(parent: QWidget, alpha3: str, kind: MissionKind) -> Path | None:
    title = (
        _("Save the mission brief") if kind is MissionKind.BRIEF else _("Save the mission report")
    )
    name = f"mission-{kind.value}-{alpha3}-{date.today().isoformat()}-{current_language()}.pdf"
    path, _filter = QFileDialog.getSaveFileName(parent, title, name, _("PDF documents (*.pdf)"))
    return Path(path) if path else None


__all__ = ["PeriodDialog", "choose_mission_file", "mission_job"]
