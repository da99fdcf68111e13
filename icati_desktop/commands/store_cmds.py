"""Setting up a device and looking after its store: init, info, db, demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, data_dir, emit, open_store


def cmd_init(args: argparse.Namespace) -> int:
    from icati_desktop.store.device import Role
    from icati_desktop.sync.device_setup import initialise_device

    store = open_store(args)
    try:
        device = initialise_device(store, Role(args.role), args.name)
    finally:
        store.close()
    data = {
        "device_id": device.device_id,
        "role": device.role.value,
        "name": device.name,
        "data_dir": str(data_dir(args)),
        "database": store.url,
    }
    emit(args, data, f"initialised {device.role.value} device {device.name!r} ({device.device_id})")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from icati_desktop.store.erasure import redacted_count
    from icati_desktop.store.integrity import check_store

    store = open_store(args)
    try:
        with store.read() as session:
            problems = check_store(session)
            redacted = redacted_count(session)
    finally:
        store.close()
    sound = "store is sound"
    if redacted:
        sound += f" ({redacted} erased version(s) kept as ids only, each explained by an erasure)"
    emit(
        args,
        {"ok": not problems, "problems": problems, "redacted_versions": redacted},
        sound if not problems else "\n".join(problems),
    )
    if problems:
        raise CliError(
            f"the store has {len(problems)} problem(s), listed above: restore a backup "
            "(`icati db restore FILE`) or report them with the log file"
        )
    return 0


def cmd_db_digest(args: argparse.Namespace) -> int:
    from icati_desktop.store.integrity import state_digest

    store = open_store(args)
    try:
        with store.read() as session:
            digest = state_digest(session)
    finally:
        store.close()
    emit(args, {"digest": digest}, digest)
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    from icati_desktop.store.backup import make_backup

    store = open_store(args)
    try:
        out = make_backup(store.engine, Path(args.out).expanduser())
    finally:
        store.close()
    emit(args, {"backup": str(out)}, f"backup written and verified: {out}")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    from icati_desktop.store.backup import verify_backup_file
    from icati_desktop.store.safety import restore_with_safety_copy

    source = Path(args.file).expanduser().resolve()
    verify_backup_file(source)
    store = open_store(args)
    try:
        safety = restore_with_safety_copy(store, source)
    finally:
        store.close()
    # Reopening applies any migration the restored backup needs.
    open_store(args).close()
    emit(
        args,
        {"restored": str(source), "previous_state": str(safety)},
        f"restored from {source}; the state before the restore is kept in {safety}",
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from icati_desktop.store.demo import DemoSpec, run_demo

    spec = DemoSpec(
        seed=args.seed,
        countries=args.countries,
        meetings=args.meetings,
        action_items=args.action_items,
        edits=args.edits,
        deletes=args.deletes,
    )
    store = open_store(args)
    try:
        report = run_demo(store, spec)
    finally:
        store.close()
    emit(args, report.as_dict(), report.summary())
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from icati_desktop.store.summary import store_summary

    store = open_store(args)
    try:
        summary = store_summary(store)
    finally:
        store.close()
    emit(args, summary.model_dump(mode="json"), summary.as_text())
    return 0


def register(sub: Any, add: Add) -> None:
    init = add("init", cmd_init, "set up this device's store with the default content")
    init.add_argument("--role", choices=["field", "hq"], required=True)
    init.add_argument("--name", required=True, help="who uses this device (person or office)")
    add("info", cmd_info, "show the device and what the store holds")

    db = sub.add_parser("db", help="check, fingerprint, back up and restore the store")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    add("check", cmd_db_check, "integrity, foreign keys, rows equal their winners", db_sub)
    add("digest", cmd_db_digest, "SHA-256 of the current state (equal on equal stores)", db_sub)
    backup = add("backup", cmd_db_backup, "write a verified backup file", db_sub)
    backup.add_argument("--out", required=True, metavar="FILE")
    restore = add("restore", cmd_db_restore, "replace the store with a backup", db_sub)
    restore.add_argument("file", metavar="FILE")

    demo = add("demo", cmd_demo, "write deterministic synthetic data through the services")
    demo.add_argument("--seed", type=int, required=True)
    demo.add_argument("--countries", type=int, default=5, metavar="K")
    demo.add_argument("--meetings", type=int, default=20, metavar="M")
    demo.add_argument("--action-items", type=int, default=40, metavar="A")
    demo.add_argument("--edits", type=int, default=0, metavar="E")
    demo.add_argument("--deletes", type=int, default=0, metavar="D")
