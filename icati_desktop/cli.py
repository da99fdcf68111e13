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
from sqlalchemy.exc import DBAPIError

from icati_desktop import __version__
from icati_desktop.commands import (
    action_cmds,
    assessment_cmds,
    bundle_cmds,
    central_cmds,
    event_cmds,
    forms_cmds,
    history_cmds,
    import_cmds,
    meeting_cmds,
    network_cmds,
    outcome_cmds,
    people_cmds,
    report_cmds,
    search_cmds,
    store_cmds,
    trust_cmds,
)
from icati_desktop.commands.common import CliError, data_dir
from icati_desktop.logs import log_path, setup_logging
from icati_desktop.store.storage_errors import storage_problem
from icati_desktop.sync.errors import BundleRejected

log = logging.getLogger("icati.cli")

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
MAX_LINE = 400


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

    store_cmds.register(sub, add)
    trust_cmds.register(sub, add)
    bundle_cmds.register(sub, add)
    forms_cmds.register(sub, add)
    assessment_cmds.register(sub, add)
    report_cmds.register(sub, add)
    central_cmds.register(sub, add)
    history_cmds.register(sub, add)
    meeting_cmds.register(sub, add)
    event_cmds.register(sub, add)
    search_cmds.register(sub, add)
    people_cmds.register(sub, add)
    import_cmds.register(sub, add)
    outcome_cmds.register(sub, add)
    action_cmds.register(sub, add)
    network_cmds.register(sub, add)
    return parser


def _known_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import OperationalError

    from icati_desktop.domain.registry import UnknownRecordType
    from icati_desktop.store.backup import BackupError
    from icati_desktop.store.central_connect import CentralConnectError
    from icati_desktop.store.database_url import DatabaseUrlError
    from icati_desktop.store.device import StoreNotInitialised
    from icati_desktop.store.migrate import MigrationFailed, SchemaTooNew
    from icati_desktop.store.records import PermissionDenied, RecordNotFound, StaleEdit
    from icati_desktop.sync.cards import CardError
    from icati_desktop.sync.central_keys import OtherDeviceKeys
    from icati_desktop.sync.device_setup import AlreadyInitialised
    from icati_desktop.sync.identity import MissingDeviceKeys

    return (
        CliError,
        CentralConnectError,
        DatabaseUrlError,
        OtherDeviceKeys,
        AlreadyInitialised,
        BackupError,
        CardError,
        MigrationFailed,
        MissingDeviceKeys,
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
    from icati_desktop.store.opening import StoreMissing, has_store
    from icati_desktop.store.private_files import use_private_umask

    use_private_umask()
    args = parse_args(argv)
    directory = data_dir(args)
    if (
        getattr(args, "needs_store", False)
        and args.db is None
        and not has_store(directory)
        and not (directory / "keys").is_dir()  # a device's emptied store file is damage
    ):
        # Said before logging starts, so a mistyped --data-dir is not even created.
        print(f"icati: {StoreMissing(str(directory))}", file=sys.stderr)
        return EXIT_FAILURE
    try:
        setup_logging(directory)
    except OSError as exc:
        print(
            f"icati: cannot write to the data directory {directory} ({exc}); "
            "choose another with --data-dir",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`icati … | head`): stop quietly, as other commands do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except BundleRejected as exc:
        log.info("bundle refused: %s", exc.code.value, exc_info=True)
        return _refused(args, exc.code.value, exc.message)
    except Exception as exc:  # a full disk, a failing disk or a damaged store, wherever
        problem = storage_problem(exc, directory)
        if problem is None:
            return _other_failure(args, directory, exc)
        log.info("storage problem: %s", problem.kind.value, exc_info=True)
        return _refused(args, problem.kind.value, problem.message(directory))


def _refused(args: argparse.Namespace, code: str, message: str) -> int:
    if args.json:
        print(json.dumps({"ok": False, "code": code, "message": message}))
    print(f"icati: {code}: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_FAILURE


def _other_failure(args: argparse.Namespace, directory: Path, exc: Exception) -> int:
    if isinstance(exc, _known_errors()):
        log.info("command failed", exc_info=exc)
        print(f"icati: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILURE
    log.error("unexpected failure", exc_info=exc)
    print(
        f"icati: unexpected error ({type(exc).__name__}: {_one_line(exc)}); "
        f"details are in {log_path(directory)}",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"invalid value for {where}: {first['msg']}"
    if isinstance(exc, DBAPIError):  # the driver's words, never the SQL and its values
        exc = exc.orig if isinstance(exc.orig, BaseException) else exc
    text = " ".join((str(exc).strip() or type(exc).__name__).split())
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


if __name__ == "__main__":
    raise SystemExit(main())
