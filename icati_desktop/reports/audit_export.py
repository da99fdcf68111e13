"""The audit export for HQ: every change in a period, one row per changed field, CSV or XLSX.

Columns: time (UTC), author, device, record type, record, field, old value, new value
(and the version id, so a line can be traced to ``icati history``). Headers and values
are in the chosen language; values as the history shows them. Rows are streamed from
:func:`~icati_desktop.store.audit.audit_rows` straight into the file
(:mod:`icati_desktop.reports.table_files`), so memory does not grow with the period.
The file is written under a hidden ``.partial`` name and renamed when complete: a
failure or a cancel never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icati_desktop.i18n import _
from icati_desktop.reports.table_files import Cell, checked_suffix, guard, write_table
from icati_desktop.store.audit import AuditRow, audit_rows, versions_in_period
from icati_desktop.store.store import Store

SHEET_ROWS = 1_000_000
"""Rows per XLSX sheet before the export goes on in the next one (in the CSV, one file)."""
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(Exception):
    """The person cancelled the export; nothing was written."""


@dataclass(frozen=True)
class AuditSummary:
    path: Path
    versions: int
    rows: int
    start: date
    end: date


def headers() -> list[str]:
    return [
        _("Time (UTC)"),
        _("Author"),
        _("Device"),
        _("Record type"),
        _("Record"),
        _("Field"),
        _("Old value"),
        _("New value"),
        _("Version"),
    ]


def _cells(row: AuditRow) -> list[Cell]:
    """The time as a date cell (UTC, which a spreadsheet cannot store), every text guarded."""
    texts = [row.author, row.device_id, row.record_type_name, row.record_name]
    texts += [row.field, row.old, row.new, row.version_id]
    return [row.time.replace(tzinfo=None), *(guard(text) for text in texts)]


def period_ms(start: date, end: date) -> tuple[int, int]:
    """``[start 00:00 UTC, the day after end 00:00 UTC)`` in milliseconds."""
    if end < start:
        raise ValueError(
            _("the period ends ({end}) before it starts ({start}): swap --from and --to").format(
                start=start.isoformat(), end=end.isoformat()
            )
        )
    first = datetime.combine(start, time(0), UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), UTC)
    return int(first.timestamp() * 1000), int(after.timestamp() * 1000)


def export_audit(
    store: Store,
    start: date,
    end: date,
    path: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> AuditSummary:
    """Write every change with a clock between ``start`` and ``end`` (whole UTC days)."""
    message = _("export the audit to a .csv or .xlsx file, not {suffix}")
    checked_suffix(path, (".csv", ".xlsx"), message)
    if not path.parent.is_dir():
        raise ValueError(
            _("folder {folder} does not exist: choose another place for the file").format(
                folder=path.parent
            )
        )
    start_ms, end_ms = period_ms(start, end)
    with store.read() as session:
        total = versions_in_period(session, start_ms, end_ms)

        def step(done: int) -> None:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress is not None:
                progress(done, total)

        rows = (_cells(row) for row in audit_rows(session, start_ms, end_ms, step))
        title = _("Changes")[:24]
        count = write_table(path, headers(), rows, title=title, sheet_rows=SHEET_ROWS)
    return AuditSummary(path=path, versions=total, rows=count, start=start, end=end)


__all__ = ["AuditSummary", "ExportCancelled", "export_audit", "headers", "period_ms"]
