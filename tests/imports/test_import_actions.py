"""Importing action items with the documented column set (ACTION_COLUMNS)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from icati_desktop.cli import main
from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.store.imports.actions import ACTION_COLUMNS
from icati_desktop.store.opening import open_store
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip().startswith("{") else {}), err


@pytest.fixture
def laptop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "laptop"
    assert main(["--data-dir", str(data), "init", "--role", "field", "--name", "A"]) == 0
    capsys.readouterr()
    return data


def write_sheet(path: Path, rows: list[dict[str, object]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=ACTION_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        return path
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(ACTION_COLUMNS))
    for row in rows:
        sheet.append([row.get(c, "") for c in ACTION_COLUMNS])
    book.save(path)
    return path


def items_as_exported(data: Path) -> list[dict[str, object]]:
    """The sheet the actions export writes, one row an item (ACTION_COLUMNS.md)."""
    store = open_store(data)
    try:
        with store.read() as session:
            plans = dict(session.execute(select(ActionPlanRow.id, ActionPlanRow.title)).all())
            rows = session.execute(select(ActionItemRow.id, ActionItemRow.data)).all()
    finally:
        store.close()
    out = []
    for rid, raw in rows:
        item = ActionItem.model_validate_json(raw)
        out.append({
            "action_item_id": rid, "country": item.country, "country_name": "Kenya",
            "plan_id": str(item.action_plan_id), "plan_title": plans[str(item.action_plan_id)],
            "goal": "", "title": item.title, "description": item.description,
            "owner_name": item.owner_name, "owner_person_id": "",
            "due_on": item.due_on or "", "status": item.status.value,
            "priority": item.priority.value, "stages": " ".join(item.continuum_stages),
            "domain_code": item.domain_code or "", "closed_on": item.closed_on or "",
        })  # fmt: skip
    return out


def test_action_items_import_into_a_new_draft_plan_and_read_back_unchanged(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    rows: list[dict[str, object]] = [
        {"country": "KEN", "title": "Adopt diversion criteria", "owner_name": "ODPP",
         "due_on": "2026-06-30", "status": "in_progress", "priority": "high",
         "stages": "pre_trial court", "domain_code": "D3"},
        {"country": "KEN", "title": "Train probation officers", "status": "Done",
         "closed_on": date(2026, 2, 1), "priority": "Low"},
    ]  # fmt: skip
    code, result, err = run(
        capsys, *d, "--json", "import", "actions", str(write_sheet(tmp_path / "a.xlsx", rows))
    )
    assert code == 0, err
    assert (result["added"], result["changed"]) == (2, 0)
    exported = items_as_exported(laptop)
    assert {r["status"] for r in exported} == {"in_progress", "done"}
    assert len({r["plan_id"] for r in exported}) == 1
    for suffix in ("csv", "xlsx"):
        sheet = write_sheet(tmp_path / f"export.{suffix}", exported)
        code, result, err = run(capsys, *d, "--json", "import", "actions", str(sheet))
        assert code == 0, err
        assert (result["added"], result["changed"], result["skipped"]) == (0, 0, 2)
    twice = write_sheet(tmp_path / "twice.csv", [exported[0], exported[1], exported[0]])
    code, _, err = run(capsys, *d, "import", "actions", str(twice))
    assert code == 1
    assert err.splitlines()[0] == (
        "row 4, action_item_id: the same record as row 2; keep one of the two rows"
    )
    next(r for r in exported if r["status"] == "in_progress")["status"] = "blocked"
    exported.append({"country": "KEN", "title": "Publish the referral guide"})
    code, result, err = run(
        capsys, *d, "--json", "import", "actions", str(write_sheet(tmp_path / "e.csv", exported))
    )
    assert code == 0, err
    assert (result["added"], result["changed"], result["skipped"]) == (1, 1, 1)
    assert len({r["plan_id"] for r in items_as_exported(laptop)}) == 1


def test_bad_action_rows_are_each_named(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[dict[str, object]] = [
        {"country": "KEN", "title": "Close it", "status": "done"},
        {"country": "KEN", "title": "", "due_on": "next week", "priority": "urgent"},
    ]
    code, _, err = run(capsys, "--data-dir", str(laptop), "import", "actions",
                       str(write_sheet(tmp_path / "bad.csv", rows)))  # fmt: skip
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "row 2, closed_on: a done item needs closed_on (the day it closed)"
    assert lines[1] == "row 3, title: the title is missing; write what is to be done"
    assert lines[2] == "row 3, due_on: 'next week' is not a date; write it as YYYY-MM-DD"
    assert lines[3].startswith("row 3, priority: 'urgent' is not one of the known values")
