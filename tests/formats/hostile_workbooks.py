"""Hostile XLSForm workbooks and choice files, written straight as zip and XML streams so
that even the huge ones are made in a second or two, without a spreadsheet library
holding them in memory."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="survey" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def column(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, cells: Iterable[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def survey_rows(count: int) -> Iterator[str]:
    yield row(1, [cell("A1", "type"), cell("B1", "name"), cell("C1", "label")])
    for number in range(2, count + 2):
        yield row(
            number,
            [cell(f"A{number}", "text"), cell(f"B{number}", f"q{number}"), cell(f"C{number}", "Q")],
        )


def write_xlsx(
    path: Path,
    sheet: Iterable[str],
    *,
    shared_strings: Iterable[str] = (),
    level: int = 1,
) -> Path:
    """A workbook whose one sheet, ``survey``, is made of ``sheet``'s XML rows (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            handle.write(SHEET_START.encode())
            for part in _chunks(sheet):
                handle.write(part)
            handle.write(SHEET_END.encode())
        strings = iter(shared_strings)
        first = next(strings, None)
        if first is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
                handle.write(
                    b'<?xml version="1.0" encoding="UTF-8"?>'
                    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                for part in _chunks(chain([first], strings)):
                    handle.write(part)
                handle.write(b"</sst>")
    return path


def texts(*words: str) -> list[str]:
    """Shared-strings entries (``<si>``) for ``words``."""
    return [f"<si><t>{word}</t></si>" for word in words]


def _chunks(parts: Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    buffer: list[str] = []
    length = 0
    for part in parts:
        buffer.append(part)
        length += len(part)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


def million_rows(path: Path) -> Path:
    """A million questions, each row three references to the shared texts (≈ 40 MB of XML)."""
    header = row(1, [f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABC")])
    block = '<row><c t="s"><v>3</v></c></row>' * 10_000
    rows = chain([header], (block for _ in range(100)))
    return write_xlsx(path, rows, shared_strings=texts("type", "name", "label", "text", "q"))


def ten_thousand_columns(path: Path) -> Path:
    header = [cell(f"{column(n)}1", f"c{n}") for n in range(1, 10_001)]
    return write_xlsx(path, [row(1, header)])


def zip_bomb(path: Path, megabytes: int = 200) -> Path:
    """An ``.xlsx`` whose sheet unpacks to ``megabytes`` of blanks (≈ 1000:1)."""
    blank = " " * (1 << 20)
    return write_xlsx(path, (blank for _ in range(megabytes)))


def huge_shared_strings(path: Path, megabytes: int = 100) -> Path:
    """A workbook whose shared-strings table is ``megabytes`` of texts."""
    block = "".join(f"<si><t>label number {n:09d}</t></si>" for n in range(32_768))
    return write_xlsx(path, survey_rows(3), shared_strings=(block for _ in range(megabytes)))


def million_row_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("name,label\n")
        for start in range(0, 1_000_000, 10_000):
            handle.write("".join(f"c{n},L\n" for n in range(start, start + 10_000)))
    return path


__all__ = [
    "huge_shared_strings",
    "million_row_csv",
    "million_rows",
    "ten_thousand_columns",
    "write_xlsx",
    "zip_bomb",
]
