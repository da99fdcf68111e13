"""Export of the outcomes report from the dashboard: where to, then written off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from icati_desktop.domain.indicators import Period
from icati_desktop.gui.outcomes.jobs import export_job
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language

if TYPE_CHECKING:
    from icati_desktop.store.outcome_facts import Scope


def choose_report_file(parent: QWidget, suffix: str, scope: Scope) -> Path | None:
    kind = _("PDF document (*.pdf)") if suffix == ".pdf" else _("Excel workbook (*.xlsx)")
    stem = "icati-outcomes" + (f"-{scope.country}" if scope.country else "")
    name, _chosen = QFileDialog.getSaveFileName(
        parent, _("Export the outcomes report"), f"{stem}{suffix}", kind
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def write_report(
    services: AppServices, status: QLabel, period: Period, scope: Scope, path: Path
) -> None:
    """Write the report; ``status`` says where it went, or why it could not be written."""
    status.setText(_("Writing {file}…").format(file=path.name))

    def done(_count: int) -> None:
        status.setText(_("Report written to {file}").format(file=path))

    def failed(error: BaseException) -> None:
        status.setText(_("The report could not be written: {error}").format(error=error))

    services.run(export_job(period, scope, path, current_language()), done, failed)
