"""Bundles and sync settings: export, import, inspect, history, limits."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, emit, open_store


def _change_lines(changes: dict[str, dict[str, int]]) -> list[str]:
    lines = []
    for kind, counts in sorted(changes.items()):
        parts = [f"{n} {label}" for label, n in counts.items() if n]
        if parts:
            lines.append(f"  {kind}: {', '.join(parts)}")
    return lines


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from icati_desktop.sync.exporter import export_bundle

    store = open_store(args, create=False)
    try:
        result = export_bundle(store, Path(args.out))
    finally:
        store.close()
    text = (
        f"wrote {result.kind.value} bundle {result.sequence} to {result.path}: "
        f"{result.versions} versions, {result.attachments} attachments"
        + (f", encrypted to HQ {result.encrypted_to}" if result.encrypted_to else "")
    )
    emit(args, result.model_dump(mode="json"), text)
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from icati_desktop.sync.importer import import_bundle

    store = open_store(args)
    try:
        result = import_bundle(store, Path(args.file), dry_run=args.dry_run)
    finally:
        store.close()
    if result.already_imported:
        headline = f"bundle {result.bundle_id} was already imported; nothing changed"
    else:
        verb = "would add" if result.dry_run else "added"
        headline = (
            f"{result.kind.value} bundle {result.sequence} from {result.source.name}: "
            f"{verb} {result.versions_added} of {result.versions_in_bundle} versions"
            + (" (dry run: nothing was changed)" if result.dry_run else "")
        )
    lines = [headline, *_change_lines(result.changes)]
    lines += [f"warning: {w}" for w in result.warnings]
    emit(args, {"ok": True, **result.model_dump(mode="json")}, "\n".join(lines))
    return 0


def cmd_bundle_inspect(args: argparse.Namespace) -> int:
    from icati_desktop.sync.inspect import inspect_bundle

    store = open_store(args)
    try:
        report = inspect_bundle(store, Path(args.file))
    finally:
        store.close()
    emit(args, report.model_dump(mode="json"), report.as_text())
    return 0


def cmd_bundle_history(args: argparse.Namespace) -> int:
    from icati_desktop.store.sync_state import bundle_history

    store = open_store(args)
    try:
        with store.read() as session:
            entries = bundle_history(session)
    finally:
        store.close()
    lines = [
        f"{e.processed_at}  {e.direction:<6} {e.kind:<7} #{e.sequence:<4} {e.source_name} "
        f"({e.summary.get('versions', 0)} versions)  {e.file_name}"
        for e in entries
    ]
    emit(args, [e.model_dump() for e in entries], "\n".join(lines) or "no bundles yet")
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    from icati_desktop.sync.limits import sync_limits

    store = open_store(args)
    try:
        with store.read() as session:
            limits = sync_limits(session)
    finally:
        store.close()
    data = {f"sync.{k}": v for k, v in limits.model_dump().items()}
    emit(args, data, "\n".join(f"{k} = {v}" for k, v in data.items()))
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from icati_desktop.sync.limits import set_sync_limit

    name = args.name.removeprefix("sync.")
    store = open_store(args)
    try:
        with store.write() as tx:
            limits = set_sync_limit(tx.session, name, args.value)
    finally:
        store.close()
    emit(args, limits.model_dump(), f"sync.{name} = {getattr(limits, name)}")
    return 0


def register(sub: Any, add: Add) -> None:
    bundle = sub.add_parser("bundle", help="exchange signed bundle files with HQ")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", required=True, metavar="COMMAND")
    export = add("export", cmd_bundle_export, "write this device's bundle", bundle_sub)
    export.set_defaults(needs_store=True)
    export.add_argument("--out", required=True, metavar="FILE")
    imp = add("import", cmd_bundle_import, "verify and merge a bundle", bundle_sub)
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would change; change nothing"
    )
    inspect = add("inspect", cmd_bundle_inspect, "show a bundle without importing it", bundle_sub)
    inspect.add_argument("file", metavar="FILE")
    add("history", cmd_bundle_history, "bundles exported and imported", bundle_sub)

    settings = sub.add_parser("settings", help="sync limits and other store settings")
    settings_sub = settings.add_subparsers(
        dest="settings_command", required=True, metavar="COMMAND"
    )
    add("show", cmd_settings_show, "every setting and its value", settings_sub)
    setter = add("set", cmd_settings_set, "change a setting", settings_sub)
    setter.add_argument("name", metavar="NAME", help="e.g. sync.max_clock_skew_hours")
    setter.add_argument("value", metavar="VALUE")
