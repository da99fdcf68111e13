"""A workbook checked before pyxform reads it: small enough, sane, and free of formulas.

An ``.xlsx`` is a zip of XML files, and a hostile one can be a zip bomb, hold a million
rows, ten thousand columns or a shared-strings table of hundreds of megabytes — each
enough to freeze a laptop or exhaust its memory once a spreadsheet library loads it
whole. So before pyxform sees the file, this module reads the parts pyxform would read
as streams, with byte counts capped, and stops at the first limit passed:

* the file: at most :data:`MAX_WORKBOOK_BYTES`;
* the zip directory (:mod:`icati_desktop.formats.safe_zip`): at most
  :data:`MAX_MEMBERS` members, each within its cap unpacked (:data:`MAX_SHEET_BYTES` for a
  worksheet, :data:`MAX_SHARED_STRINGS_BYTES` for the shared strings, :data:`MAX_PART_BYTES`
  for anything else) and :data:`MAX_UNPACKED_BYTES` together; no overlapping entries;
* the sheets XLSForm reads (``survey``, ``choices``, ``settings``, ``external_choices``,
  ``entities``, ``osm``, or a workbook's only sheet): rows holding a value at most
  :data:`MAX_ROWS` per sheet (:data:`MAX_SURVEY_ROWS` for the survey), values no further
  right than column :data:`MAX_COLUMNS`, and :data:`MAX_CELLS` values in all;
* the shared strings: at most :data:`MAX_SHARED_STRINGS` texts;
* no formula in those sheets: a formula's result is whatever Excel last computed (or
  nothing, for a file no spreadsheet program saved), so the form would not say what its
  author sees. Each formula cell is named (at most :data:`MAX_LISTED` of them).

The XML is parsed with defusedxml (no DTDs, entities or external references). An
``.xls`` file is older binary Excel, read whole by its library: only its size is checked
first, and its rows and columns once read.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError
from zipfile import ZipFile, ZipInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from pyxform import constants

from icati_desktop.formats.safe_zip import (
    MB,
    UnsafeZip,
    ZipLimits,
    check_directory,
    member_stream,
    open_zip,
    too_large,
)
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.i18n import _

MAX_WORKBOOK_BYTES = 20 * MB
MAX_MEMBERS = 500
MAX_SHEET_BYTES = 50 * MB
MAX_SHARED_STRINGS_BYTES = 20 * MB
MAX_PART_BYTES = 10 * MB
MAX_UNPACKED_BYTES = 150 * MB
MAX_SURVEY_ROWS = 5_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELLS = 500_000
MAX_SHARED_STRINGS = 200_000
MAX_LISTED = 10
_READ_SHEETS = frozenset(constants.SUPPORTED_SHEET_NAMES)
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHARED_STRINGS = "xl/sharedStrings.xml"


def _cap(part: str) -> int:
    """The most a part of the workbook may unpack to."""
    if part == _SHARED_STRINGS:
        return MAX_SHARED_STRINGS_BYTES
    if part.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    return MAX_PART_BYTES


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def column_number(reference: str) -> int:
    """``1`` for ``A7``, ``28`` for ``AB3`` (0 when the reference has no letters)."""
    number = 0
    for ch in reference:
        if not ch.isalpha():
            break
        number = number * 26 + (ord(ch.upper()) - 64)
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Refused(Exception):
    """The scan stops: a limit was passed (the problem is already recorded)."""


def too_many_rows(limit: int) -> str:
    return _(
        "the sheet has more than {limit} rows with values; split the form or move long "
        "choice lists to a CSV file (see docs/forms.md)"
    ).format(limit=f"{limit:,}")


def too_many_columns(column: int) -> str:
    return _(
        "the sheet has values beyond column {limit} ({col}); an XLSForm needs far fewer: "
        "delete the extra columns"
    ).format(limit=column_letters(MAX_COLUMNS), col=column_letters(column))


@dataclass
class _Sheet:
    name: str
    member: ZipInfo
    headers: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Header row (row 1): column → (cell type, raw value)."""
    formulas: list[tuple[int, int]] = field(default_factory=list)
    """(row, column) of formula cells."""


@dataclass
class _Position:
    """Where a worksheet scan is."""

    rows: int = 0
    row: int = 0
    column: int = 0
    row_has_value: bool = False
    cell_has_value: bool = False
    cell_type: str = ""


def _attributes(element: Element) -> dict[str, str]:
    found = {_local(key): value for key, value in element.attrib.items()}
    found[""] = _local(element.tag)
    return found


class WorkbookGuard:
    def __init__(self, path: Path, problems: Problems) -> None:
        self.path, self.problems = path, problems
        self.cells = 0

    def refuse(self, why: str) -> UnsafeZip:
        return UnsafeZip(why)

    def check(self) -> bool:
        """Whether pyxform may read the workbook; problems recorded otherwise."""
        size = self.path.stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            self.problems.add(
                "workbook",
                None,
                None,
                _("the file is {size} MB, more than the {limit} MB an XLSForm may take").format(
                    size=size // MB, limit=MAX_WORKBOOK_BYTES // MB
                ),
            )
            return False
        if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            return True  # .xls: its rows and columns are checked once read
        try:
            with self.path.open("rb") as handle:
                return self._check_zip(handle)
        except UnsafeZip as error:
            self.problems.add(
                "workbook",
                None,
                None,
                _(
                    "the workbook cannot be read safely: {why}; save it again from Excel "
                    "or LibreOffice as .xlsx"
                ).format(why=error),
            )
        except _Refused:
            pass
        return False

    def _check_zip(self, handle: BinaryIO) -> bool:
        with open_zip(handle, self.refuse) as archive:
            for info in archive.infolist()[:MAX_MEMBERS]:  # each part's own cap first
                cap = _cap(info.orig_filename)
                if info.file_size > cap:
                    raise self.refuse(too_large(info, cap))
            limits = ZipLimits(MAX_MEMBERS, MAX_SHEET_BYTES, MAX_UNPACKED_BYTES)
            listed = check_directory(handle, archive, limits, self.refuse)
            infos = {info.orig_filename: info for info in listed}
            sheets = self._sheets(archive, infos)
            for sheet in sheets:
                self._scan(archive, sheet)
            strings = self._shared_strings(archive, infos.get(_SHARED_STRINGS), sheets)
        for sheet in sheets:
            self._report_formulas(sheet, strings)
        return not self.problems.problems

    def _elements(
        self, archive: ZipFile, info: ZipInfo, cap: int, events: tuple[str, ...]
    ) -> Iterator[tuple[str, Element]]:
        """The parse events of one part, read through a capped stream."""
        with member_stream(archive, info, cap, self.refuse) as stream:
            try:
                yield from iterparse(stream, events=events, forbid_dtd=True)
            except (ParseError, DefusedXmlException, ValueError) as error:
                raise self.refuse(
                    _("{part} is damaged ({error})").format(part=info.orig_filename, error=error)
                ) from None

    def _small_part(
        self, archive: ZipFile, name: str, infos: dict[str, ZipInfo]
    ) -> list[dict[str, str]]:
        """The attributes of every element of a small part (workbook.xml, its relations)."""
        info = infos.get(name)
        if info is None:
            return []
        return [
            _attributes(element)
            for _event, element in self._elements(archive, info, MAX_PART_BYTES, ("end",))
        ]

    def _sheets(self, archive: ZipFile, infos: dict[str, ZipInfo]) -> list[_Sheet]:
        """The worksheets pyxform reads, by their names in the workbook."""
        listed = [
            e for e in self._small_part(archive, "xl/workbook.xml", infos) if e[""] == "sheet"
        ]
        targets = {
            e.get("Id", ""): e.get("Target", "")
            for e in self._small_part(archive, "xl/_rels/workbook.xml.rels", infos)
            if e[""] == "Relationship"
        }
        read = [e for e in listed if e.get("name", "").strip().lower() in _READ_SHEETS]
        sheets: list[_Sheet] = []
        for entry in listed if len(listed) == 1 else read:
            target = targets.get(entry.get("id", ""), "")
            if target.startswith("/"):
                member = target.lstrip("/")
            else:
                member = posixpath.normpath(posixpath.join("xl", target))
            if member in infos:
                sheets.append(_Sheet(entry.get("name", "").strip(), infos[member]))
        return sheets

    def _stop(self, sheet: _Sheet, row: int | None, column: str | None, why: str) -> _Refused:
        self.problems.add(sheet.name.lower(), row, column, why)
        return _Refused()

    def _scan(self, archive: ZipFile, sheet: _Sheet) -> None:
        """Stream one worksheet: rows, columns and cells with values, formula cells."""
        rows_limit = MAX_SURVEY_ROWS if sheet.name.lower() == "survey" else MAX_ROWS
        at = _Position()
        data: Element | None = None
        events = self._elements(archive, sheet.member, MAX_SHEET_BYTES, ("start", "end"))
        for event, element in events:
            tag = _local(element.tag)
            if event == "start":
                if tag == "sheetData":
                    data = element
                elif tag == "row":
                    at.row = int(element.get("r") or at.row + 1)
                    at.column, at.row_has_value = 0, False
                elif tag == "c":
                    at.column = column_number(element.get("r") or "") or at.column + 1
                    at.cell_has_value, at.cell_type = False, element.get("t") or "n"
            elif tag == "f":
                sheet.formulas.append((at.row, at.column))
            elif tag in ("v", "t") and (element.text or "").strip():
                at.cell_has_value = True
                if at.row == 1:
                    sheet.headers[at.column] = (at.cell_type, element.text or "")
            elif tag == "c" and at.cell_has_value:
                at.row_has_value = True
                self.cells += 1
                if at.column > MAX_COLUMNS:
                    where = column_letters(at.column)
                    raise self._stop(sheet, at.row, where, too_many_columns(at.column))
                if self.cells > MAX_CELLS:
                    why = _("the workbook holds more than {limit} filled cells").format(
                        limit=f"{MAX_CELLS:,}"
                    )
                    raise self._stop(sheet, at.row, None, why)
            elif tag == "row":
                at.rows += at.row_has_value
                if at.rows > rows_limit:
                    raise self._stop(sheet, at.row, None, too_many_rows(rows_limit))
                if data is not None:
                    data.remove(element)  # keep memory flat: rows are not needed again

    def _shared_strings(
        self, archive: ZipFile, info: ZipInfo | None, sheets: list[_Sheet]
    ) -> dict[int, str]:
        """Count the shared texts (within limits); return those naming formula columns."""
        if info is None:
            return {}
        wanted = {
            int(value)
            for sheet in sheets
            if sheet.formulas
            for kind, value in sheet.headers.values()
            if kind == "s" and value.strip().isdigit()
        }
        found: dict[int, str] = {}
        index = -1
        table: Element | None = None
        events = self._elements(archive, info, MAX_SHARED_STRINGS_BYTES, ("start", "end"))
        for event, element in events:
            tag = _local(element.tag)
            if event == "start":
                if tag == "sst":
                    table = element
                elif tag == "si":
                    index += 1
                    if index >= MAX_SHARED_STRINGS:
                        why = _(
                            "the workbook holds more than {limit} different texts; an XLSForm "
                            "needs far fewer"
                        ).format(limit=f"{MAX_SHARED_STRINGS:,}")
                        self.problems.add("workbook", None, None, why)
                        raise _Refused()
            elif tag == "si":
                if index in wanted:
                    found[index] = "".join(element.itertext())
                if table is not None:
                    table.remove(element)
        return found

    def _report_formulas(self, sheet: _Sheet, strings: dict[int, str]) -> None:
        for row, column in sheet.formulas[:MAX_LISTED]:
            kind, raw = sheet.headers.get(column, ("", ""))
            header = strings.get(int(raw), "") if kind == "s" and raw.strip().isdigit() else raw
            self.problems.add(
                sheet.name.lower(),
                row,
                header.strip() or column_letters(column),
                _(
                    "cell {cell} holds a formula; replace it by its value (copy, then paste "
                    "values only) and import again"
                ).format(cell=f"{column_letters(column)}{row}"),
            )
        if len(sheet.formulas) > MAX_LISTED:
            self.problems.add(
                sheet.name.lower(),
                None,
                None,
                _("{count} more cells hold formulas").format(
                    count=len(sheet.formulas) - MAX_LISTED
                ),
            )


def check_workbook(path: Path, problems: Problems) -> bool:
    """Whether pyxform may read the workbook at ``path``; otherwise every reason found is
    in ``problems`` (the scan stops at the first limit passed)."""
    return WorkbookGuard(path, problems).check()


def check_read_sheet(sheet: str, rows: int, columns: int, problems: Problems) -> bool:
    """The row and column limits for a sheet read whole (an ``.xls`` workbook)."""
    limit = MAX_SURVEY_ROWS if sheet == "survey" else MAX_ROWS
    if rows > limit:
        problems.add(sheet, None, None, too_many_rows(limit))
    if columns > MAX_COLUMNS:
        problems.add(sheet, None, None, too_many_columns(columns))
    return rows <= limit and columns <= MAX_COLUMNS


__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_SURVEY_ROWS",
    "MAX_WORKBOOK_BYTES",
    "check_read_sheet",
    "check_workbook",
    "column_letters",
    "column_number",
]
