"""`icati meetings` commands: list, show, export (XLSX, CSV or ICS), follow-ups into the plan."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
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


def _filter(args: argparse.Namespace, store: Store) -> Any:
    from icati_desktop.reports.meeting_text import BARRIERS, MEETING_TYPES, SECTORS
    from icati_desktop.store.meetings import MeetingFilter

    flt = MeetingFilter(
        country=known_country(store, args.country),
        meeting_type=known_choice("--type", args.type, MEETING_TYPES),
        date_from=parse_day("--from", args.date_from),
        date_to=parse_day("--to", args.date_to),
        sector=known_choice("--sector", args.sector, SECTORS),
        barrier=known_choice("--barrier", args.barrier, BARRIERS),
        text=args.text or "",
    )
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        raise CliError(_("--to is before --from; give the earlier date first"))
    return flt


def _today(store: Store) -> date:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC).date()


def cmd_list(args: argparse.Namespace) -> int:
    from icati_desktop.reports.meeting_text import MEETING_TYPES, label
    from icati_desktop.store.meetings import query_meetings

    store = open_store(args)
    try:
        flt = _filter(args, store)
        with store.read() as session:
            page = query_meetings(session, flt, limit=args.limit)
    finally:
        store.close()
    lines = [
        f"{r.record_id}  {r.held_on.isoformat()}  {r.country}  "
        f"{label(MEETING_TYPES, r.meeting_type, args.lang)}  {r.title}  "
        + ngettext("{n} person", "{n} people", r.headcount).format(n=r.headcount)
        for r in page.rows
    ]
    if page.total > len(page.rows):
        lines.append(
            _("… {shown} of {total} meetings; narrow the filters or raise --limit").format(
                shown=len(page.rows), total=page.total
            )
        )
    emit(
        args,
        {"total": page.total, "meetings": [r.model_dump(mode="json") for r in page.rows]},
        "\n".join(lines) if lines else _("no meetings match; record one in the app"),
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_report import country_name
    from icati_desktop.reports.meetings_export import ExportedMeeting, meeting_row
    from icati_desktop.store.meeting_writes import load_meeting
    from icati_desktop.store.meetings import attendee_views

    store = open_store(args)
    try:
        view = load_meeting(store, args.id)
        with store.read() as session:
            attendance = attendee_views(session, view.payload, _today(store))
            name = country_name(session, view.payload.country, args.lang)
    finally:
        store.close()
    row = meeting_row(ExportedMeeting(args.id, view.payload, attendance, name), args.lang)
    data = view.payload.model_dump(mode="json", exclude={"attendees"})
    data.update(
        id=args.id,
        in_conflict=view.in_conflict,
        attendees=[a.model_dump(mode="json") for a in attendance.shown],
        counted_without_consent=attendance.without_consent,
        headcount=view.payload.headcount,
    )
    text = "\n".join(f"{key}: {value}" for key, value in row.items() if value not in ("", None))
    emit(args, data, text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.meetings_export import SUFFIXES, export_meetings, meetings_to_export

    out = Path(args.out).expanduser()
    if out.suffix.lower() not in SUFFIXES:
        raise CliError(_("--out must end in .xlsx, .csv or .ics, not {name}").format(name=out.name))
    in_existing_folder(out)
    store = open_store(args)
    try:
        flt = _filter(args, store)
        with store.read() as session:
            entries = meetings_to_export(session, flt, today=_today(store), language=args.lang)
    finally:
        store.close()
    export_meetings(entries, out, language=args.lang)
    text = ngettext(
        "{n} meeting written to {file}", "{n} meetings written to {file}", len(entries)
    ).format(n=len(entries), file=out)
    emit(args, {"ok": True, "file": str(out), "meetings": len(entries)}, text)
    return 0


def cmd_act(args: argparse.Namespace) -> int:
    from icati_desktop.store.meeting_writes import follow_ups_to_action_items

    store = open_store(args)
    try:
        made = follow_ups_to_action_items(store, args.id, args.follow_up or None)
    finally:
        store.close()
    text = (
        ngettext(
            "{n} follow-up is now an action item of the country's plan",
            "{n} follow-ups are now action items of the country's plan",
            len(made),
        ).format(n=len(made))
        if made
        else _("every follow-up of this meeting is already an action item")
    )
    emit(args, {"ok": True, "action_items": made}, text)
    return 0


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--country", metavar="ISO3")
    parser.add_argument("--type", metavar="TYPE", help="meeting type, e.g. ta_session")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    parser.add_argument("--sector", metavar="SECTOR", help="an attendee's sector, e.g. health")
    parser.add_argument("--barrier", metavar="CATEGORY", help="workforce, administrative…")
    parser.add_argument("--text", metavar="WORDS", help="words in the title, agenda or notes")
    parser.add_argument("--lang", default="en", metavar="LANG", help="language of labels")


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    group = sub.add_parser("meetings", help="stakeholder meetings")
    commands = group.add_subparsers(dest="meetings_command", required=True, metavar="COMMAND")
    listing = add("list", cmd_list, "meetings on this device, newest first", commands)
    _filters(listing)
    listing.add_argument("--limit", type=int, default=500, metavar="N")
    show = add("show", cmd_show, "one meeting, attendees as their consent allows", commands)
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", default="en", metavar="LANG")
    export = add("export", cmd_export, "meetings to .xlsx, .csv or .ics (calendar)", commands)
    export.add_argument("--out", required=True, metavar="FILE")
    _filters(export)
    act = add(
        "follow-ups-to-actions",
        cmd_act,
        "turn a meeting's follow-ups into action items of the country's plan",
        commands,
    )
    act.add_argument("id", metavar="ID")
    act.add_argument(
        "--follow-up", action="append", metavar="FOLLOW_UP_ID", help="only these (repeatable)"
    )
