"""A central PostgreSQL store that grows by imports keeps planner statistics in step, so
record lookups stay index lookups (per-import time independent of the store's size)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from icati_desktop.store.engine import WRITE_OPTION
from icati_desktop.store.planner_stats import analyze_grown_tables
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory, deliver
from tests.sync.synthetic import publish_resources


def _grown_after_import(store: Store) -> list[str]:
    """Statistics of the importing session reach ``pg_stat_user_tables`` within a second
    or so of its commit; wait for them, as the next import would."""
    deadline = time.monotonic() + 10
    while True:
        done = analyze_grown_tables(store)
        if done or time.monotonic() > deadline:
            return done
        time.sleep(0.2)


def _wait_for_statistics(store: Store, table: str) -> None:
    """Until the writes to ``table`` show in ``pg_stat_user_tables``: a session sends its
    statistics at most once a second, else when idle — never while it sits in a
    transaction, as the connection the test then takes from the pool for its lock would."""
    deadline = time.monotonic() + 10
    query = text("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = :t")
    while time.monotonic() < deadline:
        with store.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: False})
            if conn.execute(query, {"t": table}).scalar():
                return
        time.sleep(0.2)
    raise AssertionError(f"no statistics for {table} after 10 s")


def test_tables_that_grew_are_analyzed_once(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store()
    publish_resources(hq, 0, 1200)
    deliver(hq, field)
    if field.is_sqlite:
        assert analyze_grown_tables(field) == []  # SQLite: nothing to do
        return
    done = _grown_after_import(field)
    assert {"records", "record_leaves", "versions"} <= set(done)
    with field.engine.connect() as conn:
        analyzed = conn.execute(
            text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'records'")
        ).scalar_one()
    assert analyzed is not None
    assert analyze_grown_tables(field) == []  # nothing grew since


def test_a_table_being_analyzed_elsewhere_is_left_to_that_session(
    make_store: StoreFactory,
) -> None:
    store = make_store(role="hq")
    if store.is_sqlite:
        pytest.skip("PostgreSQL's planner statistics")
    publish_resources(store, 0, 1200)
    _wait_for_statistics(store, "versions")
    with store.engine.connect() as other:
        other.execute(text("BEGIN"))
        other.execute(text("LOCK TABLE records IN SHARE UPDATE EXCLUSIVE MODE"))
        done = _grown_after_import(store)
        other.execute(text("ROLLBACK"))
    assert "records" not in done
    assert "versions" in done
