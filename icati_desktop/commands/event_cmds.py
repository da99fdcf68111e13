"""`icati events` commands: list, show, add, edit, attend, export (ICS, CSV or XLSX)."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.store import Store


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(
            _("{option} {value!r} is not a date; write it as YYYY-MM-DD").format(
                option=option, value=text
            )
        ) from None


def _local(option: str, text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is not None:
        raise CliError(
            _("{option} {value!r} is not a local time; write it as YYYY-MM-DD HH:MM").format(
                option=option, value=text
            )
        )
    return moment


def _choice(option: str, value: str | None, known: dict[str, str]) -> str | None:
    if value is None or value in known:
        return value
    raise CliError(
        _("{option} {value!r} is not known; choose one of: {choices}").format(
            option=option, value=value, choices=", ".join(known)
        )
    )


def _country(store: Store, code: str | None) -> str | None:
    from icati_desktop.store.assessment_reads import require_country

    if code is None:
        return None
    with store.read() as session:
        return require_country(session, code)


def _filter(args: argparse.Namespace, store: Store) -> Any:
    from icati_desktop.reports.event_text import EVENT_KINDS
    from icati_desktop.store.events import EventFilter, EventWhen

    flt = EventFilter(
        kind=_choice("--kind", args.kind, EVENT_KINDS),
        date_from=_date("--from", args.date_from),
        date_to=_date("--to", args.date_to),
        country=_country(store, args.country),
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


def _fields(args: argparse.Namespace, store: Store, old: dict[str, Any]) -> dict[str, Any]:
    """The event's fields: ``old`` with what the options change."""
    from icati_desktop.domain.network import utc_from_local
    from icati_desktop.reports.event_text import EVENT_KINDS
    from icati_desktop.store.tables.reference import ResourceRow

    fields = dict(old)
    _choice("--kind", args.kind, EVENT_KINDS)
    for option, key in (
        ("title", "title"),
        ("kind", "kind"),
        ("tz", "time_zone"),
        ("link", "online_url"),
        ("level", "level"),
        ("partner", "partner"),
        ("series", "series"),
        ("format", "format"),
        ("location", "location"),
        ("description", "description"),
    ):
        value = getattr(args, option)
        if value is not None:
            fields[key] = value or None if key in ("online_url", "level") else value
    if args.language is not None:
        fields["languages"] = args.language
    if args.recording is not None:
        if args.recording:
            with store.read() as session:
                if session.get(ResourceRow, args.recording) is None:
                    raise CliError(
                        _("no library resource {id}; give the id `icati library` lists").format(
                            id=args.recording
                        )
                    )
        fields["recording_id"] = args.recording or None
    if args.start is not None:
        zone = str(fields.get("time_zone") or "UTC")
        try:
            fields["starts_at"] = utc_from_local(_local("--start", args.start), zone)
        except (KeyError, ValueError):
            raise CliError(
                _("{zone!r} is not a time zone; give an IANA name such as Africa/Nairobi").format(
                    zone=zone
                )
            ) from None
    if args.minutes is not None:
        start = fields["starts_at"]
        if isinstance(start, str):
            start = datetime.fromisoformat(start.replace("Z", "+00:00"))
        fields["ends_at"] = start + timedelta(minutes=args.minutes) if args.minutes else None
    return fields


def _event(fields: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from icati_desktop.domain.network import NetworkEvent

    try:
        return NetworkEvent.model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        message = str(problem["msg"]).removeprefix("Value error, ")
        raise CliError(
            _("the event is not valid: {problem}; nothing was saved").format(
                problem=f"{where}: {message}" if where else message
            )
        ) from None


def _series_fields(key: str | None, language: str) -> dict[str, Any]:
    from icati_desktop.store.events import shipped_series

    start: dict[str, Any] = {"format": "remote", "time_zone": "UTC"}
    if key is None:
        return start
    known = {s.key: s for s in shipped_series()}
    if key not in known:
        raise CliError(
            _("--from-series {value!r} is not known; choose one of: {choices}").format(
                value=key, choices=", ".join(known)
            )
        )
    start.update(known[key].event_fields(language))
    return start


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

    start = _series_fields(args.from_series, args.lang)
    store = open_store(args)
    try:
        fields = _fields(args, store, start)
        event = _event(fields)
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
        fields = _fields(args, store, view.payload.model_dump(mode="json"))
        event = _event(fields)
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
            country=_country(store, args.country),
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
    if not out.parent.is_dir():
        raise CliError(
            _("the folder {folder} does not exist; create it or choose another").format(
                folder=out.parent
            )
        )
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


def _editable(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument("--title", help="required unless --from-series gives it")
    parser.add_argument("--kind", help="network_meeting, webinar, … (or from --from-series)")
    parser.add_argument(
        "--start", required=adding, metavar="'YYYY-MM-DD HH:MM'", help="local time in --tz"
    )
    parser.add_argument("--tz", metavar="ZONE", help="IANA time zone, e.g. Africa/Nairobi")
    parser.add_argument("--minutes", type=int, metavar="N", help="how long it lasts")
    parser.add_argument(
        "--language", action="append", metavar="LANG", help="a language it is held in (repeatable)"
    )
    parser.add_argument("--link", metavar="URL", help="where to join")
    parser.add_argument("--level", choices=("basic", "intermediate", "advanced", ""))
    parser.add_argument("--recording", metavar="RESOURCE_ID", help="the library resource")
    parser.add_argument("--partner", metavar="ORGANISATION", help="who offers or co-runs it")
    parser.add_argument("--series", metavar="NAME")
    parser.add_argument("--format", choices=("remote", "in_person", "hybrid"))
    parser.add_argument("--location")
    parser.add_argument("--description")


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
    _editable(adding, adding=True)
    adding.add_argument(
        "--from-series", metavar="KEY", help="start from a shipped series (see `events series`)"
    )
    adding.add_argument("--lang", default="en", metavar="LANG", help="language of the title")
    series = add("series", cmd_series, "the recurring series shipped as defaults", commands)
    series.add_argument("--lang", default="en", metavar="LANG")
    edit = add("edit", cmd_edit, "change an event; only the options given change", commands)
    edit.add_argument("id", metavar="ID")
    _editable(edit, adding=False)
    attend = add("attend", cmd_attend, "record who attended an event", commands)
    attend.add_argument("id", metavar="ID")
    attend.add_argument("--person", metavar="PERSON_ID", help="someone in the directory")
    attend.add_argument("--count", type=int, metavar="N", help="N unnamed attendees")
    attend.add_argument("--country", metavar="ISO3")
    attend.add_argument("--minutes", type=int, metavar="N", help="minutes attended")
    export = add("export", cmd_export, "events to .ics (calendar), .csv or .xlsx", commands)
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--id", metavar="ID", help="only this event")
    _filters(export)
