"""`icati actions list|show|set-status|export`, end to end through the command line."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from icati_desktop.cli import main
from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.reports.actions_export import COLUMNS
from icati_desktop.store.action_writes import add_goal, add_progress_note, current_plan, save_item
from icati_desktop.store.opening import open_store

TODAY = datetime.now(UTC).date()
PAST = TODAY - timedelta(days=10)
LATER = TODAY + timedelta(days=30)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict[str, str]]:
    directory = str(tmp_path / "field")
    code, _, err = run(capsys, "--data-dir", directory, "init", "--role", "field", "--name", "F")
    assert code == 0, err
    store = open_store(Path(directory), None)
    try:
        plan = current_plan(store, "KEN")
        goal = add_goal(store, plan, "Divert first-time offenders").payload.goals[0]
        ids = {}
        for key, extra in {
            "late": {"title": "Map the courts", "due_on": PAST, "owner_name": "Amina"},
            "next": {
                "title": '=HYPERLINK("x")',
                "due_on": LATER,
                "priority": "high",
                "goal_id": str(goal.id),
                "continuum_stages": ["pre_trial", "court"],
                "domain_code": "D3",
            },
            "undated": {"title": "Count the cases", "description": "All courts, 2025"},
        }.items():
            item = ActionItem.model_validate({"action_plan_id": plan, "country": "KEN", **extra})
            ids[key] = save_item(store, item).record_id
        uga = current_plan(store, "UGA")
        ids["uga"] = save_item(
            store,
            ActionItem.model_validate(
                {"action_plan_id": uga, "country": "UGA", "title": "Train officers", "due_on": PAST}
            ),
        ).record_id
        add_progress_note(store, ids["late"], "Registrar met", author="Amina")
    finally:
        store.close()
    return directory, ids


def test_list_filters_and_marks_overdue(
    data: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    directory, ids = data
    code, out, err = run(capsys, "--data-dir", directory, "actions", "list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["total"] == 4
    assert next(r["record_id"] for r in listed["action_items"]) == ids["undated"]
    assert {r["record_id"]: r["overdue"] for r in listed["action_items"]}[ids["late"]] is True
    code, out, _ = run(
        capsys, "--data-dir", directory, "actions", "list", "--country", "KEN", "--overdue"
    )
    assert code == 0
    assert ids["late"] in out
    assert ids["uga"] not in out
    assert "Overdue" in out
    assert "Not started" in out
    assert "open" not in out.split()
    code, out, _ = run(
        capsys, "--data-dir", directory, "actions", "list", "--overdue", "--lang", "fr"
    )
    assert "En retard" in out
    code, out, err = run(capsys, "--data-dir", directory, "actions", "list", "--status", "late")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "--status 'late' is not known" in err


def test_show_and_set_status(
    data: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    directory, ids = data
    code, out, err = run(capsys, "--data-dir", directory, "actions", "show", ids["late"])
    assert code == 0, err
    assert "Plan: ATI action plan, KEN" in out
    code, out, err = run(capsys, "--data-dir", directory, "actions", "show", ids["next"])
    assert "Goal: Divert first-time offenders" in out
    code, out, err = run(capsys, "--data-dir", directory, "actions", "show", ids["late"])
    assert "Map the courts" in out
    assert "Amina: Registrar met" in out
    assert "Overdue" in out
    code, out, err = run(
        capsys, "--data-dir", directory, "actions", "set-status", ids["late"], "done", "--json"
    )
    assert code == 0, err
    assert json.loads(out) == {
        "ok": True,
        "id": ids["late"],
        "status": "done",
        "closed_on": TODAY.isoformat(),
    }
    code, out, _ = run(capsys, "--data-dir", directory, "actions", "show", ids["late"], "--json")
    shown = json.loads(out)
    assert (shown["status"], shown["overdue"]) == ("done", False)
    for bad in (["finished"], ["nonsense-id", "done"]):
        argv = ["set-status", ids["late"], *bad] if len(bad) == 1 else ["set-status", *bad]
        code, out, err = run(capsys, "--data-dir", directory, "actions", *argv)
        assert (code, out, err.count("\n")) == (1, "", 1), err
    code, out, _ = run(capsys, "--data-dir", directory, "actions", "show", ids["late"], "--json")
    assert json.loads(out)["status"] == "done"  # the bad commands changed nothing


def test_export_xlsx_csv_ics(
    data: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory, ids = data
    xlsx, sheet_csv, ics = tmp_path / "a.xlsx", tmp_path / "a.csv", tmp_path / "a.ics"
    for out in (xlsx, sheet_csv, ics):
        code, _, err = run(
            capsys,
            "--data-dir",
            directory,
            "actions",
            "export",
            "--out",
            str(out),
            "--country",
            "KEN",
        )
        assert code == 0, err
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    by_id = {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]}
    assert set(by_id) == {ids["late"], ids["next"], ids["undated"]}
    late, nxt = by_id[ids["late"]], by_id[ids["next"]]
    assert late["due_on"].date() == PAST  # a date cell
    assert (late["status"], late["priority"], late["country_name"]) == ("open", "medium", "Kenya")
    assert late["owner_name"] == "Amina"
    assert late["closed_on"] is None
    assert nxt["title"] == '\'=HYPERLINK("x")'  # never a formula
    assert (nxt["goal"], nxt["stages"], nxt["domain_code"]) == (
        "Divert first-time offenders",
        "pre_trial court",
        "D3",
    )
    assert nxt["plan_title"]
    assert nxt["plan_id"]
    with sheet_csv.open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert [r["due_on"] for r in csv_rows if r["action_item_id"] == ids["late"]] == [
        PAST.isoformat()
    ]
    calendar = Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"action-item-{ids['late']}@icati", f"action-item-{ids['next']}@icati"}
    event = events[f"action-item-{ids['late']}@icati"]
    assert event.decoded("dtstart") == PAST
    assert isinstance(event.decoded("dtstart"), date)
    assert event.decoded("dtend") == PAST + timedelta(days=1)
    assert str(event["summary"]) == "Due: Map the courts"
    assert "Not started" in str(event["description"])


def test_export_refuses_bad_input_and_writes_nothing(
    data: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory, _ids = data
    for argv in (
        ["--out", str(tmp_path / "a.pdf")],
        ["--out", str(tmp_path / "missing" / "a.csv")],
        ["--out", str(tmp_path / "a.csv"), "--country", "XXX"],
        ["--out", str(tmp_path / "a.csv"), "--due-from", "2026-13-01"],
    ):
        code, out, err = run(capsys, "--data-dir", directory, "actions", "export", *argv)
        assert (code, out, err.count("\n")) == (1, "", 1), (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["field"]
    code, out, _ = run(capsys, "--data-dir", directory, "actions", "list", "--json")
    assert json.loads(out)["total"] == 4


def test_an_unchanged_export_imports_as_unchanged(
    data: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory, _ids = data
    for name in ("a.xlsx", "a.csv"):
        out = tmp_path / name
        code, _, err = run(capsys, "--data-dir", directory, "actions", "export", "--out", str(out))
        assert code == 0, err
        code, text, err = run(capsys, "--data-dir", directory, "import", "actions", str(out))
        assert code == 0, err
        assert "0 added, 0 changed, 4 unchanged" in text, text
