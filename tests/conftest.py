"""Shared fixtures. Qt runs offscreen: set before anything imports PySide6."""

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
from tests.store.helpers import StoreFactory

# pytest-qt creates the QApplication lazily (qapp fixture), so this is early enough.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def pg_url() -> str:
    """SQLAlchemy URL of an empty PostgreSQL test database, or skip the test."""
    url = os.environ.get("ICATI_TEST_PG_URL")
    if not url:
        pytest.skip(
            "PostgreSQL tests need ICATI_TEST_PG_URL "
            "(set by .ci/run; tools/pg-throwaway.sh start gives one)"
        )
    return url


@pytest.fixture
def tmp_data_dir(tmp_path: Path) -> Path:
    """A fresh, not yet created, data directory."""
    return tmp_path / "data"


@pytest.fixture
def pg_databases() -> Iterator[PgDatabases | None]:
    url = os.environ.get("ICATI_TEST_PG_URL")
    if not url:
        yield None
        return
    databases = PgDatabases(url)
    yield databases
    databases.drop_all()


# Stores on both engines: every test using ``make_store`` runs on SQLite and PostgreSQL.
@pytest.fixture(params=["sqlite", "postgresql"])
def engine_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get("ICATI_TEST_PG_URL"):
        pytest.skip("PostgreSQL tests need ICATI_TEST_PG_URL (set by .ci/run)")
    return str(request.param)


@pytest.fixture
def make_store(
    tmp_path: Path, engine_kind: str, pg_databases: PgDatabases | None
) -> Iterator[StoreFactory]:
    """``make_store(role="field", name=..., now_ms=..., init=True)`` → an open store."""
    counter = itertools.count()
    opened: list[Store] = []

    def factory(
        role: str = "field",
        name: str = "Test device",
        now_ms: Callable[[], int] = wall_clock_ms,
        init: bool = True,
        data_dir: Path | None = None,
    ) -> Store:
        directory = data_dir or tmp_path / f"store{next(counter)}"
        url = None
        if engine_kind == "postgresql":
            assert pg_databases is not None
            url = pg_databases.new()
        store = open_store(directory, url, now_ms)
        opened.append(store)
        if init:
            initialise_device(store, Role(role), name)
        return store

    yield factory
    for store in opened:
        store.close()
