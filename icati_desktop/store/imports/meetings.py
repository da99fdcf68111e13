"""Importing meetings: the columns of the meetings export, read back.

The sheet carries a meeting's own fields. Attendees, the headcount, the people counted
without consent and the follow-ups are informational: attendees are people of the
directory (with their consent) and follow-ups become action items, both chosen in the
app, so an import keeps what a meeting already has and a new meeting starts without.
"""

from __future__ import annotations

import re
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.meetings import (
    AgendaItem,
    BarrierCategory,
    Confidentiality,
    Meeting,
    MeetingFormat,
    MeetingType,
)
from icati_desktop.formats.spreadsheet.columns import Column, normalise
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import N_, SUPPORTED_LANGUAGES, _, translator
from icati_desktop.store.field_words import BARRIERS, CONFIDENTIALITY, FORMATS, MEETING_TYPES
from icati_desktop.store.imports.cells import CellError, choice, day, lines, text
from icati_desktop.store.imports.model import Context, Plan, Row
from icati_desktop.store.imports.places import Countries
from icati_desktop.store.imports.planner import Planner
from icati_desktop.store.tables.field import MeetingRow

COLUMNS = (
    Column("meeting_id", N_("Meeting id")),
    Column("country", N_("Country"), required=True),
    Column("country_name", N_("Country name"), informational=True),
    Column("title", N_("Title")),
    Column("held_on", N_("Date"), required=True),
    Column("start_time", N_("Start time")),
    Column("time_zone", N_("Time zone")),
    Column("format", N_("Format"), required=True),
    Column("meeting_type", N_("Meeting type"), required=True),
    Column("subnational_area", N_("Subnational area")),
    Column("facilitator", N_("Facilitator")),
    Column("objectives", N_("Objectives")),
    Column("agenda", N_("Agenda")),
    Column("attendees", N_("Attendees"), informational=True),
    Column("headcount", N_("Headcount"), informational=True),
    Column("counted_without_consent", N_("Counted without consent"), informational=True),
    Column("barriers", N_("Barriers")),
    Column("decisions", N_("Decisions")),
    Column("follow_ups", N_("Follow-ups"), informational=True),
    Column("next_meeting_on", N_("Next meeting")),
    Column("confidentiality", N_("Confidentiality")),
    Column("notes", N_("Notes")),
)
NOT_READ = N_(
    "the attendees and follow-ups of new meetings are not read from the sheet: add attendees "
    "from the directory (with their consent) and follow-ups in the app"
)
_AGENDA_DOMAIN = re.compile(r"^(?P<title>.*\S)\s+\((?P<code>D[1-9][0-9]?)\)$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?$")


def _time(cell: Cell) -> str | None:
    if isinstance(cell, time):
        return f"{cell.hour:02d}:{cell.minute:02d}"
    value = text(cell)
    if not value:
        return None
    found = _TIME.match(value)
    if found is None:
        raise CellError(
            _("{value!r} is not a time; write it as HH:MM (24 hours)").format(value=value)
        )
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def _barriers(cell: Cell) -> list[dict[str, str]]:
    out = []
    for line in lines(cell):
        head, sep, rest = line.partition(":")
        try:
            category = choice(head, BarrierCategory, BARRIERS) if sep and rest.strip() else None
        except CellError:
            category = None
        if category is None:
            out.append({"category": BarrierCategory.OTHER.value, "text": line})
        else:
            out.append({"category": category.value, "text": rest.strip()})
    return out


def _type_titles(meeting_type: MeetingType) -> set[str]:
    word = MEETING_TYPES[meeting_type.value]
    return {normalise(translator(lang).gettext(word)) for lang in SUPPORTED_LANGUAGES}


class MeetingsKind:
    name = "meetings"
    columns = COLUMNS

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan:
        planner = _Planner(session, context)
        planner.prefetch(rows, "meeting_id")
        for row in rows:
            planner.row(row)
        new_rows = [r for r in rows if not text(r.values.get("meeting_id"))]
        if any(text(r.values.get(c)) for r in new_rows for c in ("attendees", "follow_ups")):
            planner.plan.notes.append(_(NOT_READ))
        return planner.plan


class _Planner(Planner):
    columns = COLUMNS

    def __init__(self, session: Session, context: Context) -> None:
        super().__init__(session, context)
        self.countries = Countries(session)
        self.seen: dict[tuple[str, object, str], int] = {}

    def row(self, row: Row) -> None:
        v, before = row.values, len(self.plan.problems)
        existing = self.existing(row, "meeting_id", Meeting)
        current = existing[1] if existing else None
        country = self.cell(row, "country", lambda c: self.countries.code(c, self.context))
        held_on = self.cell(row, "held_on", day)
        if held_on is None and "held_on" not in {p.column for p in self.plan.problems[before:]}:
            self.problem(row, "held_on", _("the date is missing; write it as YYYY-MM-DD"))
        fmt = self.cell(row, "format", lambda c: choice(c, MeetingFormat, FORMATS))
        kind = self.cell(row, "meeting_type", lambda c: choice(c, MeetingType, MEETING_TYPES))
        for column, value in (("format", fmt), ("meeting_type", kind)):
            if value is None and not text(v.get(column)):
                self.problem(row, column, _("this column is empty; choose one of its values"))
        data: dict[str, object] = {
            "country": country,
            "held_on": held_on,
            "format": fmt,
            "meeting_type": kind,
            "start_time": self.cell(row, "start_time", _time),
            "time_zone": text(v.get("time_zone")) or None,
            "subnational_area": text(v.get("subnational_area")),
            "facilitator": text(v.get("facilitator")),
            "objectives": lines(v.get("objectives")),
            "barriers": _barriers(v.get("barriers")),
            "decisions": lines(v.get("decisions")),
            "next_meeting_on": self.cell(row, "next_meeting_on", day),
            "notes": text(v.get("notes")),
            "agenda": self._agenda(v.get("agenda"), current),
        }
        confidentiality = self.cell(
            row, "confidentiality", lambda c: choice(c, Confidentiality, CONFIDENTIALITY)
        )
        if confidentiality is not None:
            data["confidentiality"] = confidentiality
        title = text(v.get("title"))
        if current is not None and not current.title and kind is not None:
            title = "" if normalise(title) in _type_titles(kind) else title
        data["title"] = title
        if len(self.plan.problems) > before:
            return
        base = current.model_dump() if current is not None else {}
        meeting = self.build(row, Meeting, {**base, **self.kept(row, data, current)})
        if meeting is None:
            return
        if existing is None and not self._new_one(row, meeting):
            return
        self.keep(row, existing[0] if existing else None, meeting, current)

    def _agenda(self, cell: Cell, current: Meeting | None) -> list[dict[str, object]]:
        known = {(a.title, a.domain_code): a for a in (current.agenda if current else [])}
        items: list[dict[str, object]] = []
        for line in lines(cell):
            found = _AGENDA_DOMAIN.match(line)
            title, code = (found["title"], found["code"]) if found else (line, None)
            same = known.pop((title, code), None)
            item = same or AgendaItem(title=title, domain_code=code)
            items.append(item.model_dump())
        return items

    def _new_one(self, row: Row, meeting: Meeting) -> bool:
        """A titled meeting already recorded, or twice in the file, is a problem."""
        if not meeting.title:
            return True
        key = (meeting.country, meeting.held_on, meeting.title.casefold())
        earlier = self.seen.get(key)
        if earlier is not None:
            self.problem(
                row,
                "title",
                _("the same meeting as row {row}; keep one of the two rows").format(row=earlier),
            )
            return False
        self.seen[key] = row.number
        same = self.session.scalar(
            select(MeetingRow.id)
            .where(
                MeetingRow.country == meeting.country,
                MeetingRow.held_on == meeting.held_on,
                MeetingRow.title == meeting.title,
            )
            .limit(1)
        )
        if same is not None:
            self.problem(
                row,
                "title",
                _(
                    "this meeting is already recorded (meeting_id {id}); put that meeting_id in "
                    "the row to update it, or remove the row"
                ).format(id=same),
            )
            return False
        return True
