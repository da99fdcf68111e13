"""Tables to CSV or XLSX files: the one writer behind every spreadsheet export.

A table is a header and rows of cells. CSV is UTF-8 with a byte-order mark (so
spreadsheet programs show non-Latin text), dates as ISO text. XLSX is streamed with
openpyxl's write-only workbook, so memory does not grow with the rows: the header row is
frozen, dates and times are real date cells, numbers real numbers, and no text is ever a
formula. A sheet that would pass :data:`SHEET_ROWS` rows goes on in a next one ("Title
2", …) with the header again. Files are written atomically
(:mod:`icati_desktop.atomic_file`): a failure or a cancel leaves neither the file nor a
partial one, and no temporary file of openpyxl either.

Free text from people must still go through :func:`guard` where the row is built: a
spreadsheet opening a CSV file runs cells that start with ``=``, ``+``, ``-`` or ``@``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from icati_desktop.atomic_file import atomic_path, atomic_text
from icati_desktop.i18n import _

Cell = str | int | float | Decimal | date | None
"""A value of a table (a ``datetime`` is a ``date`` too); ``None`` is an empty cell."""
SUFFIXES = (".csv", ".xlsx")
SHEET_ROWS = 1_000_000
"""Rows per XLSX sheet before the table goes on in the next one (Excel stops at 1,048,576)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``text`` made safe from spreadsheets that run cells starting with these characters
    (CSV injection): a leading ``'`` makes them plain text. Guarding twice changes nothing."""
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def checked_suffix(path: Path, allowed: Sequence[str], message: str) -> str:
    """``path``'s suffix (lower case) if one of ``allowed``; else a ValueError with the
    translated ``message``, whose ``{suffix}`` names the one given."""
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise ValueError(message.format(suffix=suffix or _("a file without suffix")))
    return suffix


def cells(row: Mapping[str, Cell], columns: Sequence[str]) -> list[Cell]:
    """A row kept by column name, in the order of ``columns``."""
    return [row[column] for column in columns]


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: ``header`` (none: no header row and nothing frozen) and
    ``rows``; ``widths`` sets column widths by letter (``{"A": 60}``)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    widths: Mapping[str, float] = field(default_factory=dict)


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str,
    sheet_rows: int = SHEET_ROWS,
) -> int:
    """Write ``path`` as CSV or XLSX by its suffix (``title`` names the XLSX sheet),
    atomically; the number of rows written (the header not counted)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:  # callers check first, with their own words
        raise ValueError(f"a table is written to .csv or .xlsx, not {path.name}")
    if suffix == ".csv":
        return write_csv(path, header, rows)
    return write_workbook(path, [Sheet(title, header, rows)], sheet_rows=sheet_rows)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """The CSV file of a table, atomically; the number of rows."""
    count = 0
    with atomic_text(path, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(value) for value in row])
            count += 1
    return count


def _text(value: Cell) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    right_to_left: bool | None = None,
    sheet_rows: int = SHEET_ROWS,
    title: str | None = None,
) -> int:
    """An XLSX workbook of ``sheets`` in that order, atomically; the number of rows
    written in all of them (headers not counted). ``right_to_left`` sets the sheets'
    direction (``None``: the spreadsheet program's default); ``title``, the document's
    title (its properties)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    if title is not None:
        workbook.properties.title = title
    count = 0
    with atomic_path(path) as tmp:
        try:
            for sheet in sheets:
                count += _fill(workbook, sheet, right_to_left, sheet_rows)
            _save(workbook, tmp)
        except BaseException:
            for worksheet in workbook.worksheets:
                _discard(worksheet)
            raise
    return count


def _fill(workbook: Any, sheet: Sheet, right_to_left: bool | None, sheet_rows: int) -> int:
    def new_sheet(number: int) -> Any:
        title = sheet.title if number == 1 else f"{sheet.title[:24]} {number}"
        worksheet = workbook.create_sheet(title)
        if right_to_left is not None:
            worksheet.sheet_view.rightToLeft = right_to_left
        for letter, width in sheet.widths.items():
            worksheet.column_dimensions[letter].width = width
        if sheet.header:
            worksheet.freeze_panes = "A2"
            worksheet.append(_xlsx_row(worksheet, sheet.header))
        return worksheet

    number = 1
    worksheet = new_sheet(number)
    count = 0
    for row in sheet.rows:
        if count and count % sheet_rows == 0:
            number += 1
            worksheet = new_sheet(number)
        worksheet.append(_xlsx_row(worksheet, row))
        count += 1
    return count


def _save(workbook: Any, tmp: Path) -> None:
    """``workbook.save(tmp)``, but a failed save (a full disk) closes its archive: left
    open, its finaliser would try to finish the file again later and complain."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(tmp, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
    try:
        ExcelWriter(workbook, archive).save()  # closes the archive
    except BaseException:
        with suppress(Exception):
            archive.close()
        raise


def _xlsx_row(worksheet: Any, row: Sequence[Cell]) -> list[object]:
    """Plain values (cells would be slower), but a text openpyxl would take for a formula
    (it starts with ``=``) is written as a text cell."""
    from openpyxl.cell import WriteOnlyCell

    values: list[object] = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            text = WriteOnlyCell(worksheet, value)
            text.data_type = "s"
            values.append(text)
        else:
            values.append(value)
    return values


def _discard(worksheet: Any) -> None:
    """Close a write-only sheet given up half-way and remove its temporary file (openpyxl
    would keep it until the process ends)."""
    with suppress(Exception):
        worksheet.close()
    writer = getattr(worksheet, "_writer", None)
    out = getattr(writer, "out", None)
    if isinstance(out, str):
        Path(out).unlink(missing_ok=True)


__all__ = [
    "SHEET_ROWS",
    "SUFFIXES",
    "Cell",
    "Sheet",
    "cells",
    "checked_suffix",
    "guard",
    "write_csv",
    "write_table",
    "write_workbook",
]
