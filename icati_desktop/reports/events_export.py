"""Network events to an ICS calendar (one event or many), CSV and XLSX.

ICS keeps each event in its own time zone: ``DTSTART;TZID=Africa/Nairobi:…`` with the
matching ``VTIMEZONE`` (icalendar's ``add_missing_timezones``), which Outlook,
Thunderbird and Google Calendar import as the organiser announced it. UIDs are stable
(``event-<record id>@icati``), so importing a newer export updates, never doubles.
Spreadsheet columns keep stable English keys; their labels are in the chosen language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icati_desktop.atomic_file import write_atomic
from icati_desktop.domain.network import NetworkEvent
from icati_desktop.i18n import N_, _, translator
from icati_desktop.reports.event_text import kind_label, level_label
from icati_desktop.reports.table_files import cells, checked_suffix, guard, write_table

COLUMNS = (
    "event_id",
    "title",
    "kind",
    "starts_at_local",
    "ends_at_local",
    "time_zone",
    "starts_at_utc",
    "languages",
    "level",
    "series",
    "link",
    "recording_id",
    "partner",
    "format",
    "location",
    "attendees",
    "attendees_by_country",
)
SUFFIXES = (".ics", ".csv", ".xlsx")
ExportedEvent = tuple[str, NetworkEvent]


def event_row(record_id: str, event: NetworkEvent, language: str) -> dict[str, str | int]:
    local_end = event.local_ends_at
    by_country = sorted(event.attendance_by_country().items(), key=lambda i: i[0] or "~")
    row: dict[str, str | int] = {
        "event_id": record_id,
        "title": event.title,
        "kind": kind_label(event.kind.value, language),
        "starts_at_local": event.local_starts_at.strftime("%Y-%m-%d %H:%M"),
        "ends_at_local": local_end.strftime("%Y-%m-%d %H:%M") if local_end else "",
        "time_zone": event.time_zone,
        "starts_at_utc": event.starts_at.strftime("%Y-%m-%dT%H:%MZ"),
        "languages": " ".join(event.languages),
        "level": level_label(event.level.value if event.level else None, language),
        "series": event.series,
        "link": event.online_url or "",
        "recording_id": str(event.recording_id or ""),
        "partner": event.partner,
        "format": event.format.value,
        "location": event.location,
        "attendees": event.attendee_count,
        "attendees_by_country": " ".join(f"{c or '?'}:{n}" for c, n in by_country),
    }
    return {k: guard(v) if isinstance(v, str) else v for k, v in row.items()}


def events_ics(entries: Sequence[ExportedEvent], language: str) -> bytes:
    """A calendar of ``entries``, each timed in its own zone (with its VTIMEZONE)."""
    from icalendar import Calendar, Event

    t = translator(language).gettext
    calendar = Calendar()
    calendar.add("prodid", "-//ICATI//ICATI Desktop//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", t(N_("ICATI events")))
    stamp = datetime.now().astimezone()
    for record_id, event in entries:
        zone = ZoneInfo(event.time_zone)
        item = Event()
        item.add("uid", f"event-{record_id}@icati")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at.astimezone(zone))
        end = event.ends_at or event.starts_at + timedelta(hours=1)
        item.add("dtend", end.astimezone(zone))
        if event.online_url:
            item.add("url", event.online_url)
        place = event.location or event.online_url or ""
        if place:
            item.add("location", place)
        lines = [kind_label(event.kind.value, language)]
        if event.level is not None:
            lines.append(level_label(event.level.value, language))
        if event.partner:
            lines.append(t(N_("Offered by {partner}")).format(partner=event.partner))
        if event.languages:
            lines.append(t(N_("Languages: {codes}")).format(codes=", ".join(event.languages)))
        if event.description:
            lines += ["", event.description]
        item.add("description", "\n".join(lines))
        item.add("categories", [kind_label(event.kind.value, language)])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def check_suffix(path: Path) -> str:
    message = _("export events to a .ics, .csv or .xlsx file, not {suffix}")
    return checked_suffix(path, SUFFIXES, message)


def export_events(entries: Sequence[ExportedEvent], path: Path, *, language: str) -> Path:
    """Write ``path`` as ICS, CSV or XLSX by its suffix; atomically (a failure leaves
    neither the file nor a partial one)."""
    if check_suffix(path) == ".ics":
        write_atomic(path, events_ics(entries, language))
    else:
        rows = (cells(event_row(rid, e, language), COLUMNS) for rid, e in entries)
        write_table(path, COLUMNS, rows, title="Events")
    return path
