"""`icati events list|show|add|edit|attend|export`, end to end through the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from icati_desktop.cli import main
from icati_desktop.domain.directory import Person
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    directory = str(tmp_path / "hq")
    code, _, err = run(capsys, "--data-dir", directory, "init", "--role", "hq", "--name", "HQ")
    assert code == 0, err
    return directory


def add(capsys: pytest.CaptureFixture[str], hq: str, *options: str) -> str:
    code, out, err = run(capsys, "--data-dir", hq, "--json", "events", "add", *options)
    assert code == 0, err
    return str(json.loads(out)["id"])


def test_add_list_attend_show_and_export(
    hq: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = add(
        capsys, hq, "--title", "Monthly network meeting", "--kind", "network_meeting",
        "--start", "2026-12-15 15:00", "--tz", "Europe/Vienna", "--minutes", "90",
        "--language", "en", "--language", "fr", "--link", "https://example.org/zoom",
    )  # fmt: skip
    add(
        capsys, hq, "--title", "ATI Basics 2", "--kind", "webinar", "--level", "basic",
        "--start", "2026-11-03 09:00", "--tz", "Africa/Nairobi",
    )  # fmt: skip
    code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "list", "--kind", "webinar")
    listed = json.loads(out)
    assert (code, listed["total"], listed["events"][0]["level"]) == (0, 1, "basic")
    code, out, _ = run(capsys, "--data-dir", hq, "events", "list", "--from", "2026-12-01")
    assert "Monthly network meeting" in out
    assert "3:00\u202fPM–4:30\u202fPM (Central European Standard Time)" in out

    store = open_store(Path(hq), None)
    try:
        amina = RecordService(store).create(Person(display_name="Amina", country="KEN"))
    finally:
        store.close()
    attend = ("--data-dir", hq, "--json", "events", "attend", meeting)
    assert run(capsys, *attend, "--person", amina.record_id, "--minutes", "75")[0] == 0
    code, out, _ = run(capsys, *attend, "--count", "4", "--country", "NGA")
    assert json.loads(out)["attendee_count"] == 5
    edit = ("--data-dir", hq, "events", "edit", meeting, "--start", "2026-12-16 15:00")
    assert run(capsys, *edit)[0] == 0  # moved a day later, still 90 minutes long
    code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "show", meeting)
    shown = json.loads(out)
    assert (shown["starts_at"], shown["ends_at"]) == (
        "2026-12-16T14:00:00Z",
        "2026-12-16T15:30:00Z",
    )
    assert shown["by_country"] == {"KEN": 1, "NGA": 4}
    assert shown["time_zone"] == "Europe/Vienna"
    code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "list", "--country", "NGA")
    assert [e["title"] for e in json.loads(out)["events"]] == ["Monthly network meeting"]

    calendar_file = tmp_path / "calendar.ics"
    code, out, err = run(
        capsys, "--data-dir", hq, "events", "export", "--out", str(calendar_file), "--to",
        "2026-12-31",
    )  # fmt: skip
    assert code == 0, err
    calendar = Calendar.from_ical(calendar_file.read_bytes())
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    assert starts["Monthly network meeting"].tzinfo == ZoneInfo("Europe/Vienna")
    assert starts["Monthly network meeting"].hour == 15
    assert starts["ATI Basics 2"].tzinfo == ZoneInfo("Africa/Nairobi")
    one = tmp_path / "one.csv"
    assert (
        run(capsys, "--data-dir", hq, "events", "export", "--id", meeting, "--out", str(one))[0]
        == 0
    )
    rows = list(csv.DictReader(one.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["title"], r["attendees_by_country"]) for r in rows] == [
        ("Monthly network meeting", "KEN:1 NGA:4")
    ]


def test_bad_input_is_one_line_and_changes_nothing(
    hq: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = add(
        capsys, hq, "--title", "Office hours", "--kind", "office_hours",
        "--start", "2026-12-01 10:00", "--tz", "America/Bogota",
    )  # fmt: skip
    code, before, _ = run(capsys, "--data-dir", hq, "--json", "events", "show", event)
    cases = [
        ("edit", event, "--level", "basic"),
        ("edit", event, "--start", "2026-02-30 10:00"),
        ("edit", event, "--kind", "party"),
        ("attend", event, "--count", "2", "--country", "XXX"),
        ("attend", event, "--person", "00000000-0000-4000-8000-000000000001"),
        ("attend", event),
        (
            "add",
            "--title",
            "T",
            "--kind",
            "webinar",
            "--start",
            "2026-12-01 10:00",
            "--tz",
            "Mars/Base",
        ),
        ("export", "--out", str(tmp_path / "events.pdf")),
        ("export", "--out", str(tmp_path / "missing" / "events.ics")),
        ("list", "--from", "2026-12-31", "--to", "2026-01-01"),
    ]
    for case in cases:
        code, out, err = run(capsys, "--data-dir", hq, "events", *case)
        assert code != 0, case
        assert len(err.strip().splitlines()) == 1, (case, err)
        assert "Traceback" not in err
    code, after, _ = run(capsys, "--data-dir", hq, "--json", "events", "show", event)
    assert after == before
    code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "list")
    assert json.loads(out)["total"] == 1
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_field_device_cannot_add_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(tmp_path / "field")
    assert run(capsys, "--data-dir", directory, "init", "--role", "field", "--name", "F")[0] == 0
    code, _, err = run(
        capsys, "--data-dir", directory, "events", "add", "--title", "T", "--kind", "webinar",
        "--start", "2026-12-01 10:00",
    )  # fmt: skip
    assert code != 0
    assert len(err.strip().splitlines()) == 1


def test_a_session_of_a_shipped_series(hq: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "series")
    assert code == 0
    assert "ati-basics-1" in {s["key"] for s in json.loads(out)["series"]}
    event = add(
        capsys, hq, "--from-series", "ati-basics-1", "--start", "2027-01-12 14:00",
        "--tz", "Europe/Paris", "--lang", "fr",
    )  # fmt: skip
    _code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "show", event)
    shown = json.loads(out)
    assert shown["title"].startswith("ATI Basics 1 : ")
    assert (shown["kind"], shown["level"], shown["series"]) == ("webinar", "basic", "ATI Basics")
    assert shown["recording_id"] is not None


def test_delete_and_restore_an_event(
    hq: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = add(
        capsys, hq, "--title", "Office hours", "--kind", "office_hours",
        "--start", "2031-02-03 10:00", "--tz", "Africa/Nairobi",
    )  # fmt: skip
    event = add(
        capsys, hq, "--title", "Probation webinar", "--kind", "webinar",
        "--start", "2031-02-04 10:00", "--tz", "Africa/Nairobi",
    )  # fmt: skip
    code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "delete", event)
    deleted = json.loads(out)
    assert (code, deleted["ok"], deleted["title"], deleted["record_id"]) == (
        0, True, "Probation webinar", event,
    )  # fmt: skip
    _code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "list")
    assert [e["record_id"] for e in json.loads(out)["events"]] == [kept]
    _code, out, _ = run(capsys, "--data-dir", hq, "--json", "search", "probation", "--type=event")
    assert json.loads(out)["groups"] == []
    ics = tmp_path / "all.ics"
    run(capsys, "--data-dir", hq, "events", "export", "--out", str(ics))
    assert "Probation webinar" not in ics.read_text(encoding="utf-8")
    for again in ("delete", "show"):  # one clear line, nothing written
        code, _, err = run(capsys, "--data-dir", hq, "events", again, event)
        assert code != 0
        assert err.startswith(f"icati: no event {event} on this device")
        assert len(err.strip().splitlines()) == 1

    code, out, _ = run(capsys, "--data-dir", hq, "events", "restore", event)
    assert (code, out.strip()) == (0, "event “Probation webinar” restored")
    _code, out, _ = run(capsys, "--data-dir", hq, "--json", "events", "show", event)
    assert json.loads(out)["title"] == "Probation webinar"
    code, _, err = run(capsys, "--data-dir", hq, "events", "restore", event)
    assert code != 0
    assert "not deleted" in err
    assert len(err.strip().splitlines()) == 1
    _code, out, _ = run(capsys, "--data-dir", hq, "--json", "search", "probation", "--type=event")
    (group,) = json.loads(out)["groups"]
    assert (group["type"], group["hits"][0]["record_id"]) == ("event", event)


def test_a_field_device_cannot_delete_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(tmp_path / "field")
    assert run(capsys, "--data-dir", directory, "init", "--role", "field", "--name", "F")[0] == 0
    some_id = "7a0d3c57-0000-4000-8000-000000000000"
    for command in ("delete", "restore"):
        code, _, err = run(capsys, "--data-dir", directory, "events", command, some_id)
        assert code != 0
        assert "central office" in err
        assert len(err.strip().splitlines()) == 1
