"""Meetings to XLSX and CSV (one row a meeting) and to an ICS calendar.

Attendees are written as :func:`~icati_desktop.store.meetings.attendee_views` allows:
by name only while their consent is active, otherwise only in the count. Labels are in
the chosen language; the columns keep stable English keys so a script (or a later
import) can read them whatever language the file was written in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.orm import Session

from icati_desktop.atomic_file import write_atomic
from icati_desktop.domain.meetings import Meeting
from icati_desktop.i18n import N_, _, translator
from icati_desktop.reports.meeting_text import (
    BARRIERS,
    CONFIDENTIALITY,
    FOLLOW_UP_STATUS,
    FORMATS,
    MEETING_TYPES,
    SECTORS,
    label,
)
from icati_desktop.reports.table_files import cells, checked_suffix, guard, write_table
from icati_desktop.store.meetings import (
    AttendanceView,
    MeetingFilter,
    attendee_views,
    meetings_for_export,
)

COLUMNS = (
    "meeting_id",
    "country",
    "country_name",
    "title",
    "held_on",
    "start_time",
    "time_zone",
    "format",
    "meeting_type",
    "subnational_area",
    "facilitator",
    "objectives",
    "agenda",
    "attendees",
    "headcount",
    "counted_without_consent",
    "barriers",
    "decisions",
    "follow_ups",
    "next_meeting_on",
    "confidentiality",
    "notes",
)
SUFFIXES = (".xlsx", ".csv", ".ics")


class ExportedMeeting(NamedTuple):
    record_id: str
    meeting: Meeting
    attendance: AttendanceView
    country_name: str


def meeting_row(entry: ExportedMeeting, language: str) -> dict[str, str | int]:
    m, t = entry.meeting, translator(language).gettext
    people = [
        ", ".join(
            part
            for part in (a.name, a.role, a.institution, label(SECTORS, a.sector, language))
            if part
        )
        for a in entry.attendance.shown
        if a.attended
    ]
    follow_ups = [
        " — ".join(
            part
            for part in (
                f.action,
                f.owner,
                f.due_on.isoformat() if f.due_on else "",
                label(FOLLOW_UP_STATUS, f.status.value, language),
            )
            if part
        )
        for f in m.follow_ups
    ]
    row: dict[str, str | int] = {
        "meeting_id": entry.record_id,
        "country": m.country,
        "country_name": entry.country_name,
        "title": m.title,
        "held_on": m.held_on.isoformat(),
        "start_time": m.start_time or "",
        "time_zone": m.time_zone or "",
        "format": label(FORMATS, m.format.value, language),
        "meeting_type": label(MEETING_TYPES, m.meeting_type.value, language),
        "subnational_area": m.subnational_area,
        "facilitator": m.facilitator,
        "objectives": "\n".join(m.objectives),
        "agenda": "\n".join(
            f"{a.title} ({a.domain_code})" if a.domain_code else a.title for a in m.agenda
        ),
        "attendees": "\n".join(people),
        "headcount": m.headcount,
        "counted_without_consent": entry.attendance.without_consent,
        "barriers": "\n".join(
            f"{label(BARRIERS, b.category.value, language)}: {b.text}" for b in m.barriers
        ),
        "decisions": "\n".join(m.decisions),
        "follow_ups": "\n".join(follow_ups),
        "next_meeting_on": m.next_meeting_on.isoformat() if m.next_meeting_on else "",
        "confidentiality": label(CONFIDENTIALITY, m.confidentiality.value, language),
        "notes": m.notes,
    }
    if not m.title:
        row["title"] = t(MEETING_TYPES[m.meeting_type.value])
    return {k: guard(v) if isinstance(v, str) else v for k, v in row.items()}


def meetings_ics(entries: Sequence[ExportedMeeting], language: str) -> bytes:
    """One event a meeting (timed in its own zone, else all day) and one for each next
    meeting planned; UIDs are stable, so re-importing updates instead of doubling."""
    from icalendar import Calendar, Event

    t = translator(language).gettext
    calendar = Calendar()
    calendar.add("prodid", "-//ICATI//ICATI Desktop//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now().astimezone()
    for entry in entries:
        m = entry.meeting
        title = m.title or t(MEETING_TYPES[m.meeting_type.value])
        event = Event()
        event.add("uid", f"meeting-{entry.record_id}@icati")
        event.add("dtstamp", stamp)
        event.add("summary", title)
        starts = m.starts_at
        if starts is not None:
            event.add("dtstart", starts)
            event.add("dtend", starts + timedelta(hours=1))
        else:
            event.add("dtstart", m.held_on)
        place = ", ".join(p for p in (m.subnational_area, entry.country_name) if p)
        event.add("location", place)
        lines = [label(MEETING_TYPES, m.meeting_type.value, language), *m.objectives]
        lines += [f"• {a.title}" for a in m.agenda]
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
        if m.next_meeting_on is not None:
            follow = Event()
            follow.add("uid", f"meeting-{entry.record_id}-next@icati")
            follow.add("dtstamp", stamp)
            follow.add("summary", t(N_("Next meeting: {title}")).format(title=title))
            follow.add("dtstart", m.next_meeting_on)
            follow.add("location", place)
            calendar.add_component(follow)
    return bytes(calendar.to_ical())


def export_meetings(entries: Sequence[ExportedMeeting], path: Path, *, language: str) -> Path:
    """Write ``path`` as XLSX, CSV or ICS, chosen by its suffix; atomically (a failure
    leaves neither the file nor a partial one)."""
    message = _("export meetings to a .xlsx, .csv or .ics file, not {suffix}")
    if checked_suffix(path, SUFFIXES, message) == ".ics":
        write_atomic(path, meetings_ics(entries, language))
    else:
        rows = (cells(meeting_row(e, language), COLUMNS) for e in entries)
        write_table(path, COLUMNS, rows, title="Meetings")
    return path


def meetings_to_export(
    session: Session, flt: MeetingFilter, *, today: date, language: str
) -> list[ExportedMeeting]:
    """What an export of the meetings passing ``flt`` holds, attendees as consent allows."""
    from icati_desktop.reports.assessment_report import country_name

    names: dict[str, str] = {}
    entries = []
    for record_id, meeting in meetings_for_export(session, flt):
        if meeting.country not in names:
            names[meeting.country] = country_name(session, meeting.country, language)
        attendance = attendee_views(session, meeting, today)
        entries.append(ExportedMeeting(record_id, meeting, attendance, names[meeting.country]))
    return entries
