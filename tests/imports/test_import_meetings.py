"""Importing meetings: an export (English or French labels) read back changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from icati_desktop.cli import main
from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.meetings import AgendaItem, Attendee, Barrier, FollowUp, Meeting
from icati_desktop.store.meeting_writes import load_meeting, save_meeting
from icati_desktop.store.opening import open_store
from icati_desktop.store.people_writes import save_person


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip().startswith("{") else {}), err


@pytest.fixture
def laptop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "laptop"
    assert main(["--data-dir", str(data), "init", "--role", "field", "--name", "A"]) == 0
    capsys.readouterr()
    store = open_store(data)
    try:
        amina = save_person(
            store,
            Person(display_name="Amina Odhiambo", country="KEN"),
            consent=ConsentRecord.model_validate({
                "person_id": "00000000-0000-0000-0000-000000000000", "given": True,
                "scope": "store_only", "decided_on": date(2026, 1, 5), "method": "verbal",
                "notice_version": "1", "recorded_by": "test",
            }),
        )  # fmt: skip
        save_meeting(store, Meeting.model_validate({
            "country": "KEN", "held_on": date(2026, 3, 2), "title": "Diversion criteria",
            "format": "in_person", "meeting_type": "ta_session", "start_time": "09:30",
            "time_zone": "Africa/Nairobi", "objectives": ["Agree criteria", "=SUM(A1)"],
            "agenda": [AgendaItem(title="Screening", domain_code="D3"), AgendaItem(title="AOB")],
            "attendees": [Attendee(person_id=amina, name="Amina Odhiambo"),
                          Attendee(role="judge", sector="justice")],
            "anonymous_attendee_count": 2,
            "barriers": [Barrier(category="workforce", text="Too few probation officers")],
            "decisions": ["Pilot in Nakuru"],
            "follow_ups": [FollowUp(action="Draft the criteria", owner="ODPP")],
            "next_meeting_on": date(2026, 4, 2), "confidentiality": "restricted",
            "notes": "Good progress",
        }))  # fmt: skip
        save_meeting(store, Meeting.model_validate({
            "country": "COL", "held_on": date(2026, 2, 1), "format": "remote",
            "meeting_type": "mentoring_call",
        }))  # fmt: skip
    finally:
        store.close()
    return data


@pytest.mark.parametrize(("suffix", "lang"), [("xlsx", "en"), ("csv", "fr"), ("xlsx", "ar")])
def test_an_unchanged_meetings_export_imports_as_unchanged(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, lang: str
) -> None:
    d = ["--data-dir", str(laptop)]
    export = tmp_path / f"meetings.{suffix}"
    assert main([*d, "meetings", "export", "--out", str(export), "--lang", lang]) == 0
    capsys.readouterr()
    code, result, err = run(capsys, *d, "--json", "import", "meetings", str(export))
    assert code == 0, err
    assert (result["added"], result["changed"], result["skipped"]) == (0, 0, 2)


def test_an_edited_meeting_gets_a_new_version_and_keeps_its_attendees(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    export = tmp_path / "meetings.xlsx"
    assert main([*d, "meetings", "export", "--out", str(export)]) == 0
    book = load_workbook(export)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = next(
        r
        for r in range(2, 4)
        if sheet.cell(r, header.index("title") + 1).value == "Diversion criteria"
    )
    sheet.cell(row, header.index("decisions") + 1, "Pilot in Nakuru\nReport in May")
    sheet.append(["", "KEN", "", "Mapping Nairobi", "2026-05-04", "", "", "Hybrid",
                  "Mapping workshop", "Nairobi", "", "", "",
                  "Juma Otieno, magistrate"])  # fmt: skip
    book.save(export)
    capsys.readouterr()
    code, result, err = run(capsys, *d, "--json", "import", "meetings", str(export))
    assert code == 0, err
    assert (result["added"], result["changed"], result["skipped"]) == (1, 1, 1)
    assert "attendees and follow-ups of new meetings are not read" in str(result["notes"])
    store = open_store(laptop)
    try:
        changed, added = (load_meeting(store, str(i)).payload for i in result["record_ids"])
    finally:
        store.close()
    assert changed.decisions == ["Pilot in Nakuru", "Report in May"]
    assert len(changed.attendees) == 2
    assert changed.anonymous_attendee_count == 2
    assert changed.objectives[1] == "=SUM(A1)"
    assert (added.format.value, added.meeting_type.value, added.subnational_area) == (
        "hybrid", "mapping_workshop", "Nairobi",
    )  # fmt: skip
    code, result, err = run(capsys, *d, "import", "meetings", str(export))
    assert code == 1
    assert "row 4, title: this meeting is already recorded" in err


def test_bad_meeting_rows_are_each_named(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "log.csv"
    sheet.write_text(
        "country,held_on,format,meeting_type,start_time\n"
        "KEN,2026-13-01,Remote,Mentoring call,\n"
        "XXX,2026-03-01,by pigeon,,25:00\n",
        "utf-8",
    )
    code, _, err = run(capsys, "--data-dir", str(laptop), "import", "meetings", str(sheet))
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "row 2, held_on: '2026-13-01' is not a date; write it as YYYY-MM-DD"
    assert lines[1].startswith("row 3, country: 'XXX' is not a country on this device")
    assert lines[2].startswith("row 3, start_time: '25:00' is not a time")
    assert lines[3].startswith("row 3, format: 'by pigeon' is not one of the known values")
    assert lines[4] == "row 3, meeting_type: this column is empty; choose one of its values"
