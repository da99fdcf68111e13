"""Answers exported to CSV and XLSX keep the same columns across form versions."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from icati_desktop.domain.assessments import (
    Answer,
    Assessment,
    ChoiceAnswer,
    ChoicesAnswer,
    DontKnowAnswer,
    Evidence,
    NumberAnswer,
    TextAnswer,
)
from icati_desktop.reports.answers_export import COLUMNS, export_answers
from tests.formats.small_form import small_form

RESOURCE = "6f1d1c3e-0000-4000-8000-000000000001"


def assessment(version: str, **answers: Answer) -> Assessment:
    return Assessment(
        country="KEN",
        form_id="small",
        form_version=version,
        assessed_on=date(2026, 3, 4),
        answers=answers,
        repeats={"sites": [{"site_name": Answer(value=TextAnswer(value="Mombasa"))}, {}]},
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_one_row_per_item_with_values_as_the_import_reads_them(tmp_path: Path) -> None:
    answers = {
        "law": Answer(
            value=3, note="=cmd|' /C calc'!A0", evidence=Evidence(resource_ids=[RESOURCE])
        ),
        "coordination": Answer(value=DontKnowAnswer()),
        "has_strategy": Answer(value=ChoiceAnswer(value="yes")),
        "partners": Answer(value=ChoicesAnswer(value=["police", "courts"])),
        "budget": Answer(value=NumberAnswer(value=Decimal("1250.50"))),
        "adopted_on": Answer(value=date(2021, 5, 17)),
    }
    out = export_answers("rec-1", assessment("1", **answers), small_form("1"), tmp_path / "a.csv")
    rows = read_csv(out)
    assert tuple(rows[0]) == COLUMNS
    by_item = {(r["item_id"], r["entry"]): r for r in rows}
    # Every item of the form, in form order, answered or not; repeat items once per entry.
    assert [r["item_id"] for r in rows] == [
        "intro", "law", "has_strategy", "strategy_year", "adopted_on", "comment",
        "coordination", "budget", "partners", "site_name", "site_name", "site_score", "site_score",
    ]  # fmt: skip
    law = by_item[("law", "")]
    assert (law["value"], law["dont_know"], law["domain"], law["type"]) == ("3", "0", "D1", "score")
    assert law["note"].startswith("'=")  # never run as a formula
    assert law["evidence"] == f"resource:{RESOURCE}"
    assert (law["country"], law["assessed_on"], law["form_version"]) == ("KEN", "2026-03-04", "1")
    assert by_item[("coordination", "")]["dont_know"] == "1"
    assert by_item[("coordination", "")]["value"] == ""
    assert by_item[("partners", "")]["value"] == "police courts"
    assert by_item[("budget", "")]["value"] == "1250.50"
    assert by_item[("adopted_on", "")]["value"] == "2021-05-17"
    assert by_item[("strategy_year", "")]["value"] == ""
    assert by_item[("site_name", "1")]["value"] == "Mombasa"
    assert by_item[("site_name", "2")]["value"] == ""


def test_columns_are_the_same_for_two_form_versions(tmp_path: Path) -> None:
    """Version 2 drops an item: the rows change, the columns do not."""
    one = export_answers(
        "r1", assessment("1", law=Answer(value=2)), small_form("1"), tmp_path / "v1.xlsx"
    )
    two = export_answers(
        "r2",
        assessment("2", law=Answer(value=4)),
        small_form("2", with_budget=False),
        tmp_path / "v2.xlsx",
    )
    sheets = [load_workbook(path)["Answers"] for path in (one, two)]
    headers = [[c.value for c in next(sheet.iter_rows(max_row=1))] for sheet in sheets]
    assert headers[0] == headers[1] == list(COLUMNS)
    items = [[row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] for sheet in sheets]
    assert "budget" in items[0]
    assert "budget" not in items[1]
    law = [
        next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[5] == "law")
        for sheet in sheets
    ]
    assert (law[0][10], law[1][10]) == (2, 4)
    about = dict(load_workbook(two)["About"].iter_rows(values_only=True))
    assert about["form_version"] == "2"
    assert about["country"] == "KEN"


def test_text_starting_like_a_formula_stays_text_in_xlsx(tmp_path: Path) -> None:
    answers = {"comment": Answer(value=TextAnswer(value="=1+1"))}
    out = export_answers("r", assessment("1", **answers), small_form("1"), tmp_path / "a.xlsx")
    sheet = load_workbook(out)["Answers"]
    cell = next(row for row in sheet.iter_rows(min_row=2) if row[5].value == "comment")[10]
    assert cell.data_type == "s"
    assert cell.value == "'=1+1"


def test_an_unknown_suffix_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        export_answers("r", assessment("1"), small_form("1"), tmp_path / "a.pdf")
    assert list(tmp_path.iterdir()) == []


def test_the_streamed_workbook_keeps_every_text_as_text_and_the_header_frozen(
    tmp_path: Path,
) -> None:
    from icati_desktop.reports.answers_export import _xlsx

    row = dict.fromkeys(COLUMNS, "=SUM(A1:A9)") | {"dont_know": 0}
    out = tmp_path / "streamed.xlsx"
    _xlsx(iter([row]), [("form_id", "=HYPERLINK(1)")], out)
    book = load_workbook(out)
    sheet = book["Answers"]
    assert sheet.freeze_panes == "A2"
    cells = next(sheet.iter_rows(min_row=2))
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    assert cells[0].value == "=SUM(A1:A9)"
    assert book["About"]["B1"].data_type == "s"
