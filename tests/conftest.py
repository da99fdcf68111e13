"""Shared fixtures. Qt runs offscreen: set before anything imports PySide6."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PgDatabases

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
