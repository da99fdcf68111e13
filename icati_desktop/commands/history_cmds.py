"""History of a record, restoring a version, and the audit export: history, audit."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store


def _language(args: argparse.Namespace) -> None:
    from icati_desktop.i18n import SUPPORTED_LANGUAGES, set_language

    if args.lang not in SUPPORTED_LANGUAGES:
        raise CliError(
            f"unknown language {args.lang!r}: choose one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    set_language(args.lang)


def _entry_text(entry: Any) -> list[str]:
    from icati_desktop.i18n import format_datetime
    from icati_desktop.store.content import CONTENT_ORIGIN

    kind = {
        "created": "created",
        "edited": "edited",
        "deleted": "deleted",
        "resolved": f"resolved {len(entry.parents)} competing versions",
    }[entry.kind.value]
    marks = " [shown]" if entry.shown else " [competing]" if entry.current else ""
    device = "" if entry.device_id == CONTENT_ORIGIN else f" ({entry.device_id[:8]})"
    head = (
        f"{entry.version_id[:12]}  {format_datetime(entry.time, 'short')}  "
        f"{entry.author}{device}  {kind}{marks}"
    )
    lines = [head]
    if entry.parent_missing:
        lines.append("    (an earlier version is not on this device yet)")
    lines += [f"    {c.field}: {c.old} → {c.new}" for c in entry.changes]
    return lines


def cmd_history(args: argparse.Namespace) -> int:
    from icati_desktop.store.history import record_history
    from icati_desktop.store.restore import restore_version

    _language(args)
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    store = open_store(args)
    try:
        if args.restore:
            result = restore_version(store, args.record_id, args.restore)
            lines = [
                f"restored version {result.restored_from[:12]}… of {result.record_type} "
                f"{result.record_id} as new version {result.version_id[:12]}…"
            ]
            lines += [f"    {c.field}: {c.old} → {c.new}" for c in result.changes]
            emit(args, result.model_dump(mode="json"), "\n".join(lines))
            return 0
        history = record_history(
            store,
            args.record_id,
            offset=args.offset,
            limit=args.limit,
            newest_first=not args.oldest_first,
        )
    finally:
        store.close()
    first, last = history.offset + 1, history.offset + len(history.entries)
    title = history.title or history.record_id
    state = " (deleted)" if history.deleted else " (in conflict)" if history.in_conflict else ""
    lines = [
        f"{history.record_type} {title}{state}: versions {first}–{last} of {history.total}"
        if history.entries
        else f"{history.record_type} {title}{state}: no versions from {first} "
        f"(it has {history.total})"
    ]
    for entry in history.entries:
        lines += _entry_text(entry)
    if last < history.total:
        lines.append(f"more: --offset {last}")
    emit(args, history.model_dump(mode="json"), "\n".join(lines))
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def cmd_audit_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.audit_export import export_audit
    from icati_desktop.store.device import Role, require_device

    _language(args)
    out = Path(args.out).expanduser()
    if out.exists() and not args.force:
        raise CliError(f"{out} exists: choose another --out or pass --force to replace it")
    store = open_store(args)
    try:
        with store.read() as session:
            if require_device(session).role is not Role.HQ:
                raise CliError(
                    "the audit export is for the central office; on a field device use "
                    "`icati history RECORD_ID` for one record"
                )
        summary = export_audit(store, args.start, args.end, out)
    finally:
        store.close()
    data = {
        "out": str(summary.path),
        "from": summary.start.isoformat(),
        "to": summary.end.isoformat(),
        "versions": summary.versions,
        "rows": summary.rows,
    }
    emit(
        args,
        data,
        f"wrote {summary.rows} changed fields of {summary.versions} versions "
        f"({summary.start} to {summary.end}, UTC) to {summary.path}",
    )
    return 0


def register(sub: Any, add: Add) -> None:
    history = add("history", cmd_history, "every version of a record, and what each changed")
    history.add_argument("record_id", metavar="RECORD_ID")
    history.add_argument(
        "--restore",
        metavar="VERSION_ID",
        help="write this version back as a new version (at least 8 characters of its id)",
    )
    history.add_argument("--oldest-first", action="store_true", help="oldest version first")
    history.add_argument("--offset", type=int, default=0, metavar="N", help="skip N versions")
    history.add_argument("--limit", type=int, default=50, metavar="N", help="versions to show")
    history.add_argument("--lang", default="en", metavar="LANG", help="en, fr or ar")

    audit = sub.add_parser("audit", help="every change in a period, for the central office")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    export = add(
        "export", cmd_audit_export, "one row per changed field, to .xlsx or .csv", audit_sub
    )
    export.add_argument("--from", dest="start", required=True, type=_day, metavar="DATE")
    export.add_argument("--to", dest="end", required=True, type=_day, metavar="DATE")
    export.add_argument("--out", required=True, metavar="FILE", help="F.xlsx or F.csv")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument("--lang", default="en", metavar="LANG", help="en, fr or ar")
