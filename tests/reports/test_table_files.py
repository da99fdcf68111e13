"""The one table writer of every spreadsheet export: what a spreadsheet opens, and what a
failure leaves (nothing new, the old file as it was)."""

from __future__ import annotations

import csv
import errno
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from icati_desktop.reports.table_files import (
    Cell,
    Sheet,
    checked_suffix,
    guard,
    write_table,
    write_workbook,
)
from icati_desktop.store.storage_errors import StorageProblemKind, storage_problem
from tests.tmpfs import small_tmpfs

HEADER = ("name", "held_on", "logged_at", "count", "share", "note")
ROWS: list[list[Cell]] = [
    ["=HYPERLINK(\"http://evil\")", date(2027, 3, 2), datetime(2027, 3, 2, 9, 5, 7), 3,
     Decimal("0.25"), None],
    ["Amina", date(2027, 12, 31), datetime(2027, 12, 31, 23, 59, 59, 999), 0, Decimal("-1.5"),
     "محكمة"],
]  # fmt: skip


class Boom(Exception):
    pass


def failing_after(rows: Sequence[Sequence[Cell]], count: int) -> Iterator[Sequence[Cell]]:
    """``count`` rows, then the failure a cancel or a bug raises half-way."""
    yield from rows[:count]
    raise Boom()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        ("'=1", "'=1"),
    ],
)
def test_the_guard_defuses_only_what_a_spreadsheet_would_run(text: str, expected: str) -> None:
    assert guard(text) == expected
    assert guard(guard(text)) == expected, "guarding twice changes nothing"


def test_xlsx_keeps_types_freezes_the_header_and_never_makes_a_formula(tmp_path: Path) -> None:
    out = tmp_path / "table.xlsx"
    assert write_table(out, HEADER, ROWS, title="Meetings") == 2
    book = load_workbook(out)
    assert book.sheetnames == ["Meetings"]
    sheet = book["Meetings"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == list(HEADER)
    first = rows[1]
    assert first[0].data_type == "s"
    assert first[0].value == '=HYPERLINK("http://evil")'
    assert isinstance(first[1].value, datetime)
    assert first[1].value == datetime(2027, 3, 2)
    assert first[1].number_format == "yyyy-mm-dd"
    assert isinstance(first[2].value, datetime)
    assert first[2].value == datetime(2027, 3, 2, 9, 5, 7)
    assert (first[3].value, first[3].data_type) == (3, "n")
    assert (first[4].value, first[4].data_type) == (0.25, "n")
    assert first[5].value is None
    assert rows[2][5].value == "محكمة"
    assert list(tmp_path.iterdir()) == [out], "no partial file beside it"


def test_csv_has_a_byte_order_mark_iso_dates_and_empty_cells(tmp_path: Path) -> None:
    out = tmp_path / "table.csv"
    assert write_table(out, HEADER, ROWS, title="unused") == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbfname,held_on,")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(HEADER)
    assert rows[1] == ['=HYPERLINK("http://evil")', "2027-03-02", "2027-03-02 09:05:07", "3",
                       "0.25", ""]  # fmt: skip
    assert rows[2][2] == "2027-12-31 23:59:59", "times to the second"
    assert rows[2][4:] == ["-1.5", "محكمة"]


def test_a_long_table_goes_on_in_numbered_sheets_with_the_header_again(tmp_path: Path) -> None:
    out = tmp_path / "long.xlsx"
    rows = [[f"row {n}"] for n in range(5)]
    assert write_table(out, ("what",), rows, title="Changes", sheet_rows=2) == 5
    book = load_workbook(out)
    assert book.sheetnames == ["Changes", "Changes 2", "Changes 3"]
    assert [c.value for c in book["Changes 3"]["A"]] == ["what", "row 4"]
    assert book["Changes 2"].freeze_panes == "A2"


def test_a_workbook_of_sheets_keeps_widths_direction_and_a_headerless_sheet(
    tmp_path: Path,
) -> None:
    out = tmp_path / "book.xlsx"
    sheets = [
        Sheet("النتائج", ("Outcome", "Value"), [["=A", 1.5]], {"A": 60.0}),
        Sheet("About", (), [("form_id", "=HYPERLINK(1)")]),
    ]
    assert write_workbook(out, sheets, right_to_left=True) == 2
    book = load_workbook(out)
    first, about = book["النتائج"], book["About"]
    assert first.sheet_view.rightToLeft
    assert first.column_dimensions["A"].width == 60
    assert about.freeze_panes is None
    assert about["A1"].value == "form_id"
    assert about["B1"].data_type == "s"
    assert about["B1"].value == "=HYPERLINK(1)"


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx"])
def test_a_failure_mid_write_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where openpyxl streams sheets
    folder = tmp_path / "out"
    folder.mkdir()
    fresh = folder / name
    with pytest.raises(Boom):
        write_table(fresh, HEADER, failing_after(ROWS, 1), title="T")
    assert list(folder.iterdir()) == []
    old = folder / f"old-{name}"
    write_table(old, HEADER, ROWS, title="T")
    before = old.read_bytes()
    with pytest.raises(Boom):
        write_table(old, HEADER, failing_after(ROWS * 50, 60), title="T")
    assert old.read_bytes() == before
    assert list(folder.iterdir()) == [old], "no .partial file left"
    assert list(scratch.iterdir()) == [], "no temporary file of openpyxl left"


def test_an_unknown_suffix_says_which_one_and_writes_nothing(tmp_path: Path) -> None:
    message = "export meetings to a .csv file, not {suffix}"
    with pytest.raises(ValueError, match=r"not \.pdf$"):
        checked_suffix(tmp_path / "a.PDF", (".csv",), message)
    with pytest.raises(ValueError, match="not a file without suffix"):
        checked_suffix(tmp_path / "a", (".csv",), message)
    assert checked_suffix(tmp_path / "a.CSV", (".csv",), message) == ".csv"
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        write_table(tmp_path / "a.ods", HEADER, ROWS, title="T")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system, to fill up."""
    with small_tmpfs(tmp_path / "disk", 64 * 1024) as mount:
        yield mount


@pytest.mark.parametrize("name", ["big.csv", "big.xlsx"])
def test_a_full_disk_leaves_the_old_file_and_says_disk_full(small_disk: Path, name: str) -> None:
    out = small_disk / name
    write_table(out, HEADER, ROWS, title="T")
    before = out.read_bytes()
    # Random text: XLSX compresses, so repeated rows would still fit in 64 KiB.
    big: list[list[Cell]] = [[os.urandom(600).hex(), n] for n in range(200)]
    with pytest.raises(OSError, match="No space left") as raised:
        write_table(out, ("text", "n"), big, title="T")
    assert raised.value.errno == errno.ENOSPC
    problem = storage_problem(raised.value)
    assert problem is not None
    assert problem.kind is StorageProblemKind.DISK_FULL
    assert out.read_bytes() == before
    assert list(small_disk.iterdir()) == [out]
