"""`icati meetings list|show|export|follow-ups-to-actions`, end to end through the command line."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from icati_desktop.cli import main
from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.meetings import AgendaItem, Attendee, Barrier, FollowUp, Meeting
from icati_desktop.store.meeting_writes import save_meeting
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    directory = str(tmp_path / "field")
    code, _, err = run(capsys, "--data-dir", directory, "init", "--role", "field", "--name", "F")
    assert code == 0, err
    store = open_store(Path(directory), None)
    try:
        service = RecordService(store)
        amina = service.create(Person(display_name="Amina Odhiambo", country="KEN"))
        hidden = service.create(Person(display_name="Hidden Person", country="KEN"))
        service.create(
            ConsentRecord(
                person_id=amina.record_id,
                given=True,
                scope="store_only",
                decided_on=date(2026, 1, 1),
                method="verbal",
                notice_version="v1",
                recorded_by="Expert",
            )
        )
        save_meeting(
            store,
            Meeting(
                country="KEN",
                held_on=date(2026, 3, 2),
                start_time="09:30",
                time_zone="Africa/Nairobi",
                title="Diversion strategy with the ministry",
                format="in_person",
                meeting_type="strategic",
                subnational_area="Nairobi",
                agenda=[AgendaItem(title="Screening at intake", domain_code="D2")],
                attendees=[
                    Attendee(person_id=amina.record_id, name="Amina Odhiambo", role="prosecutor"),
                    Attendee(person_id=hidden.record_id, name="Hidden Person"),
                ],
                barriers=[Barrier(category="workforce", text="Few probation officers")],
                follow_ups=[FollowUp(action="Share the screening tool", due_on=date(2026, 4, 1))],
                next_meeting_on=date(2026, 4, 15),
            ),
        )
        save_meeting(
            store,
            Meeting(
                country="COL",
                held_on=date(2026, 2, 1),
                format="remote",
                meeting_type="office_hours",
            ),
        )
    finally:
        store.close()
    return directory


def test_list_and_show_with_json(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--data-dir", data, "meetings", "list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["total"] == 2
    assert [m["country"] for m in listed["meetings"]] == ["KEN", "COL"]
    code, out, _ = run(capsys, "--data-dir", data, "meetings", "list", "--country", "col")
    assert "Office hours" in out
    assert "KEN" not in out
    code, out, _ = run(
        capsys, "--data-dir", data, "meetings", "list", "--barrier", "workforce", "--json"
    )
    assert [m["title"] for m in json.loads(out)["meetings"]] == [
        "Diversion strategy with the ministry"
    ]
    meeting_id = listed["meetings"][0]["record_id"]
    code, out, err = run(capsys, "--data-dir", data, "meetings", "show", meeting_id, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert [a["name"] for a in shown["attendees"]] == ["Amina Odhiambo"]
    assert shown["counted_without_consent"] == 1
    assert "Hidden Person" not in out
    code, out, _ = run(capsys, "--data-dir", data, "meetings", "show", meeting_id, "--lang", "fr")
    assert "Réunion stratégique" in out


def test_bad_filters_are_one_line_each(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    for argv, words in [
        (("--country", "XXX"), "not the ISO alpha-3 code"),
        (("--sector", "police"), "--sector 'police' is not known"),
        (("--from", "2 March"), "is not a date"),
        (("--from", "2026-03-01", "--to", "2026-01-01"), "--to is before --from"),
    ]:
        code, _out, err = run(capsys, "--data-dir", data, "meetings", "list", *argv)
        assert code == 1, err
        assert words in err, err
        assert len(err.strip().splitlines()) == 1, err


def test_export_xlsx_csv_ics_re_read(
    data: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, ics, table = tmp_path / "m.xlsx", tmp_path / "m.ics", tmp_path / "m.csv"
    code, out, err = run(
        capsys, "--data-dir", data, "meetings", "export", "--out", str(xlsx), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["meetings"] == 2
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header, ken = rows[0], dict(zip(rows[0], rows[2], strict=True))
    assert "meeting_type" in header
    assert ken["meeting_type"] == "Strategic meeting with government leadership"
    assert ken["attendees"] == "Amina Odhiambo, prosecutor"
    assert ken["counted_without_consent"] == 1
    assert ken["barriers"] == "Workforce: Few probation officers"
    assert "Hidden Person" not in str(rows)
    code, _, err = run(
        capsys, "--data-dir", data, "meetings", "export", "--out", str(ics), "--country", "KEN"
    )
    assert code == 0, err
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Diversion strategy with the ministry",
        "Next meeting: Diversion strategy with the ministry",
    ]
    start = events[0].decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 30, "Africa/Nairobi")
    assert events[1].decoded("dtstart") == date(2026, 4, 15)
    assert "Nairobi" in str(events[0]["location"])
    code, _, err = run(
        capsys, "--data-dir", data, "meetings", "export", "--out", str(table), "--lang", "fr"
    )
    assert code == 0, err
    with table.open(encoding="utf-8-sig") as handle:
        read = list(csv.DictReader(handle))
    assert [r["format"] for r in read] == ["À distance", "En personne"]
    code, _, err = run(capsys, "--data-dir", data, "meetings", "export", "--out", "m.pdf")
    assert code == 1
    assert ".xlsx, .csv or .ics" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["field", "m.csv", "m.ics", "m.xlsx"]


def test_follow_ups_become_action_items(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", data, "meetings", "list", "--country", "KEN", "--json")
    meeting_id = json.loads(out)["meetings"][0]["record_id"]
    code, out, err = run(
        capsys, "--data-dir", data, "meetings", "follow-ups-to-actions", meeting_id, "--json"
    )
    assert code == 0, err
    made = json.loads(out)["action_items"]
    assert len(made) == 1
    code, out, _ = run(capsys, "--data-dir", data, "meetings", "follow-ups-to-actions", meeting_id)
    assert "already an action item" in out
