"""The central database from the command line: check a connection, keep or forget its password.

``icati central connect --db URL`` connects without changing anything and says what the
database holds; a password given in the URL or in ``$ICATI_DB_PASSWORD`` is kept (in the
keyring, or a 0600 file in the data directory) so that later ``--db URL`` without the
password works, as it does in the app. ``icati central forget --db URL`` drops it.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from icati_desktop.commands.common import Add, CliError, data_dir, emit

PASSWORD_ENV = "ICATI_DB_PASSWORD"


def _address(args: argparse.Namespace) -> tuple[Any, str | None]:
    from icati_desktop.store.database_url import parse_database_url

    if args.db is None:
        raise CliError("name the central database with --db postgresql://USER@SERVER/DATABASE")
    address, password = parse_database_url(args.db)
    return address, password or os.environ.get(PASSWORD_ENV) or None


def cmd_connect(args: argparse.Namespace) -> int:
    from icati_desktop.store.central_connect import CentralConnectError, probe_central
    from icati_desktop.store.credentials import CredentialStore

    address, password = _address(args)
    credentials = CredentialStore(data_dir(args))
    typed = password is not None
    password = password or credentials.password_for(address)
    try:
        probe = probe_central(address, password)
    except CentralConnectError as exc:
        raise CliError(exc.message) from None
    kept = credentials.remember(address, password) if typed and password else None
    data = {
        "database": address.database,
        "server": address.host,
        "port": address.port,
        "user": address.user,
        "initialised": probe.initialised,
        "office": probe.device_name,
        "device_id": probe.device_id,
        "password_kept_in": kept,
    }
    held = (
        f"the central office {probe.device_name!r} ({probe.device_id})"
        if probe.initialised
        else "no store yet (set it up with icati init --role hq --db URL)"
    )
    where = {
        "keyring": "; password kept in the keyring",
        "file": f"; password kept in {credentials.file} (readable by you only)",
    }.get(kept or "", "")
    emit(args, data, f"connected to {address.label}: {held}{where}")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from icati_desktop.store.credentials import CredentialStore

    address, _password = _address(args)
    CredentialStore(data_dir(args)).forget(address)
    emit(args, {"forgotten": address.text}, f"no password is kept for {address.label} any more")
    return 0


def register(sub: Any, add: Add) -> None:
    central = sub.add_parser("central", help="connect to the central PostgreSQL database")
    central_sub = central.add_subparsers(dest="central_command", required=True, metavar="COMMAND")
    add(
        "connect",
        cmd_connect,
        f"check --db URL (changes nothing) and keep its password (from the URL or ${PASSWORD_ENV})",
        central_sub,
    )
    add("forget", cmd_forget, "forget the password kept for --db URL", central_sub)
