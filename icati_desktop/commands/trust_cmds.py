"""Identity, trust and conflicts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import _


def _keys(store: Any) -> Any:
    from icati_desktop.sync.identity import load_device_keys

    return load_device_keys(store.keys_dir, store.passphrase)


def _trusted_dict(device: Any, scope: Any = None) -> dict[str, Any]:
    """A trusted device for ``--json``; ``countries`` is the list HQ set, ``"all"``, or None
    when HQ set none (or the device is an HQ)."""
    countries: Any = None
    if scope is not None:
        countries = "all" if scope.all_countries else list(scope.countries)
    return device.model_dump(mode="json", exclude={"signing_key", "age_recipient"}) | {
        "signing_key": device.signing_key,
        "age_recipient": device.age_recipient,
        "countries": countries,
    }


def _countries_text(device: Any, scope: Any) -> str:
    if device.role == "hq":
        return ""
    if scope is None:
        proposed = ",".join(device.proposed_countries)
        return "countries: none set" + (f" (proposes {proposed})" if proposed else "")
    if scope.all_countries:
        return "countries: all"
    return "countries: " + (",".join(scope.countries) or "none")


def cmd_identity_show(args: argparse.Namespace) -> int:
    from icati_desktop.store.scopes import read_scope
    from icati_desktop.sync.trust import own_card

    store = open_store(args)
    try:
        card = own_card(store, _keys(store)).card
        with store.read() as session:
            scope = read_scope(session, card.device_id)
    finally:
        store.close()
    data = {
        "device_id": card.device_id,
        "role": card.role,
        "name": card.name,
        "signing_key": card.signing_key,
        "age_recipient": card.age_recipient,
        "fingerprint": card.fingerprint,
        "proposed_countries": card.countries,
        "countries": None
        if scope is None
        else ("all" if scope.all_countries else list(scope.countries)),
    }
    lines = [
        f"device       {card.name} ({card.role})",
        f"device id    {card.device_id}",
        f"signing key  {card.signing_key}",
        f"age key      {card.age_recipient}",
        f"fingerprint  {card.fingerprint}",
    ]
    if card.role == "field":
        shared = (
            "not set by HQ yet"
            if scope is None
            else "all"
            if scope.all_countries
            else ", ".join(scope.countries) or "none"
        )
        lines.append(f"countries    {shared} (proposed: {', '.join(card.countries) or 'none'})")
    text = "\n".join(lines)
    emit(args, data, text)
    return 0


def cmd_identity_export(args: argparse.Namespace) -> int:
    from icati_desktop.sync.trust import own_card

    out = Path(args.out).expanduser()
    if out.exists() and not args.force:
        raise CliError(f"{out} already exists: choose another --out or add --force")
    store = open_store(args)
    try:
        signed = own_card(store, _keys(store))
    finally:
        store.close()
    out.write_text(signed.to_json() + "\n", encoding="utf-8")
    emit(
        args,
        {"card": str(out), "device_id": signed.device_id, "fingerprint": signed.fingerprint},
        f"identity card written to {out}; fingerprint {signed.fingerprint}",
    )
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    from icati_desktop.sync.cards import read_card_file
    from icati_desktop.sync.scopes import ScopeChoice, enrol, scopes

    signed = read_card_file(Path(args.file).expanduser())
    choice = None if args.countries is None else ScopeChoice.parse(args.countries)
    store = open_store(args)
    try:
        device = enrol(store, signed, choice)
        scope = scopes(store).get(device.device_id)
    finally:
        store.close()
    countries = _countries_text(device, scope)
    emit(
        args,
        _trusted_dict(device, scope),
        f"trusted {device.role} device {device.name!r} ({device.device_id})"
        + (f"; {countries}" if countries else "")
        + f"\nfingerprint {device.fingerprint}: compare it with the one `icati identity show` "
        "prints on that device (read it aloud over the phone); if they differ, revoke now",
    )
    return 0


def cmd_trust_scope(args: argparse.Namespace) -> int:
    from icati_desktop.sync.scopes import ScopeChoice, set_scope

    if args.countries is None and not args.remove:
        raise CliError("give --countries KEN,UGA (or all), --remove KEN, or both")
    choice = None if args.countries is None else ScopeChoice.parse(args.countries)
    removal = ScopeChoice.parse(args.remove or "")
    if removal.all_countries:
        raise CliError(
            "--remove takes the countries to remove (KEN,UGA); to remove every country the "
            "device loses, use --remove-lost"
        )
    remove = removal.countries
    store = open_store(args)
    try:
        change = set_scope(store, args.device, choice, remove=remove, remove_lost=args.remove_lost)
    finally:
        store.close()
    works_on = (
        "all countries" if change.all_countries else ", ".join(change.countries) or "no country"
    )
    text = f"{change.name} ({change.device_id[:8]}) works on {works_on}"
    if not change.changed:
        text += " (unchanged)"
    if change.removal:
        text += (
            f"; asked to remove the records of {', '.join(change.removal)} "
            "with its next central bundle"
        )
    emit(args, change.model_dump(mode="json"), text)
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.device import Role, require_device
    from icati_desktop.sync.scopes import scopes
    from icati_desktop.sync.trust import list_trusted

    store = open_store(args)
    try:
        devices = list_trusted(store)
        scoped = scopes(store)
        with store.read() as session:
            at_hq = require_device(session).role is Role.HQ
    finally:
        store.close()
    lines = []
    for d in devices:
        # Only HQ knows every device's countries; a field device knows its own (identity show).
        countries = _countries_text(d, scoped.get(d.device_id)) if at_hq else ""
        lines.append(
            f"{d.device_id}  {d.role:<5}  {d.fingerprint}  {d.name}  ({d.source}"
            + (f", REVOKED {d.revoked_at})" if d.revoked_at else ")")
            + (f"  {countries}" if countries else "")
        )
    emit(
        args,
        [_trusted_dict(d, scoped.get(d.device_id)) for d in devices],
        "\n".join(lines) or "no trusted devices",
    )
    return 0


def cmd_trust_revoke(args: argparse.Namespace) -> int:
    from icati_desktop.sync.trust import revoke

    store = open_store(args)
    try:
        device = revoke(store, args.device_id)
    finally:
        store.close()
    emit(
        args,
        _trusted_dict(device),
        f"revoked {device.role} device {device.name!r} ({device.device_id}) "
        f"as of {device.revoked_at}",
    )
    return 0


def _shown(value: Any, present: bool) -> str:
    if not present:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:119] + "…"


def _conflict_text(conflict: Any) -> str:
    fields = ", ".join(conflict.differing_fields) or "(none: an edit against a deletion)"
    lines = [f"{conflict.record_type} {conflict.record_id}", f"  conflicting fields: {fields}"]
    for leaf in conflict.leaves:
        who = f"{leaf.origin_name} ({leaf.origin})" if leaf.origin_name else leaf.origin
        state = "deleted" if leaf.deleted else "edited"
        shown = "  [shown]" if leaf.shown else ""
        lines.append(
            f"  {leaf.version_id}  {state} by {who} at "
            f"{leaf.time.isoformat(timespec='milliseconds')} #{leaf.counter}{shown}"
        )
    for path in conflict.paths:
        lines.append(f"  {path.text or '(the record: edited against deleted)'}")
        lines.append(f"    base          {_shown(path.base, path.base_present)}")
        for value in path.values:
            mark = "  [shown]" if value.version_id == path.shown else ""
            lines.append(f"    {value.version_id[:12]}  {_shown(value.value, value.present)}{mark}")
    if conflict.fallback:
        lines.append(f"  (not merged field by field: {conflict.fallback})")
    return "\n".join(lines)


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.conflicts import list_conflicts

    store = open_store(args)
    try:
        conflicts = list_conflicts(store)
    finally:
        store.close()
    emit(
        args,
        [c.model_dump(mode="json") for c in conflicts],
        "\n".join(_conflict_text(c) for c in conflicts) or "no open conflicts",
    )
    return 0


def _choices(conflict: Any, keep: str | None, chosen: list[str]) -> dict[str, str]:
    """``--keep`` for every conflicting path, then each ``--choose PATH=VERSION``."""
    from icati_desktop.store.conflicts import pick_leaf

    paths = {p.text for p in conflict.paths if p.path}
    out = dict.fromkeys(sorted(paths), keep) if keep else {}
    for item in chosen:
        path, sep, source = item.partition("=")
        if not sep or not path or not source:
            raise CliError(
                _("--choose {item!r}: write it as PATH=VERSION_ID (or PATH=base)").format(item=item)
            )
        if path not in paths:
            raise CliError(
                _(
                    "--choose {item!r}: {path!r} is not a conflicting path of this record "
                    "(they are: {listed})"
                ).format(item=item, path=path, listed=", ".join(sorted(paths)) or "—")
            )
        out[path] = "base" if source == "base" else pick_leaf(conflict, source)
    return out


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from icati_desktop.store.conflicts import get_conflict, pick_leaf
    from icati_desktop.store.records import RecordService
    from icati_desktop.store.resolution import ResolutionRefused, resolve_with_choices
    from icati_desktop.store.resolution_undo import resolution_report

    if not args.keep and not args.choose:
        raise CliError(
            _("say what to keep: --keep VERSION_ID, or --choose PATH=VERSION_ID (or both)")
        )
    store = open_store(args)
    try:
        conflict = get_conflict(store, args.record_id)
        keep = pick_leaf(conflict, args.keep) if args.keep else None
        if args.choose:
            choices = _choices(conflict, keep, args.choose)
            try:
                version = resolve_with_choices(
                    store,
                    args.record_id,
                    choices,
                    expected_leaves=[leaf.version_id for leaf in conflict.leaves],
                )
            except ResolutionRefused as exc:
                raise CliError(str(exc)) from None
        else:
            assert keep is not None
            version = RecordService(store).resolve(args.record_id, keep)
        report = resolution_report(store, version.record_id, version.version_id)
    finally:
        store.close()
    kept = f"kept {keep[:12]}…" if keep else "kept the chosen values"
    emit(
        args,
        {
            "record_id": version.record_id,
            "kept": keep,
            "version_id": version.version_id,
            "changes": [c.model_dump(mode="json") for c in report.changes],
        },
        f"resolved {version.record_type} {version.record_id}: {kept}, "
        f"new version {version.version_id[:12]}…" + _changes_lines(report.changes),
    )
    return 0


def _changes_lines(changes: list[Any]) -> str:
    return "".join(f"\n  {c.field}: {c.old} → {c.new}" for c in changes)


def cmd_conflicts_undo(args: argparse.Namespace) -> int:
    from icati_desktop.store.resolution_undo import undo_resolution

    store = open_store(args)
    try:
        report = undo_resolution(store, args.record_id, args.version)
    finally:
        store.close()
    emit(
        args,
        {
            "record_id": report.record_id,
            "version_id": report.version_id,
            "changes": [c.model_dump(mode="json") for c in report.changes],
        },
        f"undid the resolution of {report.record_type} {report.record_id}: "
        f"new version {report.version_id[:12]}…" + _changes_lines(report.changes),
    )
    return 0


def register(sub: Any, add: Add) -> None:
    identity = sub.add_parser("identity", help="this device's public identity card")
    identity_sub = identity.add_subparsers(
        dest="identity_command", required=True, metavar="COMMAND"
    )
    add("show", cmd_identity_show, "device id, role, public keys and fingerprint", identity_sub)
    export = add(
        "export", cmd_identity_export, "write the signed public identity card", identity_sub
    )
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")

    trust = sub.add_parser("trust", help="the devices whose bundles this device accepts")
    trust_sub = trust.add_subparsers(dest="trust_command", required=True, metavar="COMMAND")
    trust_add = add("add", cmd_trust_add, "trust a device's identity card", trust_sub)
    trust_add.add_argument("file", metavar="FILE")
    trust_add.add_argument(
        "--countries",
        metavar="CODES",
        help="HQ enrolling a field device: the countries it works on (KEN,UGA) or all",
    )
    scope = add(
        "scope",
        cmd_trust_scope,
        "HQ: change the countries a device works on, or ask it to remove some",
        trust_sub,
    )
    scope.add_argument("device", metavar="DEVICE", help="device name, id or id prefix")
    scope.add_argument("--countries", metavar="CODES", help="KEN,UGA or all")
    scope.add_argument(
        "--remove",
        metavar="CODES",
        help="ask the device to remove these countries' records (outside its countries)",
    )
    scope.add_argument(
        "--remove-lost",
        action="store_true",
        help="ask the device to remove the records of the countries it loses",
    )
    add("list", cmd_trust_list, "trusted and revoked devices, with their countries", trust_sub)
    trust_revoke = add("revoke", cmd_trust_revoke, "stop trusting a device, for good", trust_sub)
    trust_revoke.add_argument("device_id", metavar="DEVICE_ID")

    conflicts = sub.add_parser("conflicts", help="records edited concurrently on two devices")
    conflicts_sub = conflicts.add_subparsers(
        dest="conflicts_command", required=True, metavar="COMMAND"
    )
    add(
        "list",
        cmd_conflicts_list,
        "open conflicts: their versions and each conflicting path's values",
        conflicts_sub,
    )
    resolve = add(
        "resolve",
        cmd_conflicts_resolve,
        "choose the value of each conflicting path (everything else stays merged)",
        conflicts_sub,
    )
    resolve.add_argument("record_id", metavar="RECORD_ID")
    resolve.add_argument(
        "--keep",
        metavar="VERSION_ID",
        help="that version's value at every conflicting path (or its deletion)",
    )
    resolve.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="PATH=VERSION_ID",
        help="the value at one conflicting path (VERSION_ID or 'base'); repeatable",
    )
    undo = add(
        "undo",
        cmd_conflicts_undo,
        "write the values shown before a resolution back, as a new version",
        conflicts_sub,
    )
    undo.add_argument("record_id", metavar="RECORD_ID")
    undo.add_argument(
        "--version",
        metavar="VERSION_ID",
        help="the resolution to undo (default: the one the record shows now)",
    )
