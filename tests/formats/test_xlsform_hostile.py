"""Hostile workbooks and choice files are refused within the limits docs/forms.md states,
quickly and in little memory, and nothing is stored.

Each file is generated here (tests/formats/hostile_workbooks.py streams them, so even a
million rows take a fraction of a second). The refusals are checked in this process;
then ``icati forms import`` runs on every file in a child process that reports how long
each import took (the libraries once loaded) and its peak memory, against the issue's
bounds (10 s, 300 MB) — the guard stops at the first limit passed, so each takes a
fraction of that."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.formats import xlsform_guard
from icati_desktop.formats.xlsform import XlsFormRejected, read_xlsform
from icati_desktop.formats.xlsform_media import MAX_FILE_CHOICES
from tests.formats import hostile_workbooks as hostile
from tests.formats.xlsforms import write_workbook

Where = tuple[str, int | None, str | None]


def refusal(path: Path, media: Path | None = None) -> dict[Where, str]:
    with pytest.raises(XlsFormRejected) as refused:
        read_xlsform(path, media)
    return {(p.sheet, p.row, p.column): p.message for p in refused.value.problems}


def formulas(directory: Path) -> Path:
    survey = [
        ["type", "name", "label"],
        ["text", "a", "A"],
        ["integer", "b", '=CONCATENATE("How many ", "cases?")'],
        ["text", '=LOWER("C")', "C"],
    ]
    return write_workbook(directory / "formulas.xlsx", {"survey": survey})


def test_formula_cells_are_named_by_row_and_column(tmp_path: Path) -> None:
    found = refusal(formulas(tmp_path))
    assert set(found) == {("survey", 3, "label"), ("survey", 4, "name")}
    assert "cell C3 holds a formula; replace it by its value" in found["survey", 3, "label"]


def test_a_million_rows_stop_the_scan_at_the_row_limit(tmp_path: Path) -> None:
    found = refusal(hostile.million_rows(tmp_path / "rows.xlsx"))
    limit = xlsform_guard.MAX_SURVEY_ROWS
    assert found == {("survey", limit + 1, None): found["survey", limit + 1, None]}
    assert f"more than {limit:,} rows" in found["survey", limit + 1, None]


def test_ten_thousand_columns_stop_at_the_column_limit(tmp_path: Path) -> None:
    found = refusal(hostile.ten_thousand_columns(tmp_path / "columns.xlsx"))
    first_beyond = xlsform_guard.column_letters(xlsform_guard.MAX_COLUMNS + 1)
    assert list(found) == [("survey", 1, first_beyond)]
    assert "values beyond column" in found["survey", 1, first_beyond]


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    found = refusal(hostile.zip_bomb(tmp_path / "bomb.xlsx"))
    [message] = found.values()
    assert "'xl/worksheets/sheet1.xml' unpacks to more than 50 MB" in message


def test_a_zip_bomb_that_lies_about_its_size_is_refused_as_damaged(tmp_path: Path) -> None:
    """The directory says the sheet is small; reading stops at what it said, then the
    checksum fails: refused, and nothing beyond the declared size is ever unpacked."""
    path = hostile.zip_bomb(tmp_path / "liar.xlsx", megabytes=60)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature + b"", 0)
        while at >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = (1000).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    [message] = refusal(path).values()
    assert "cannot be read safely" in message


def test_a_hundred_megabyte_shared_strings_table_is_refused(tmp_path: Path) -> None:
    [message] = refusal(hostile.huge_shared_strings(tmp_path / "strings.xlsx")).values()
    assert "'xl/sharedStrings.xml' unpacks to more than 20 MB" in message


def test_a_choices_file_of_a_million_rows_stops_at_the_choice_limit(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    hostile.million_row_csv(media / "towns.csv")
    survey = [["type", "name", "label"], ["select_one_from_file towns.csv", "town", "Town"]]
    path = write_workbook(tmp_path / "towns.xlsx", {"survey": survey})
    found = refusal(path, media)
    row = MAX_FILE_CHOICES + 2
    assert list(found) == [("towns.csv", row, None)]
    assert f"more than {MAX_FILE_CHOICES:,} choices" in found["towns.csv", row, None]


def test_a_workbook_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as handle:
        handle.truncate(xlsform_guard.MAX_WORKBOOK_BYTES + 1)
    [message] = refusal(path).values()
    assert "more than the 20 MB an XLSForm may take" in message


MEASURE = """
import json, resource, sys, time
from icati_desktop.cli import main
import icati_desktop.formats.xlsform  # loaded once, as by any import: not part of a refusal
data_dir, *jobs = sys.argv[1:]
for job in jobs:
    path, _, media = job.partition("|")
    argv = ["--data-dir", data_dir, "forms", "import", path, "--json"]
    started = time.monotonic()
    code = main(argv + (["--media", media] if media else []))
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:  # the kernel keeps ru_maxrss across exec (the parent's size); VmHWM starts afresh
        status = open("/proc/self/status").read().split("VmHWM:")[1]
        peak = int(status.split()[0]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    print(json.dumps({"file": path, "code": code, "seconds": elapsed, "peak": peak}),
          file=sys.stderr)
"""

Make = Callable[[Path], Path]


def test_the_cli_refuses_every_hostile_file_fast_in_little_memory_storing_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = tmp_path / "hq"
    assert main(["--data-dir", str(hq), "init", "--role", "hq", "--name", "HQ"]) == 0
    media = tmp_path / "media"
    media.mkdir()
    hostile.million_row_csv(media / "towns.csv")
    towns = write_workbook(
        tmp_path / "towns.xlsx",
        {"survey": [["type", "name", "label"], ["select_one_from_file towns.csv", "t", "T"]]},
    )
    jobs = [
        str(formulas(tmp_path)),
        str(hostile.million_rows(tmp_path / "rows.xlsx")),
        str(hostile.ten_thousand_columns(tmp_path / "columns.xlsx")),
        str(hostile.zip_bomb(tmp_path / "bomb.xlsx")),
        str(hostile.huge_shared_strings(tmp_path / "strings.xlsx")),
        f"{towns}|{media}",
    ]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(hq), *jobs],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    reports = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert len(reports) == len(jobs), done.stderr
    for report in reports:
        assert report["code"] == 1, report
        assert report["seconds"] < 10, report
        assert report["peak"] < 300 * 1024 * 1024, report
    capsys.readouterr()
    assert main(["--data-dir", str(hq), "forms", "list", "--json"]) == 0
    stored = [(f["form_id"], f["version"]) for f in json.loads(capsys.readouterr().out)]
    assert stored == [("ati-self-assessment", "1")]
