"""Importing network events (webinars, network meetings, trainings…).

``starts_at``/``ends_at`` are the local time in the event's ``time_zone`` (UTC when the
column is blank), as the organiser announced them; the store keeps them in UTC. The
participants are not in this sheet: they come from an attendance list
(``icati import attendance FILE --event ID``) and are kept when an event row is updated.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.meetings import MeetingFormat
from icati_desktop.domain.network import EventKind, NetworkEvent
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import N_, _
from icati_desktop.store.field_words import FORMATS
from icati_desktop.store.imports.cells import CellError, choice, text, whole
from icati_desktop.store.imports.model import Context, Plan, Row
from icati_desktop.store.imports.planner import Planner
from icati_desktop.store.tables.directory import NetworkEventRow as EventRow

COLUMNS = (
    Column("event_id", N_("Event id")),
    Column("title", N_("Title"), required=True),
    Column("kind", N_("Event kind"), required=True),
    Column("starts_at", N_("Starts"), required=True),
    Column("ends_at", N_("Ends")),
    Column("time_zone", N_("Time zone")),
    Column("format", N_("Format"), required=True),
    Column("location", N_("Location")),
    Column("online_url", N_("Web address")),
    Column("series", N_("Series")),
    Column("languages", N_("Languages")),
    Column("description", N_("Description")),
    Column("registered_count", N_("Registered")),
)
EVENT_KINDS = {
    "webinar": N_("Webinar"),
    "network_meeting": N_("Network meeting"),
    "learning_community": N_("Learning community"),
    "affinity_group": N_("Affinity group"),
    "office_hours": N_("Office hours"),
    "annual_members_meeting": N_("Annual members meeting"),
    "training": N_("Training"),
    "conference": N_("Conference"),
}
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(:\d{2})?$")
_LANGUAGES = re.compile(r"[\s,;]+")


def _zone(cell: Cell) -> str:
    name = text(cell) or "UTC"
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        raise CellError(
            _("{value!r} is not a time zone; write a name such as Africa/Nairobi or UTC").format(
                value=name
            )
        ) from None
    return name


def _moment(cell: Cell, zone: str) -> datetime | None:
    """A local date and time in ``zone``, in UTC."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        local = cell.replace(tzinfo=None)
    else:
        found = _MOMENT.match(text(cell))
        if found is None:
            raise CellError(
                _("{value!r} is not a date and time; write it as YYYY-MM-DD HH:MM").format(
                    value=text(cell)
                )
            )
        local = datetime.fromisoformat(f"{found[1]} {int(found[2]):02d}:{found[3]}")
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


CENTRAL_ONLY_EVENTS = N_(
    "Network events are kept by the central office; import this file on the central office's device"
)


class EventsKind:
    name = "events"
    columns = COLUMNS

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan:
        planner = _Planner(session, context)
        if planner.central_only("event", _(CENTRAL_ONLY_EVENTS)):
            planner.prefetch(rows, "event_id")
            for row in rows:
                planner.row(row)
        return planner.plan


class _Planner(Planner):
    columns = COLUMNS

    def __init__(self, session: Session, context: Context) -> None:
        super().__init__(session, context)
        self.seen: dict[tuple[str, datetime], str] = {}

    def row(self, row: Row) -> None:
        v, before = row.values, len(self.plan.problems)
        existing = self.existing(row, "event_id", NetworkEvent)
        current = existing[1] if existing else None
        zone = self.cell(row, "time_zone", _zone) or "UTC"
        title = text(v.get("title"))
        if not title:
            self.problem(row, "title", _("the title is missing; write the event's title"))
        starts = self.cell(row, "starts_at", lambda c: _moment(c, zone))
        if starts is None and not text(v.get("starts_at")):
            self.problem(row, "starts_at", _("the start is missing; write it as YYYY-MM-DD HH:MM"))
        data: dict[str, object] = {
            "title": title,
            "kind": self.cell(row, "kind", lambda c: choice(c, EventKind, EVENT_KINDS)),
            "starts_at": starts,
            "ends_at": self.cell(row, "ends_at", lambda c: _moment(c, zone)),
            "time_zone": zone,
            "format": self.cell(row, "format", lambda c: choice(c, MeetingFormat, FORMATS)),
            "location": text(v.get("location")),
            "online_url": text(v.get("online_url")) or None,
            "series": text(v.get("series")),
            "languages": [x.lower() for x in _LANGUAGES.split(text(v.get("languages"))) if x],
            "description": text(v.get("description")),
            "registered_count": self.cell(row, "registered_count", whole),
        }
        for column in ("kind", "format"):
            if data[column] is None and not text(v.get(column)):
                self.problem(row, column, _("this column is empty; choose one of its values"))
        if len(self.plan.problems) > before:
            return
        base = current.model_dump() if current is not None else {}
        event = self.build(row, NetworkEvent, {**base, **self.kept(row, data, current)})
        if event is None:
            return
        if existing is None and not self._new_one(row, event):
            return
        self.keep(row, existing[0] if existing else None, event, current)

    def _new_one(self, row: Row, event: NetworkEvent) -> bool:
        key = (event.title.casefold(), event.starts_at)
        same = self.seen.get(key) or self.session.scalar(
            select(EventRow.id)
            .where(
                EventRow.title == event.title,
                EventRow.starts_at == event.starts_at.replace(tzinfo=None),
            )
            .limit(1)
        )
        if same is not None:
            self.problem(
                row,
                "title",
                _(
                    "this event is already recorded ({id}); put its event_id "
                    "in the row to update it, or remove the row"
                ).format(id=same),
            )
            return False
        self.seen[key] = _("row {row}").format(row=row.number)
        return True
