"""Reading a submissions file's bytes safely: the size limit, CSV as UTF-8 text, the first
sheet of an XLSX workbook as rows of text.

Cells become the text ODK Central or KoboToolbox wrote: numbers by their shortest exact
text (``12.25``, never ``12.250000000000002``), dates as ISO text, so the values are
read by one path whatever the file type.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from icati_desktop.i18n import _

MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused before reading: a questionnaire export is far smaller."""


class SubmissionFileError(ValueError):
    """A file that cannot be read at all (wrong type, not JSON, no header…)."""


def read_bytes(path: Path) -> bytes:
    if path.stat().st_size > MAX_BYTES:
        raise SubmissionFileError(
            _("{name} is too large for a submissions file").format(name=path.name)
        )
    return path.read_bytes()


def csv_rows(path: Path) -> list[list[str]]:
    return csv_bytes_rows(read_bytes(path), path.name)


def csv_bytes_rows(data: bytes, name: str) -> list[list[str]]:
    """The rows of a CSV file's bytes (UTF-8, with or without a BOM); ``name`` says which
    file in a message."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionFileError(
            _("{name} is not UTF-8 text; export it again as CSV (UTF-8)").format(name=name)
        ) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SubmissionFileError(
            _("{name} is not a readable CSV file ({error})").format(name=name, error=exc)
        ) from None


def _cell_text(value: object) -> str:
    """A cell as the text ODK or Kobo wrote; numbers by their shortest exact text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        text = repr(value)  # shortest text that reads back as the stored number
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    """Every sheet of the workbook as (title, rows of cell text), in workbook order."""
    from openpyxl import load_workbook

    read_bytes(path)  # size check
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SubmissionFileError(
            _("{name} is not a readable XLSX workbook ({error})").format(name=path.name, error=exc)
        ) from None
    try:
        return [
            (
                sheet.title,
                [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)],
            )
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()
