"""What `icati events add|edit` and the list's filters read from the options: dates, local
times in a zone, known kinds and countries, a shipped series, and the event they make.

Every problem becomes one :class:`CliError` line, raised before anything is written.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from typing import Any

from icati_desktop.commands.common import CliError, known_choice
from icati_desktop.i18n import _
from icati_desktop.store.store import Store


def parse_local(option: str, text: str) -> datetime:
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


def event_fields(args: argparse.Namespace, store: Store, old: dict[str, Any]) -> dict[str, Any]:
    """The event's fields: ``old`` with what the options change."""
    from icati_desktop.domain.network import utc_from_local
    from icati_desktop.store.tables.reference import ResourceRow
    from icati_desktop.vocabulary import EVENT_KIND_LABELS

    fields = dict(old)
    known_choice("--kind", args.kind, EVENT_KIND_LABELS)
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
    old_length = _length(old)
    if args.start is not None:
        zone = str(fields.get("time_zone") or "UTC")
        try:
            fields["starts_at"] = utc_from_local(parse_local("--start", args.start), zone)
        except (KeyError, ValueError):
            raise CliError(
                _("{zone!r} is not a time zone; give an IANA name such as Africa/Nairobi").format(
                    zone=zone
                )
            ) from None
        if old_length is not None:  # a moved event keeps its length
            fields["ends_at"] = fields["starts_at"] + old_length
    if args.minutes is not None:
        start = _moment(fields["starts_at"])
        fields["ends_at"] = start + timedelta(minutes=args.minutes) if args.minutes else None
    return fields


def _moment(value: Any) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value


def _length(old: dict[str, Any]) -> timedelta | None:
    if old.get("starts_at") is None or old.get("ends_at") is None:
        return None
    return _moment(old["ends_at"]) - _moment(old["starts_at"])


def valid_event(fields: dict[str, Any]) -> Any:
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


def series_start(key: str | None, language: str) -> dict[str, Any]:
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


def add_event_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
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
