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


def _trusted_dict(device: Any) -> dict[str, Any]:
    return device.model_dump(mode="json", exclude={"signing_key", "age_recipient"}) | {
        "signing_key": device.signing_key,
        "age_recipient": device.age_recipient,
    }


def cmd_identity_show(args: argparse.Namespace) -> int:
    from icati_desktop.sync.trust import own_card

    store = open_store(args)
    try:
        card = own_card(store, _keys(store)).card
    finally:
        store.close()
    data = {
        "device_id": card.device_id,
        "role": card.role,
        "name": card.name,
        "signing_key": card.signing_key,
        "age_recipient": card.age_recipient,
        "fingerprint": card.fingerprint,
    }
    text = "\n".join(
        [
            f"device       {card.name} ({card.role})",
            f"device id    {card.device_id}",
            f"signing key  {card.signing_key}",
            f"age key      {card.age_recipient}",
            f"fingerprint  {card.fingerprint}",
        ]
    )
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
    from icati_desktop.sync.trust import trust_card

    signed = read_card_file(Path(args.file).expanduser())
    store = open_store(args)
    try:
        device = trust_card(store, signed)
    finally:
        store.close()
    emit(
        args,
        _trusted_dict(device),
        f"trusted {device.role} device {device.name!r} ({device.device_id})\n"
        f"fingerprint {device.fingerprint}: compare it with the one `icati identity show` "
        "prints on that device (read it aloud over the phone); if they differ, revoke now",
    )
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    from icati_desktop.sync.trust import list_trusted

    store = open_store(args)
    try:
        devices = list_trusted(store)
    finally:
        store.close()
    lines = [
        f"{d.device_id}  {d.role:<5}  {d.fingerprint}  {d.name}  ({d.source}"
        + (f", REVOKED {d.revoked_at})" if d.revoked_at else ")")
        for d in devices
    ]
    emit(args, [_trusted_dict(d) for d in devices], "\n".join(lines) or "no trusted devices")
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
    finally:
        store.close()
    kept = f"kept {keep[:12]}…" if keep else "kept the chosen values"
    emit(
        args,
        {"record_id": version.record_id, "kept": keep, "version_id": version.version_id},
        f"resolved {version.record_type} {version.record_id}: {kept}, "
        f"new version {version.version_id[:12]}…",
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
    add("list", cmd_trust_list, "trusted and revoked devices", trust_sub)
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
