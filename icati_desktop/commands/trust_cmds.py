"""Identity, trust and conflicts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store


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


def _conflict_text(conflict: Any) -> str:
    fields = ", ".join(conflict.differing_fields) or "(none: an edit against a deletion)"
    lines = [f"{conflict.record_type} {conflict.record_id}", f"  differing fields: {fields}"]
    for leaf in conflict.leaves:
        who = f"{leaf.origin_name} ({leaf.origin})" if leaf.origin_name else leaf.origin
        state = "deleted" if leaf.deleted else "edited"
        shown = "  [shown]" if leaf.shown else ""
        lines.append(
            f"  {leaf.version_id}  {state} by {who} at "
            f"{leaf.time.isoformat(timespec='milliseconds')} #{leaf.counter}{shown}"
        )
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


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from icati_desktop.store.conflicts import get_conflict, pick_leaf
    from icati_desktop.store.records import RecordService

    store = open_store(args)
    try:
        keep = pick_leaf(get_conflict(store, args.record_id), args.keep)
        version = RecordService(store).resolve(args.record_id, keep)
    finally:
        store.close()
    emit(
        args,
        {"record_id": version.record_id, "kept": keep, "version_id": version.version_id},
        f"resolved {version.record_type} {version.record_id}: kept {keep[:12]}…, "
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
        "open conflicts, their versions and differing fields",
        conflicts_sub,
    )
    resolve = add("resolve", cmd_conflicts_resolve, "keep one competing version", conflicts_sub)
    resolve.add_argument("record_id", metavar="RECORD_ID")
    resolve.add_argument("--keep", required=True, metavar="VERSION_ID")
