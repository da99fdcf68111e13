"""What every command shares: the data directory, the store, output, one-line errors."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from icati_desktop.store.store import Store


class CliError(Exception):
    """A failure the user can act on; its message is the one line printed."""


Handler = Callable[[argparse.Namespace], int]


class Add(Protocol):
    """Registers a command: ``add(name, handler, help, into=subparsers)``."""

    def __call__(
        self, name: str, handler: Handler, helptext: str, into: Any = ...
    ) -> argparse.ArgumentParser: ...


def data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir:
        return Path(args.data_dir).expanduser().resolve()
    from icati_desktop.paths import default_data_dir

    return default_data_dir()


PASSPHRASE_ENV = "ICATI_PASSPHRASE"
NEW_PASSPHRASE_ENV = "ICATI_NEW_PASSPHRASE"


def open_store(
    args: argparse.Namespace, *, create: bool = True, passphrase: str | None = None
) -> Store:
    """Open the store the options name, asking for its passphrase if it is encrypted.

    ``create=False`` (commands that only read) refuses to create a missing store.
    ``passphrase`` creates a new store encrypted (``icati init --encrypt``).
    """
    from icati_desktop.store.opening import is_encrypted_store
    from icati_desktop.store.opening import open_store as open_at
    from icati_desktop.sync.protection import settle_protection

    directory = data_dir(args)
    if passphrase is None and args.db is None and is_encrypted_store(directory):
        passphrase = ask_passphrase(f"Passphrase for {directory}: ")
    store = open_at(directory, database_url(args), passphrase=passphrase, create=create)
    try:
        settle_protection(store)
    except BaseException:
        store.close()
        raise
    return store


def database_url(args: argparse.Namespace) -> str | None:
    """``--db`` as given, or with the password ``icati central connect`` kept for it."""
    from icati_desktop.store.credentials import CredentialStore
    from icati_desktop.store.database_url import is_postgres_url, parse_database_url

    if args.db is None or not is_postgres_url(args.db):
        return args.db
    address, password = parse_database_url(args.db)
    password = password or CredentialStore(data_dir(args)).password_for(address)
    return address.url(password).render_as_string(hide_password=False)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_passphrase(prompt: str, env: str = PASSPHRASE_ENV) -> str:
    """The passphrase from ``$env`` (scripts) or typed at a prompt that does not echo."""
    value = os.environ.get(env)
    if value:
        return value
    if not _interactive():
        raise CliError(f"the store is encrypted: set {env} or run the command in a terminal")
    return getpass.getpass(prompt)


def ask_new_passphrase(env: str) -> str:
    """A passphrase to set, from ``$env`` or typed twice; warns that it cannot be recovered."""
    from icati_desktop.store.cipher import check_new_passphrase, normalise_passphrase
    from icati_desktop.sync.protection import UNRECOVERABLE_WARNING

    print(f"icati: warning: {UNRECOVERABLE_WARNING}", file=sys.stderr)
    value = os.environ.get(env)
    if value:
        return check_new_passphrase(value)
    if not _interactive():
        raise CliError(f"no new passphrase: set {env} or run the command in a terminal")
    first = check_new_passphrase(getpass.getpass("New passphrase: "))
    if normalise_passphrase(getpass.getpass("The same passphrase again: ")) != first:
        raise CliError("the two passphrases differ: nothing was changed")
    return first


def in_existing_folder(out: Path) -> Path:
    """``out``, once its folder is known to exist (nothing is created on the user's
    behalf: a mistyped folder is told, not made)."""
    from icati_desktop.i18n import _

    if not out.parent.is_dir():
        raise CliError(
            _("the folder {folder} does not exist; create it or choose another --out").format(
                folder=out.parent
            )
        )
    return out


def known_choice(option: str, value: str | None, known: dict[str, str]) -> str | None:
    """An option's code, once it is one of ``known`` (``None`` when not given)."""
    from icati_desktop.i18n import _

    if value is None or value in known:
        return value
    raise CliError(
        _("{option} {value!r} is not known; choose one of: {choices}").format(
            option=option, value=value, choices=", ".join(known)
        )
    )


def known_country(store: Store, code: str | None) -> str | None:
    """The alpha-3 code of the country an option names (``None`` when not given)."""
    from icati_desktop.store.assessment_reads import require_country

    if code is None:
        return None
    with store.read() as session:
        return require_country(session, code)


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str))
    else:
        print(text)


def parse_day(option: str, text: str | None) -> date | None:
    """The date an option gives (``None`` when not given); one line when it is not a date."""
    from icati_desktop.i18n import _

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(
            _("{option} {value!r} is not a date; write it as YYYY-MM-DD").format(
                option=option, value=text
            )
        ) from None
