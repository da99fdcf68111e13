"""The first sheet of an XLSX file, or a CSV file, as a header row and data rows.

CSV files come from many spreadsheet programs: the encoding is read from a byte-order
mark (UTF-8, UTF-16) or tried as UTF-8 and then Windows-1252; the delimiter is sniffed
among comma, semicolon and tab (Excel in French or Arabic locales writes semicolons).
XLSX files are read with openpyxl in read-only mode, values only (never formulas).

Cells the exports guarded against CSV injection (a ``'`` before ``= + - @`` tab or CR)
read back as the original text. Row numbers are the sheet's own (the header is row 1),
so a problem can be found in the file as the user sees it.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeAlias

from icati_desktop.i18n import _

Cell: TypeAlias = str | int | float | bool | date | datetime | time | None
MAX_ROWS = 100_000
"""More rows than this is not a spreadsheet kept by hand; split the file."""
MAX_BYTES = 200 * 1024 * 1024
_GUARDED = ("=", "+", "-", "@", "\t", "\r")
_DELIMITERS = ",;\t"


class TableUnreadable(ValueError):
    """The file is not a table this reader can read; the message says what to do."""


@dataclass(frozen=True)
class SheetRow:
    number: int
    """The row's number in the sheet (the header row is 1)."""
    cells: tuple[Cell, ...]

    def cell(self, index: int | None) -> Cell:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    header_number: int = 1
    """The header row's number in the sheet."""


def unguard(value: Cell) -> Cell:
    """The text an export wrote before guarding it against CSV injection."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in _GUARDED:
        return value[1:]
    return value


def _blank(cells: tuple[Cell, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _table(raw: list[tuple[Cell, ...]], name: str) -> Table:
    header_at = next((i for i, cells in enumerate(raw) if not _blank(cells)), None)
    if header_at is None:
        raise TableUnreadable(
            _("{name} holds no rows; put the column names in the first row").format(name=name)
        )
    headers = tuple("" if c is None else str(c).strip() for c in raw[header_at])
    rows = tuple(
        SheetRow(header_at + i + 2, tuple(unguard(c) for c in cells))
        for i, cells in enumerate(raw[header_at + 1 :])
        if not _blank(cells)
    )
    if len(rows) > MAX_ROWS:
        raise TableUnreadable(
            _("{name} has more than {limit} rows; split it into smaller files").format(
                name=name, limit=MAX_ROWS
            )
        )
    return Table(headers, rows, header_at + 1)


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(_DELIMITERS, key=first.count) if first else ","


def _read_csv(path: Path) -> Table:
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    raw: list[tuple[Cell, ...]] = []
    for cells in reader:
        raw.append(tuple(c if c.strip() else None for c in cells))
        if len(raw) > MAX_ROWS + 2:
            break
    return _table(raw, path.name)


def _read_xlsx(path: Path) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableUnreadable(
            _(
                "{name} is not an Excel workbook (.xlsx) that can be read ({error}); "
                "save it again from the spreadsheet program"
            ).format(name=path.name, error=exc)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        raw: list[tuple[Cell, ...]] = []
        for values in sheet.iter_rows(values_only=True):
            raw.append(tuple(_plain(v) for v in values))
            if len(raw) > MAX_ROWS + 2:
                break
    finally:
        workbook.close()
    return _table(raw, path.name)


def _plain(value: object) -> Cell:
    """A cell's value as text, number, date or nothing (rich text and errors as text)."""
    if value is None or isinstance(value, str | int | float | bool | date | datetime | time):
        return value
    return str(value)


def read_table(path: Path) -> Table:
    """The table in ``path`` (.xlsx or .csv); :class:`TableUnreadable` says why not."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise TableUnreadable(
            _("import a .xlsx or .csv file, not {suffix}").format(
                suffix=suffix or _("a file without suffix")
            )
        )
    if not path.is_file():
        raise TableUnreadable(_("no file {path}; check the name").format(path=path))
    if path.stat().st_size > MAX_BYTES:
        raise TableUnreadable(
            _("{name} is larger than 200 MB; split it into smaller files").format(name=path.name)
        )
    return _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
