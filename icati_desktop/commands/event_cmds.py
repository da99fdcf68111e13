"""`icati events` commands: list, show, add, edit, attend, delete, restore, export (ICS,
CSV or XLSX)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
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
from icati_desktop.commands.event_options import (
    add_event_options,
    event_fields,
    series_start,
    valid_event,
)
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.store import Store


def _filter(args: argparse.Namespace, store: Store) -> Any:
    from icati_desktop.store.events import EventFilter, EventWhen
    from icati_desktop.vocabulary import EVENT_KIND_LABELS

    flt = EventFilter(
        kind=known_choice("--kind", args.kind, EVENT_KIND_LABELS),
        date_from=parse_day("--from", args.date_from),
        date_to=parse_day("--to", args.date_to),
        country=known_country(store, args.country),
        language=args.language,
        series=args.series,
        when=EventWhen(args.when),
        now=datetime.fromtimestamp(store.now_ms() / 1000, UTC),
    )
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        raise CliError(_("--to is before --from; give the earlier date first"))
    return flt


def _line(summary: Any, language: str) -> str:
    from icati_desktop.reports.event_text import kind_label, when_text

    when = when_text(summary.starts_at, summary.ends_at, summary.time_zone, language)
    people = ngettext("{n} attendee", "{n} attendees", summary.attendee_count)
    return (
        f"{summary.record_id}  {when}  {kind_label(summary.kind, language)}  {summary.title}  "
        + people.format(n=summary.attendee_count)
    )


def cmd_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.events import query_events
    from icati_desktop.store.paging import PageRequest

    store = open_store(args)
    try:
        flt = _filter(args, store)
        with store.read() as session:
            page = query_events(session, flt, PageRequest("starts_at", limit=args.limit))
    finally:
        store.close()
    lines = [_line(r, args.lang) for r in page.rows]
    if page.total > len(page.rows):
        lines.append(
            _("… {shown} of {total} events; narrow the filters or raise --limit").format(
                shown=len(page.rows), total=page.total
            )
        )
    emit(
        args,
        {"total": page.total, "events": [r.model_dump(mode="json") for r in page.rows]},
        "\n".join(lines) if lines else _("no events match; add one with `icati events add`"),
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from icati_desktop.reports.events_export import event_row
    from icati_desktop.store.event_writes import load_event
    from icati_desktop.store.events import event_attendees

    store = open_store(args)
    try:
        view = load_event(store, args.id)
        today = datetime.fromtimestamp(store.now_ms() / 1000, UTC).date()
        with store.read() as session:
            attendees = event_attendees(session, view.payload, today)
    finally:
        store.close()
    data = view.payload.model_dump(mode="json", exclude={"participants"})
    data.update(
        id=args.id,
        in_conflict=view.in_conflict,
        attendees=[a.model_dump(mode="json") for a in attendees],
        attendee_count=view.payload.attendee_count,
        by_country={k or "": n for k, n in view.payload.attendance_by_country().items()},
    )
    row = event_row(args.id, view.payload, args.lang)
    text = "\n".join(f"{key}: {value}" for key, value in row.items() if value not in ("", None))
    emit(args, data, text)
    return 0


def cmd_series(args: argparse.Namespace) -> int:
    from icati_desktop.reports.event_text import kind_label
    from icati_desktop.store.events import shipped_series

    series = shipped_series()
    lines = [
        f"{s.key}  {kind_label(s.kind.value, args.lang)}  {s.title_in(args.lang)}" for s in series
    ]
    emit(args, {"series": [s.model_dump(mode="json") for s in series]}, "\n".join(lines))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from icati_desktop.store.event_writes import save_event

    start = series_start(args.from_series, args.lang)
    store = open_store(args)
    try:
        fields = event_fields(args, store, start)
        event = valid_event(fields)
        view = save_event(store, event)
    finally:
        store.close()
    emit(args, {"ok": True, "id": view.record_id}, _("event added: {id}").format(id=view.record_id))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from icati_desktop.store.event_writes import load_event, save_event

    store = open_store(args)
    try:
        view = load_event(store, args.id)
        fields = event_fields(args, store, view.payload.model_dump(mode="json"))
        event = valid_event(fields)
        save_event(store, event, args.id, view.leaves)
    finally:
        store.close()
    emit(args, {"ok": True, "id": args.id}, _("event {id} saved").format(id=args.id))
    return 0


def cmd_attend(args: argparse.Namespace) -> int:
    from icati_desktop.domain.network import EventParticipant
    from icati_desktop.store.event_writes import record_attendance

    if (args.person is None) == (args.count is None):
        raise CliError(_("give --person ID, or --count N with --country for unnamed attendees"))
    store = open_store(args)
    try:
        participant = EventParticipant(
            person_id=args.person,
            country=known_country(store, args.country),
            count=args.count or 1,
            minutes=args.minutes,
        )
        view = record_attendance(store, args.id, participant)
    finally:
        store.close()
    total = view.payload.attendee_count
    text = ngettext(
        "attendance recorded; {n} attendee in all",
        "attendance recorded; {n} attendees in all",
        total,
    ).format(n=total)
    emit(args, {"ok": True, "id": args.id, "attendee_count": total}, text)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from icati_desktop.store.event_writes import delete_event

    store = open_store(args)
    try:
        deletion = delete_event(store, args.id)
    finally:
        store.close()
    text = _("event “{title}” deleted; `icati events restore {id}` brings it back").format(
        title=deletion.title, id=args.id
    )
    emit(args, {"ok": True, **deletion.model_dump(mode="json")}, text)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from icati_desktop.store.event_writes import restore_event

    store = open_store(args)
    try:
        view = restore_event(store, args.id)
    finally:
        store.close()
    title = view.payload.title
    data = {"ok": True, "id": args.id, "title": title, "version_id": view.version_id}
    emit(args, data, _("event “{title}” restored").format(title=title))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.events_export import check_suffix, export_events
    from icati_desktop.store.event_writes import load_event
    from icati_desktop.store.events import events_for_export

    out = Path(args.out).expanduser()
    try:
        check_suffix(out)
    except ValueError:
        raise CliError(
            _("--out must end in .ics, .csv or .xlsx, not {name}").format(name=out.name)
        ) from None
    in_existing_folder(out)
    store = open_store(args)
    try:
        if args.id:
            entries = [(args.id, load_event(store, args.id).payload)]
        else:
            flt = _filter(args, store)
            with store.read() as session:
                entries = events_for_export(session, flt)
    finally:
        store.close()
    export_events(entries, out, language=args.lang)
    text = ngettext(
        "{n} event written to {file}", "{n} events written to {file}", len(entries)
    ).format(n=len(entries), file=out)
    emit(args, {"ok": True, "file": str(out), "events": len(entries)}, text)
    return 0


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", metavar="KIND", help="e.g. webinar, network_meeting")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    parser.add_argument("--country", metavar="ISO3", help="an attendee's country")
    parser.add_argument("--language", metavar="LANG", help="a language the event is held in")
    parser.add_argument("--series", metavar="NAME")
    parser.add_argument("--when", choices=("all", "upcoming", "past"), default="all")
    parser.add_argument("--lang", default="en", metavar="LANG", help="language of labels")


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    group = sub.add_parser("events", help="network events: meetings, webinars, trainings")
    commands = group.add_subparsers(dest="events_command", required=True, metavar="COMMAND")
    listing = add("list", cmd_list, "events, soonest first", commands)
    _filters(listing)
    listing.add_argument("--limit", type=int, default=500, metavar="N")
    show = add("show", cmd_show, "one event and who attended", commands)
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", default="en", metavar="LANG")
    adding = add("add", cmd_add, "record a new event (HQ)", commands)
    add_event_options(adding, adding=True)
    adding.add_argument(
        "--from-series", metavar="KEY", help="start from a shipped series (see `events series`)"
    )
    adding.add_argument("--lang", default="en", metavar="LANG", help="language of the title")
    series = add("series", cmd_series, "the recurring series shipped as defaults", commands)
    series.add_argument("--lang", default="en", metavar="LANG")
    edit = add("edit", cmd_edit, "change an event; only the options given change", commands)
    edit.add_argument("id", metavar="ID")
    add_event_options(edit, adding=False)
    attend = add("attend", cmd_attend, "record who attended an event", commands)
    attend.add_argument("id", metavar="ID")
    attend.add_argument("--person", metavar="PERSON_ID", help="someone in the directory")
    attend.add_argument("--count", type=int, metavar="N", help="N unnamed attendees")
    attend.add_argument("--country", metavar="ISO3")
    attend.add_argument("--minutes", type=int, metavar="N", help="minutes attended")
    delete = add("delete", cmd_delete, "delete an event (HQ; `events restore` undoes it)", commands)
    delete.add_argument("id", metavar="ID")
    restore = add("restore", cmd_restore, "bring back a deleted event as it was (HQ)", commands)
    restore.add_argument("id", metavar="ID")
    export = add("export", cmd_export, "events to .ics (calendar), .csv or .xlsx", commands)
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--id", metavar="ID", help="only this event")
    _filters(export)
