"""Action items to XLSX and CSV (one row an item, :data:`COLUMNS`) and to an ICS calendar.

The columns are the shared set of ``/work/ACTION_COLUMNS.md``: stable English keys, and
codes (status, priority, stages) rather than labels, so ``icati import actions`` reads
back exactly what was written whatever the export language; only ``country_name`` is in
that language (informational). The calendar holds one all-day event per item with a due
date (see docs/decisions.md, "Action items in calendars").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.orm import Session

from icati_desktop.atomic_file import write_atomic
from icati_desktop.domain.action_plans import ActionItem, ActionPlan
from icati_desktop.i18n import N_, _, translator
from icati_desktop.reports.action_text import PRIORITIES, STATUSES, date_text
from icati_desktop.reports.meeting_text import label
from icati_desktop.reports.table_files import cells, checked_suffix, guard, write_table
from icati_desktop.store.action_items import ItemFilter, items_for_export
from icati_desktop.store.imports.actions import ACTION_COLUMNS
from icati_desktop.store.tables.field import ActionPlanRow

COLUMNS = ACTION_COLUMNS
"""The sheet's columns: the action-item import reads the same set (docs/user-guide.md)."""
SUFFIXES = (".xlsx", ".csv", ".ics")
Cell = str | date | None


class ExportedItem(NamedTuple):
    record_id: str
    item: ActionItem
    plan: ActionPlan | None
    country_name: str


def item_row(entry: ExportedItem) -> dict[str, Cell]:
    """The item's cells by column; dates stay dates (XLSX date cells, ISO in CSV)."""
    i, plan = entry.item, entry.plan
    goal = ""
    if plan is not None and i.goal_id is not None:
        goal = next((g.title for g in plan.goals if g.id == i.goal_id), "")
    row: dict[str, Cell] = {
        "action_item_id": entry.record_id,
        "country": i.country,
        "country_name": entry.country_name,
        "plan_id": str(i.action_plan_id),
        "plan_title": plan.title if plan else "",
        "goal": goal,
        "title": i.title,
        "description": i.description,
        "owner_name": i.owner_name,
        "owner_person_id": str(i.owner_person_id) if i.owner_person_id else "",
        "due_on": i.due_on,
        "status": i.status.value,
        "priority": i.priority.value,
        "stages": " ".join(s.value for s in i.continuum_stages),
        "domain_code": i.domain_code or "",
        "closed_on": i.closed_on,
    }
    return {k: guard(v) if isinstance(v, str) else v for k, v in row.items()}


def items_ics(entries: Sequence[ExportedItem], language: str) -> bytes:
    """One all-day event on the due date of each item that has one; UIDs are stable, so
    importing a newer export updates the events instead of doubling them."""
    from icalendar import Calendar, Event

    t = translator(language).gettext
    calendar = Calendar()
    calendar.add("prodid", "-//ICATI//ICATI Desktop//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now().astimezone()
    for entry in entries:
        i = entry.item
        if i.due_on is None:
            continue
        event = Event()
        event.add("uid", f"action-item-{entry.record_id}@icati")
        event.add("dtstamp", stamp)
        event.add("summary", t(N_("Due: {title}")).format(title=i.title))
        event.add("dtstart", i.due_on)
        event.add("dtend", i.due_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline, not a busy day
        event.add("location", entry.country_name)
        lines = [
            t(N_("Status: {status}")).format(status=label(STATUSES, i.status.value, language)),
            t(N_("Priority: {priority}")).format(
                priority=label(PRIORITIES, i.priority.value, language)
            ),
        ]
        if i.owner_name:
            lines.append(t(N_("Owner: {owner}")).format(owner=i.owner_name))
        if entry.plan is not None:
            lines.append(t(N_("Plan: {plan}")).format(plan=entry.plan.title))
        if i.closed_on is not None:
            lines.append(t(N_("Closed on {day}")).format(day=date_text(i.closed_on, language)))
        if i.description:
            lines += ["", i.description]
        event.add("description", "\n".join(lines))
        if i.status.is_closed:
            event.add("status", "CANCELLED" if i.status.value == "dropped" else "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def export_items(entries: Sequence[ExportedItem], path: Path, *, language: str) -> Path:
    """Write ``path`` as XLSX, CSV or ICS, chosen by its suffix; atomically (a failure
    leaves neither the file nor a partial one)."""
    message = _("export action items to a .xlsx, .csv or .ics file, not {suffix}")
    if checked_suffix(path, SUFFIXES, message) == ".ics":
        write_atomic(path, items_ics(entries, language))
    else:
        rows = (cells(item_row(e), COLUMNS) for e in entries)
        write_table(path, COLUMNS, rows, title="Action items")
    return path


def items_to_export(session: Session, flt: ItemFilter, *, language: str) -> list[ExportedItem]:
    """What an export of the items ``flt`` selects holds, with their plans."""
    from icati_desktop.reports.assessment_report import country_name

    names: dict[str, str] = {}
    plans: dict[str, ActionPlan | None] = {}
    entries = []
    for record_id, item in items_for_export(session, flt):
        if item.country not in names:
            names[item.country] = country_name(session, item.country, language)
        plan_id = str(item.action_plan_id)
        if plan_id not in plans:
            row = session.get(ActionPlanRow, plan_id)  # None: not arrived yet (soft reference)
            plans[plan_id] = None if row is None else ActionPlan.model_validate_json(row.data)
        entries.append(ExportedItem(record_id, item, plans[plan_id], names[item.country]))
    return entries
