"""Opening the central database (PostgreSQL) for the app, with HQ's keys checked and other
writers followed; the GUI loads it only when a central database is opened."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from icati_desktop.store.central_connect import (
    central_data_dir,
    connection_problem,
    probe_central,
)
from icati_desktop.store.database_url import CentralAddress
from icati_desktop.store.migrate import SchemaTooNew
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.central_keys import check_central_keys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentralTarget:
    address: CentralAddress
    password: str | None


def open_central_store(
    data_dir: Path, target: CentralTarget, on_state: Callable[[bool], None] | None = None
) -> Store:
    """Open the central database (on the database thread) and follow what others change."""
    address, password = target.address, target.password
    probe_central(address, password)  # a field device's or a foreign database is refused
    try:
        store = open_store(central_data_dir(data_dir, address), address.url(password))
    except (SQLAlchemyError, SchemaTooNew) as exc:
        raise connection_problem(exc, address, password) from None
    try:
        check_central_keys(store)
        store.follow_other_writers(on_state)
    except BaseException:
        store.close()
        raise
    log.info("working on the central database %s", address.label)
    return store


__all__ = ["CentralTarget", "open_central_store"]
