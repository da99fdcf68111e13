"""The audit export for HQ: every change in a period, one row per changed field, CSV or XLSX.

Columns: time (UTC), author, device, record type, record, field, old value, new value
(and the version id, so a line can be traced to ``icati history``). Headers and values
are in the chosen language; values as the history shows them. Rows are streamed from
:func:`~icati_desktop.store.audit.audit_rows` straight into the file (openpyxl's
write-only workbook, or the csv module), so memory does not grow with the period.
The file is written under a hidden ``.partial`` name and renamed when complete: a
failure or a cancel never leaves half a file.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from icati_desktop.i18n import _
from icati_desktop.store.audit import AuditRow, audit_rows, versions_in_period
from icati_desktop.store.store import Store

SHEET_ROWS = 1_000_000
"""Rows per XLSX sheet before the export goes on in the next one."""
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


def _guard(text: str) -> str:
    # Spreadsheets run cells that start with these characters (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cells(row: AuditRow) -> list[str]:
    texts = [row.author, row.device_id, row.record_type_name, row.record_name]
    texts += [row.field, row.old, row.new, row.version_id]
    return [_guard(text) for text in texts]


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
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(
            _("export the audit to a .csv or .xlsx file, not {suffix}").format(
                suffix=suffix or _("a file without suffix")
            )
        )
    if not path.parent.is_dir():
        raise ValueError(
            _("folder {folder} does not exist: choose another place for the file").format(
                folder=path.parent
            )
        )
    start_ms, end_ms = period_ms(start, end)
    tmp = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        with store.read() as session:
            total = versions_in_period(session, start_ms, end_ms)

            def step(done: int) -> None:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                if progress is not None:
                    progress(done, total)

            rows = audit_rows(session, start_ms, end_ms, step)
            write = _write_csv if suffix == ".csv" else _write_xlsx
            count = write(tmp, rows)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return AuditSummary(path=path, versions=total, rows=count, start=start, end=end)


def _write_csv(tmp: Path, rows: Iterator[AuditRow]) -> int:
    count = 0
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        for row in rows:
            stamp = row.time.strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow([stamp, *_cells(row)])
            count += 1
        handle.flush()
        os.fsync(handle.fileno())
    return count


def _write_xlsx(tmp: Path, rows: Iterator[AuditRow]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    title = _("Changes")[:24]

    def new_sheet(number: int) -> Any:
        sheet = workbook.create_sheet(title if number == 1 else f"{title} {number}")
        sheet.freeze_panes = "A2"
        sheet.append(headers())
        return sheet

    sheets = 1
    sheet = new_sheet(sheets)
    count = 0
    try:
        for row in rows:
            if count and count % SHEET_ROWS == 0:  # a sheet holds 1,048,576 rows at most
                sheets += 1
                sheet = new_sheet(sheets)
            # Plain values (cells would be slower): a time becomes a date cell, and every
            # text is guarded by _cells, so none can start a formula.
            sheet.append([row.time.replace(tzinfo=None), *_cells(row)])
            count += 1
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(tmp)
    return count


def _discard(sheet: Any) -> None:
    """Close a write-only sheet given up half-way and remove its temporary file."""
    with suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    out = getattr(writer, "out", None)
    if isinstance(out, str):
        Path(out).unlink(missing_ok=True)


__all__ = ["AuditSummary", "ExportCancelled", "export_audit", "headers", "period_ms"]
