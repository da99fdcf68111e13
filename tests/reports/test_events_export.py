"""Events to ICS (re-read with icalendar, zones kept), CSV and XLSX."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from icati_desktop.domain.network import NetworkEvent
from icati_desktop.reports.events_export import events_ics, export_events


def event(title: str, starts: str, zone: str, **extra: object) -> NetworkEvent:
    return NetworkEvent.model_validate(
        {
            "title": title,
            "kind": "webinar",
            "starts_at": starts,
            "time_zone": zone,
            "format": "remote",
            **extra,
        }
    )


ENTRIES = [
    (
        "e1",
        event(
            "ATI Basics 1",
            "2026-07-07T14:00:00Z",
            "America/New_York",
            ends_at="2026-07-07T15:30:00Z",
            online_url="https://example.org/zoom/1",
            level="basic",
        ),
    ),
    ("e2", event("Office hours", "2026-01-13T09:00:00Z", "Africa/Nairobi", kind="office_hours")),
]


def test_ics_keeps_each_events_zone() -> None:
    calendar = Calendar.from_ical(events_ics(ENTRIES, "fr"))
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    assert zones == {"America/New_York", "Africa/Nairobi"}
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    webinar = events["event-e1@icati"]
    assert webinar["DTSTART"].params["TZID"] == "America/New_York"
    start = webinar.decoded("DTSTART")
    assert start == datetime(2026, 7, 7, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert webinar.decoded("DTEND") - start == (
        datetime(2026, 7, 7, 15, 30) - datetime(2026, 7, 7, 14, 0)
    )
    assert str(webinar["URL"]) == "https://example.org/zoom/1"
    assert "Webinaire" in str(webinar["DESCRIPTION"])  # labels in the chosen language
    hours = events["event-e2@icati"]
    assert hours.decoded("DTSTART").hour == 12  # 09:00 UTC is noon in Nairobi
    assert str(hours["SUMMARY"]) == "Office hours"


def test_csv_and_xlsx_by_suffix(tmp_path: Path) -> None:
    written = export_events(ENTRIES, tmp_path / "events.csv", language="en")
    rows = list(csv.DictReader(written.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["starts_at_local"] for r in rows] == ["2026-07-07 10:00", "2026-01-13 12:00"]
    assert rows[0]["level"] == "Basic"
    from openpyxl import load_workbook

    book = load_workbook(export_events(ENTRIES, tmp_path / "events.xlsx", language="en"))
    assert book.active is not None
    assert book.active["B2"].value == "ATI Basics 1"
    with pytest.raises(ValueError, match=r"\.ics, \.csv or \.xlsx"):
        export_events(ENTRIES, tmp_path / "events.pdf", language="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "events.xlsx"]
