"""What every command shares: the data directory, the store, output, one-line errors."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
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


def open_store(args: argparse.Namespace) -> Store:
    from icati_desktop.store.opening import open_store as open_at

    return open_at(data_dir(args), args.db)


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str))
    else:
        print(text)
