"""``icati``: the headless interface for staff and scripts.

Exit status 0 on success; otherwise non-zero and one line on stderr that names the
cause and what to do. ``--json`` prints data as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from icati_desktop import __version__
from icati_desktop.logs import log_path, setup_logging

log = logging.getLogger("icati.cli")

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class CliError(Exception):
    """A failure the user can act on; its message is the one line printed."""


def _data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir:
        return Path(args.data_dir).expanduser().resolve()
    from icati_desktop.paths import default_data_dir

    return default_data_dir()


def _open(args: argparse.Namespace) -> Any:
    from icati_desktop.store.opening import open_store

    return open_store(_data_dir(args), args.db)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        print(text)


def cmd_init(args: argparse.Namespace) -> int:
    from icati_desktop.store.device import Role
    from icati_desktop.store.opening import initialise_device

    store = _open(args)
    try:
        device = initialise_device(store, Role(args.role), args.name)
    finally:
        store.close()
    data = {
        "device_id": device.device_id,
        "role": device.role.value,
        "name": device.name,
        "data_dir": str(_data_dir(args)),
        "database": store.url,
    }
    _emit(
        args, data, f"initialised {device.role.value} device {device.name!r} ({device.device_id})"
    )
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from icati_desktop.store.integrity import check_store

    store = _open(args)
    try:
        with store.read() as session:
            problems = check_store(session)
    finally:
        store.close()
    _emit(
        args,
        {"ok": not problems, "problems": problems},
        "store is sound" if not problems else "\n".join(problems),
    )
    if problems:
        raise CliError(
            f"the store has {len(problems)} problem(s), listed above: restore a backup "
            "(`icati db restore FILE`) or report them with the log file"
        )
    return 0


def cmd_db_digest(args: argparse.Namespace) -> int:
    from icati_desktop.store.integrity import state_digest

    store = _open(args)
    try:
        with store.read() as session:
            digest = state_digest(session)
    finally:
        store.close()
    _emit(args, {"digest": digest}, digest)
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    from icati_desktop.store.backup import make_backup

    store = _open(args)
    try:
        out = make_backup(store.engine, Path(args.out).expanduser())
    finally:
        store.close()
    _emit(args, {"backup": str(out)}, f"backup written and verified: {out}")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    from icati_desktop.store.backup import verify_backup_file
    from icati_desktop.store.safety import restore_with_safety_copy

    source = Path(args.file).expanduser().resolve()
    verify_backup_file(source)
    store = _open(args)
    try:
        safety = restore_with_safety_copy(store, source)
    finally:
        store.close()
    # Reopening applies any migration the restored backup needs.
    _open(args).close()
    _emit(
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
    store = _open(args)
    try:
        report = run_demo(store, spec)
    finally:
        store.close()
    _emit(args, report.as_dict(), report.summary())
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from icati_desktop.store.summary import store_summary

    store = _open(args)
    try:
        summary = store_summary(store)
    finally:
        store.close()
    _emit(args, summary.model_dump(mode="json"), summary.as_text())
    return 0


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="data directory (default: $ICATI_DATA_DIR or the user data dir)",
    )
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="database URL, e.g. postgresql+psycopg://user@host/icati",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print data as JSON"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    # Separate parent instances: argparse shares action objects between parsers built
    # from one parent, so the global and per-command options must not share them.
    common = _common()
    parser = argparse.ArgumentParser(
        prog="icati", parents=[_common()], description="ICATI Desktop, headless."
    )
    parser.add_argument("--version", action="version", version=f"icati {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], helptext: str, into: Any = sub
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = into.add_parser(name, parents=[common], help=helptext)
        p.set_defaults(handler=handler)
        return p

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
    return parser


def _known_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import OperationalError

    from icati_desktop.domain.registry import UnknownRecordType
    from icati_desktop.store.backup import BackupError
    from icati_desktop.store.device import StoreNotInitialised
    from icati_desktop.store.migrate import MigrationFailed, SchemaTooNew
    from icati_desktop.store.opening import AlreadyInitialised
    from icati_desktop.store.records import PermissionDenied, RecordNotFound, StaleEdit

    return (
        CliError,
        AlreadyInitialised,
        BackupError,
        MigrationFailed,
        OperationalError,
        PermissionDenied,
        RecordNotFound,
        SchemaTooNew,
        StaleEdit,
        StoreNotInitialised,
        UnknownRecordType,
        ValidationError,
        ValueError,
        OSError,
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse; global options may come before or after the command."""
    args = build_parser().parse_args(argv)
    args.data_dir = getattr(args, "data_dir", None) or os.environ.get("ICATI_DATA_DIR")
    args.db = getattr(args, "db", None)
    args.json = getattr(args, "json", False)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = _data_dir(args)
    try:
        setup_logging(data_dir)
    except OSError as exc:
        print(
            f"icati: cannot write to the data directory {data_dir} ({exc}); "
            "choose another with --data-dir",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except _known_errors() as exc:
        log.info("command failed", exc_info=True)
        print(f"icati: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:
        log.exception("unexpected failure")
        print(
            f"icati: unexpected error ({type(exc).__name__}: {_one_line(exc)}); "
            f"details are in {log_path(data_dir)}",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"invalid value for {where}: {first['msg']}"
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())


if __name__ == "__main__":
    raise SystemExit(main())
