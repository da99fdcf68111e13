"""`icati actions` commands: list, show, set-status, export (XLSX, CSV or ICS)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import (
    Add,
    CliError,
    emit,
    in_existing_folder,
    known_choice,
    known_country,
    open_store,
    parse_day,
)
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.store import Store

SORTS = ("due", "title", "status", "priority", "country")


def _filter(args: argparse.Namespace, store: Store) -> Any:
    from icati_desktop.reports.action_text import STATUSES
    from icati_desktop.store.action_items import ItemFilter
    from icati_desktop.store.action_writes import today_of

    flt = ItemFilter(
        today=today_of(store),
        country=known_country(store, args.country),
        plan_id=args.plan,
        status=known_choice("--status", args.status, STATUSES),
        owner=args.owner,
        overdue_only=args.overdue,
        due_from=parse_day("--due-from", args.due_from),
        due_to=parse_day("--due-to", args.due_to),
        text=args.text or "",
    )
    if flt.due_from and flt.due_to and flt.due_to < flt.due_from:
        raise CliError(_("--due-to is before --due-from; give the earlier date first"))
    return flt


def _line(row: Any, language: str) -> str:
    from icati_desktop.reports.action_text import due_text, priority_label, status_label

    due = due_text(row.due_on, row.overdue, language) or _("no due date")
    parts = [row.record_id, row.country, status_label(row.status, language), due]
    parts += [priority_label(row.priority, language), row.title]
    if row.owner_name:
        parts.append(_("owner: {owner}").format(owner=row.owner_name))
    return "  ".join(parts)


def cmd_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.action_items import query_items
    from icati_desktop.store.paging import PageRequest

    if args.limit < 1:
        raise CliError(_("--limit must be 1 or more"))
    store = open_store(args, create=False)
    try:
        flt = _filter(args, store)
        request = PageRequest(args.sort, descending=args.descending, limit=args.limit)
        with store.read() as session:
            page = query_items(session, flt, request)
    finally:
        store.close()
    lines = [_line(r, args.lang) for r in page.rows]
    if page.total > len(page.rows):
        lines.append(
            _("… {shown} of {total} action items; narrow the filters or raise --limit").format(
                shown=len(page.rows), total=page.total
            )
        )
    emit(
        args,
        {"total": page.total, "action_items": [r.model_dump(mode="json") for r in page.rows]},
        "\n".join(lines)
        if lines
        else _("no action items match; create one in the app (Action plans) or from advice"),
    )
    return 0


def _shown(store: Store, item_id: str, language: str) -> tuple[dict[str, Any], str]:
    from icati_desktop.reports.action_text import date_text, due_text, priority_label, status_label
    from icati_desktop.store.action_writes import load_item, today_of

    view = load_item(store, item_id)
    item = view.payload
    overdue = item.is_overdue(today_of(store))
    data = item.model_dump(mode="json")
    data.update(id=item_id, overdue=overdue, in_conflict=view.in_conflict)
    lines = [
        item.title,
        _("Status: {status}").format(status=status_label(item.status.value, language)),
        _("Priority: {priority}").format(priority=priority_label(item.priority.value, language)),
        _("Due: {day}").format(day=due_text(item.due_on, overdue, language) or _("no due date")),
    ]
    if item.owner_name:
        lines.append(_("Owner: {owner}").format(owner=item.owner_name))
    plan = _plan_of(store, str(item.action_plan_id))
    if plan is not None:
        lines.append(_("Plan: {plan}").format(plan=plan.title))
        goal = next((g.title for g in plan.goals if g.id == item.goal_id), None)
        if goal:
            lines.append(_("Goal: {goal}").format(goal=goal))
    if item.closed_on:
        lines.append(_("Closed on {day}").format(day=date_text(item.closed_on, language)))
    if item.description:
        lines.append(item.description)
    for note in item.progress_notes:
        lines.append(f"{date_text(note.noted_on, language)} — {note.author}: {note.text}")
    return data, "\n".join(lines)


def _plan_of(store: Store, plan_id: str) -> Any:
    """The item's plan, or ``None`` while it has not arrived (references are soft)."""
    from icati_desktop.store.action_writes import load_plan
    from icati_desktop.store.records import RecordNotFound

    try:
        return load_plan(store, plan_id).payload
    except RecordNotFound:
        return None


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args, create=False)
    try:
        data, text = _shown(store, args.id, args.lang)
    finally:
        store.close()
    emit(args, data, text)
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    from icati_desktop.reports.action_text import STATUSES, status_label
    from icati_desktop.store.action_writes import set_status

    status = known_choice("STATUS", args.status, STATUSES)
    assert status is not None
    store = open_store(args, create=False)
    try:
        view = set_status(store, args.id, status)
    finally:
        store.close()
    data = {"ok": True, "id": args.id, "status": view.payload.status.value}
    data["closed_on"] = view.payload.closed_on.isoformat() if view.payload.closed_on else None
    text = _("{title}: {status}").format(
        title=view.payload.title, status=status_label(status, args.lang)
    )
    emit(args, data, text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.actions_export import SUFFIXES, export_items, items_to_export

    out = Path(args.out).expanduser()
    if out.suffix.lower() not in SUFFIXES:
        raise CliError(_("--out must end in .xlsx, .csv or .ics, not {name}").format(name=out.name))
    in_existing_folder(out)
    store = open_store(args, create=False)
    try:
        flt = _filter(args, store)
        with store.read() as session:
            entries = items_to_export(session, flt, language=args.lang)
    finally:
        store.close()
    export_items(entries, out, language=args.lang)
    text = ngettext(
        "{n} action item written to {file}", "{n} action items written to {file}", len(entries)
    ).format(n=len(entries), file=out)
    emit(args, {"ok": True, "file": str(out), "action_items": len(entries)}, text)
    return 0


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--country", metavar="ISO3")
    parser.add_argument("--plan", metavar="PLAN_ID", help="one action plan's items")
    parser.add_argument("--status", metavar="STATUS", help="open, in_progress, blocked, done…")
    parser.add_argument("--owner", metavar="NAME_OR_ID", help="the owner's name or person id")
    parser.add_argument("--overdue", action="store_true", help="only items past their due date")
    parser.add_argument("--due-from", metavar="YYYY-MM-DD")
    parser.add_argument("--due-to", metavar="YYYY-MM-DD")
    parser.add_argument("--text", metavar="WORDS", help="words in the title, notes or owner")
    parser.add_argument("--lang", default="en", metavar="LANG", help="language of labels")


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    group = sub.add_parser("actions", help="action plans' items")
    commands = group.add_subparsers(dest="actions_command", required=True, metavar="COMMAND")
    listing = add("list", cmd_list, "action items, by due date (undated first)", commands)
    _filters(listing)
    listing.add_argument("--sort", choices=SORTS, default="due")
    listing.add_argument("--descending", action="store_true")
    listing.add_argument("--limit", type=int, default=500, metavar="N")
    show = add("show", cmd_show, "one action item with its progress updates", commands)
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", default="en", metavar="LANG")
    status = add("set-status", cmd_set_status, "change an action item's status", commands)
    status.add_argument("id", metavar="ID")
    status.add_argument(
        "status", metavar="STATUS", help="open, in_progress, blocked, done, dropped"
    )
    status.add_argument("--lang", default="en", metavar="LANG")
    export = add("export", cmd_export, "action items to .xlsx, .csv or .ics (calendar)", commands)
    export.add_argument("--out", required=True, metavar="FILE")
    _filters(export)
