"""Bundles and sync settings: export, import, inspect, history, limits."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store


def _change_lines(changes: dict[str, dict[str, int]]) -> list[str]:
    lines = []
    for kind, counts in sorted(changes.items()):
        parts = [f"{n} {label}" for label, n in counts.items() if n]
        if parts:
            lines.append(f"  {kind}: {', '.join(parts)}")
    return lines


def _export_text(result: Any) -> str:
    text = (
        f"wrote {result.kind.value} bundle {result.sequence} to {result.path}: "
        f"{result.versions} versions, {result.attachments} attachments"
    )
    if result.kind.value == "field":
        return text + f", encrypted to HQ {result.encrypted_to}"
    if result.encrypted_to is None:
        return text + "; content only (no field record), signed, not encrypted"
    countries = ", ".join(result.countries or []) or "no country"
    return (
        text + f"; for {result.recipient_name} ({result.encrypted_to[:8]}), "
        f"countries: {countries}, encrypted to that device"
    )


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from icati_desktop.sync.central_export import export_for_every_device
    from icati_desktop.sync.central_scope import CentralTarget
    from icati_desktop.sync.exporter import export_bundle

    chosen = [bool(args.for_device), args.content_only, args.every_device]
    if sum(chosen) > 1:
        raise CliError("give only one of --for DEVICE, --content-only and --every-device")
    store = open_store(args, create=False)
    try:
        if args.every_device:
            results = export_for_every_device(store, Path(args.out))
            emit(
                args,
                [r.model_dump(mode="json") for r in results],
                "\n".join(_export_text(r) for r in results),
            )
            return 0
        central = None
        if args.for_device:
            central = CentralTarget.for_device(args.for_device)
        elif args.content_only:
            central = CentralTarget.content_only()
        result = export_bundle(store, Path(args.out), central=central)
    finally:
        store.close()
    emit(args, result.model_dump(mode="json"), _export_text(result))
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from icati_desktop.sync.batch_import import bundle_files
    from icati_desktop.sync.importer import import_bundle

    given = [Path(f) for f in args.files]
    if len(given) > 1 or given[0].expanduser().is_dir():
        files = bundle_files(given)
        if not files:
            raise CliError(
                f"no .icati file in {', '.join(args.files)}: give bundle files, or a folder "
                "that holds them"
            )
        return _import_several(args, files)
    store = open_store(args)
    try:
        result = import_bundle(store, given[0], dry_run=args.dry_run)
    finally:
        store.close()
    emit(args, {"ok": True, **result.model_dump(mode="json")}, "\n".join(_import_lines(result)))
    return 0


def _import_lines(result: Any) -> list[str]:
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
    removed = sum(result.records_removed.values())
    if removed:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.records_removed.items()))
        verb = "would remove" if result.dry_run else "removed"
        lines.append(
            f"{verb} {removed} records of countries this device no longer works on, at HQ's "
            f"request ({kinds}); HQ keeps them"
        )
    if result.removal_waiting:
        lines.append(
            f"{result.removal_waiting} records HQ asked to remove stay until HQ has this "
            "device's changes to them: export a bundle for HQ"
        )
    lines += [f"warning: {w}" for w in result.warnings]
    return lines


def _import_several(args: argparse.Namespace, files: list[Path]) -> int:
    """One bundle after the other, each on its own: a refusal is reported and the run goes
    on; exit 1 when any bundle was refused or the run stopped."""
    from icati_desktop.sync.batch_import import import_bundles

    store = open_store(args)
    try:
        run = import_bundles(store, files, dry_run=args.dry_run)
    finally:
        store.close()
    lines: list[str] = []
    for outcome in run.bundles:
        if outcome.result is not None:
            first, *rest = _import_lines(outcome.result)
            lines += [f"{outcome.file.name}: {first}", *rest]
        else:
            code = outcome.code.value if outcome.code else ""
            lines.append(f"{outcome.file.name}: refused ({code}): {outcome.message}")
    if run.stopped is not None:
        lines.append(f"stopped ({run.stopped.value}): {len(run.not_started)} bundles not started")
    verb = "checked" if args.dry_run else "imported"
    lines.append(
        f"{len(run.imported)} bundles {verb}, {run.already_imported} already imported, "
        f"{len(run.refused)} refused, {len(run.not_started)} not started"
    )
    emit(args, {"ok": run.complete, **run.model_dump(mode="json")}, "\n".join(lines))
    return 0 if run.complete else 1


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
    export.add_argument(
        "--out", required=True, metavar="FILE", help="the file (a folder with --every-device)"
    )
    export.add_argument(
        "--for",
        dest="for_device",
        metavar="DEVICE",
        help="HQ: the enrolled device (name, id or id prefix) the bundle is for",
    )
    export.add_argument(
        "--content-only",
        action="store_true",
        help="HQ: reference content only, for a device not yet enrolled (not encrypted)",
    )
    export.add_argument(
        "--every-device",
        action="store_true",
        help="HQ: one bundle per enrolled field device, into the folder --out",
    )
    imp = add("import", cmd_bundle_import, "verify and merge bundles", bundle_sub)
    imp.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="a bundle, or several, or a folder of .icati files (imported oldest first, "
        "each on its own: a refused one changes nothing and the others go on)",
    )
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
