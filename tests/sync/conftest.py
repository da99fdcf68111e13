"""Sync tests run with HQ on SQLite and on PostgreSQL; field devices are always SQLite."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.versioning.hlc import wall_clock_ms
from tests.pg import PgDatabases
from tests.sync.network import Network, enrol

NetworkFactory = Callable[..., Network]


@pytest.fixture(params=["sqlite", "postgresql"])
def hq_engine(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get("ICATI_TEST_PG_URL"):
        pytest.skip("PostgreSQL tests need ICATI_TEST_PG_URL (set by .ci/run)")
    return str(request.param)


@pytest.fixture
def make_network(
    tmp_path: Path, hq_engine: str, pg_databases: PgDatabases | None
) -> Iterator[NetworkFactory]:
    """``make_network(fields=2, clocks=None)`` → an HQ and enrolled field devices."""
    counter = itertools.count()
    opened: list[Store] = []

    def device(role: Role, name: str, now_ms: Callable[[], int], url: str | None) -> Store:
        store = open_store(tmp_path / f"{role.value}{next(counter)}", url, now_ms)
        opened.append(store)
        initialise_device(store, role, name)
        return store

    def factory(fields: int = 2, clocks: list[Callable[[], int]] | None = None) -> Network:
        clocks = clocks or [wall_clock_ms] * (fields + 1)
        url = pg_databases.new() if hq_engine == "postgresql" and pg_databases else None
        hq = device(Role.HQ, "ICATI HQ", clocks[0], url)
        members = [
            device(Role.FIELD, f"Expert {i + 1}", clocks[i + 1], None) for i in range(fields)
        ]
        for member in members:
            enrol(hq, member)
        outbox = tmp_path / "outbox"
        outbox.mkdir(exist_ok=True)
        return Network(hq, members, outbox)

    yield factory
    for store in opened:
        store.close()
