"""Setting up a device and looking after its store: init, info, db, demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    Add,
    CliError,
    ask_new_passphrase,
    ask_passphrase,
    data_dir,
    emit,
    open_store,
)


def cmd_init(args: argparse.Namespace) -> int:
    from icati_desktop.store.device import Role
    from icati_desktop.store.opening import has_store
    from icati_desktop.store.preferences import COUNTRIES_OF_INTEREST
    from icati_desktop.store.settings import set_setting
    from icati_desktop.sync.device_setup import initialise_device

    countries = _countries_of_interest(args.countries) if args.countries else []
    passphrase = None
    if args.encrypt:
        if args.db is not None:
            from icati_desktop.sync.protection import NotForPostgres

            raise NotForPostgres()
        if has_store(data_dir(args)):
            raise CliError(
                f"{data_dir(args)} already holds a store: protect it with `icati db encrypt`"
            )
        passphrase = ask_new_passphrase(PASSPHRASE_ENV)
    store = open_store(args, passphrase=passphrase)
    try:
        device = initialise_device(store, Role(args.role), args.name)
        if countries:
            with store.write() as tx:
                set_setting(tx.session, COUNTRIES_OF_INTEREST, countries)
    finally:
        store.close()
    data = {
        "device_id": device.device_id,
        "role": device.role.value,
        "name": device.name,
        "data_dir": str(data_dir(args)),
        "database": store.url,
        "countries": countries,
        "encrypted": store.is_encrypted,
    }
    emit(
        args,
        data,
        f"initialised {device.role.value} device {device.name!r} ({device.device_id})"
        + (", store and keys encrypted with the passphrase" if store.is_encrypted else ""),
    )
    return 0


def _countries_of_interest(text: str) -> list[str]:
    """The wizard's "countries you work on", for scripts (checked against the built-in
    list before anything is written); a field device's identity card proposes them to HQ."""
    from icati_desktop import paths
    from icati_desktop.domain.default_content import load_countries

    codes = sorted({c.strip().upper() for c in text.split(",") if c.strip()})
    known = {country.alpha3 for _, country in load_countries(paths.resource("content"))}
    unknown = sorted(set(codes) - known)
    if unknown:
        raise CliError(
            f"{', '.join(unknown[:5])}: not country codes ICATI Desktop knows; use ISO "
            "alpha-3 codes such as KEN or UGA"
        )
    return codes


def cmd_db_check(args: argparse.Namespace) -> int:
    from icati_desktop.store.erasure import redacted_count
    from icati_desktop.store.integrity import check_store

    store = open_store(args, create=False)
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
            f"the store is damaged ({len(problems)} problem(s), listed above): restore the "
            "newest good backup with `icati db restore --newest` (the damaged file is kept "
            "aside), or report them with the log file"
        )
    return 0


def cmd_db_digest(args: argparse.Namespace) -> int:
    from icati_desktop.store.integrity import state_digest

    store = open_store(args, create=False)
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
        out = make_backup(store.engine, Path(args.out).expanduser(), store.scratch)
    finally:
        store.close()
    emit(args, {"backup": str(out)}, f"backup written and verified: {out}")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    if args.newest:
        return _restore_newest(args)
    if args.file is None:
        raise CliError("name the backup to restore (FILE), or use --newest")
    from icati_desktop.store.backup import verify_backup_file
    from icati_desktop.store.cipher import is_encrypted_file
    from icati_desktop.store.safety import restore_with_safety_copy

    source = Path(args.file).expanduser().resolve()
    if not is_encrypted_file(source):
        verify_backup_file(source)
    store = open_store(args)
    try:
        backup_passphrase = _backup_passphrase(source, store.passphrase)
        safety = restore_with_safety_copy(store, source, backup_passphrase)
        passphrase = store.passphrase
    finally:
        store.close()
    # Reopening applies any migration the restored backup needs.
    open_store(args, passphrase=passphrase).close()
    emit(
        args,
        {"restored": str(source), "previous_state": str(safety)},
        f"restored from {source}; the state before the restore is kept in {safety}",
    )
    return 0


def _restore_newest(args: argparse.Namespace) -> int:
    """The newest backup that passes its check replaces the store file, which is kept aside
    (in ``damaged/``) whatever state it is in — it may not even open."""
    from icati_desktop.store.daily_backup import newest_good_backup
    from icati_desktop.store.recovery import recover_from_backup

    if args.db:
        raise CliError(
            "--newest restores a SQLite store; a PostgreSQL store is restored from the "
            "server's backups, or with `icati db restore FILE`"
        )
    if args.file is not None:
        raise CliError("give either a FILE to restore or --newest, not both")
    from icati_desktop.store.cipher import is_encrypted_file
    from icati_desktop.store.opening import is_encrypted_store

    directory = data_dir(args)
    encrypted = is_encrypted_store(directory) or any(
        is_encrypted_file(p) for p in (directory / "backups").glob("*.sqlite3")
    )
    passphrase = ask_passphrase(f"Passphrase for {directory}: ") if encrypted else None
    backup = newest_good_backup(directory, passphrase)
    if backup is None:
        raise CliError(
            f"there is no usable backup in {directory / 'backups'}: keep the store file for "
            "a specialist and set this device up again in another data directory"
        )
    recovery = recover_from_backup(directory, backup, passphrase)
    open_store(args, passphrase=passphrase).close()  # migrates a backup made by an older version
    kept = recovery.damaged_kept
    emit(
        args,
        {"restored": str(backup), "previous_state": str(kept) if kept else None},
        f"restored from {backup}"
        + (f"; the replaced store file is kept in {kept}" if kept else ""),
    )
    return 0


def _backup_passphrase(source: Path, store_passphrase: str | None) -> str | None:
    """The passphrase that reads an encrypted backup: the store's, else the one asked."""
    from icati_desktop.store.cipher import PassphraseError, check_passphrase, is_encrypted_file

    if not is_encrypted_file(source):
        return None
    if store_passphrase is not None:
        try:
            check_passphrase(source, store_passphrase)
            return store_passphrase
        except PassphraseError:
            pass
    try:
        return ask_passphrase(f"Passphrase of the backup {source.name}: ", BACKUP_PASSPHRASE_ENV)
    except CliError:
        raise CliError(
            f"{source} is not an ICATI store backup, or it is encrypted with a passphrase this "
            f"device does not use: set {BACKUP_PASSPHRASE_ENV} to it; nothing was changed"
        ) from None


BACKUP_PASSPHRASE_ENV = "ICATI_BACKUP_PASSPHRASE"


def _protection_text(change: Any, verb: str) -> str:
    text = f"{verb}; {change.backups_converted} backups converted"
    if change.backups_left:
        text += (
            f"; {len(change.backups_left)} older backups keep the passphrase they were made "
            "with: " + ", ".join(p.name for p in change.backups_left)
        )
    return text


def _change_data(change: Any) -> dict[str, Any]:
    return {
        "encrypted": change.protected,
        "backups_converted": change.backups_converted,
        "backups_left": [str(p) for p in change.backups_left],
    }


def cmd_db_encrypt(args: argparse.Namespace) -> int:
    from icati_desktop.sync.protection import NotForPostgres, change_protection

    if args.db is not None:
        raise NotForPostgres()
    store = open_store(args, create=False)
    try:
        if store.is_encrypted:
            raise CliError(
                "the store is already encrypted: use `icati db change-passphrase` to change "
                "its passphrase"
            )
        change = change_protection(store, ask_new_passphrase(PASSPHRASE_ENV))
    finally:
        store.close()
    emit(args, _change_data(change), _protection_text(change, "store and keys encrypted"))
    return 0


def cmd_db_decrypt(args: argparse.Namespace) -> int:
    from icati_desktop.sync.protection import NotForPostgres, change_protection

    if args.db is not None:
        raise NotForPostgres()
    store = open_store(args, create=False)
    try:
        if not store.is_encrypted:
            raise CliError("the store is not encrypted: there is no passphrase to remove")
        change = change_protection(store, None)
    finally:
        store.close()
    text = _protection_text(change, "passphrase removed: store and keys are no longer encrypted")
    emit(args, _change_data(change), text)
    return 0


def cmd_db_change_passphrase(args: argparse.Namespace) -> int:
    from icati_desktop.sync.protection import NotForPostgres, change_protection

    if args.db is not None:
        raise NotForPostgres()
    store = open_store(args, create=False)
    try:
        if not store.is_encrypted:
            raise CliError("the store is not encrypted: set a passphrase with `icati db encrypt`")
        change = change_protection(store, ask_new_passphrase(NEW_PASSPHRASE_ENV))
    finally:
        store.close()
    emit(args, _change_data(change), _protection_text(change, "passphrase changed"))
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

    store = open_store(args, create=False)
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
    init.add_argument(
        "--countries",
        metavar="CODES",
        help="the countries you work on (KEN,UGA): a field device proposes them to HQ",
    )
    init.add_argument(
        "--encrypt",
        action="store_true",
        help=f"protect the store and keys with a passphrase (asked, or ${PASSPHRASE_ENV})",
    )
    add("info", cmd_info, "show the device and what the store holds").set_defaults(needs_store=True)

    db = sub.add_parser("db", help="check, fingerprint, back up and restore the store")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    check = add("check", cmd_db_check, "integrity, foreign keys, rows equal their winners", db_sub)
    digest = add(
        "digest", cmd_db_digest, "SHA-256 of the current state (equal on equal stores)", db_sub
    )
    for reader in (check, digest):
        reader.set_defaults(needs_store=True)
    backup = add("backup", cmd_db_backup, "write a verified backup file", db_sub)
    backup.add_argument("--out", required=True, metavar="FILE")
    restore = add("restore", cmd_db_restore, "replace the store with a backup", db_sub)
    restore.add_argument("file", metavar="FILE", nargs="?")
    restore.add_argument(
        "--newest",
        action="store_true",
        help="the newest backup in backups/ that passes its check; the store file is kept "
        "aside in damaged/ (for a damaged store)",
    )
    add(
        "encrypt",
        cmd_db_encrypt,
        f"protect the store, keys and backups with a passphrase (${PASSPHRASE_ENV})",
        db_sub,
    )
    add("decrypt", cmd_db_decrypt, "remove the passphrase: store and keys in clear", db_sub)
    add(
        "change-passphrase",
        cmd_db_change_passphrase,
        f"change the passphrase (current: ${PASSPHRASE_ENV}, new: ${NEW_PASSPHRASE_ENV})",
        db_sub,
    )

    demo = add("demo", cmd_demo, "write deterministic synthetic data through the services")
    demo.add_argument("--seed", type=int, required=True)
    demo.add_argument("--countries", type=int, default=5, metavar="K")
    demo.add_argument("--meetings", type=int, default=20, metavar="M")
    demo.add_argument("--action-items", type=int, default=40, metavar="A")
    demo.add_argument("--edits", type=int, default=0, metavar="E")
    demo.add_argument("--deletes", type=int, default=0, metavar="D")
