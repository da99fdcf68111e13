"""Export the action items listed to Excel, CSV or a calendar file (ICS)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from icati_desktop.gui.actions.jobs import export_job
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.action_items import ItemFilter


def ask_export_path(parent: QWidget) -> Path | None:
    """Ask where to export; a name without a known ending becomes a spreadsheet."""
    name, _chosen = QFileDialog.getSaveFileName(
        parent,
        _("Export action items"),
        "action-items.xlsx",
        _("Spreadsheet (*.xlsx);;CSV (*.csv);;Calendar (*.ics)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() in (".xlsx", ".csv", ".ics") else path.with_suffix(".xlsx")


def export_items(
    services: AppServices,
    flt: ItemFilter,
    path: Path,
    say: Callable[[str], None],
    report: Callable[[BaseException], None],
) -> None:
    """Write the items ``flt`` lets through to ``path`` on the DB worker; ``say`` how many."""

    def done(count: int) -> None:
        say(
            ngettext(
                "{n} action item exported to {file}",
                "{n} action items exported to {file}",
                count,
            ).format(n=format_number(count), file=path)
        )

    services.run(export_job(flt, path, current_language()), done, report)
