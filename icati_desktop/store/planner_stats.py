"""Keep PostgreSQL's planner statistics in step with a store that grows by imports.

A central database fills up by imports: thousands of rows a minute into tables that were
empty. PostgreSQL's autovacuum analyzes a table once a fifth of it has changed, but only
when its workers get round to it; meanwhile the planner still believes ``records`` holds
the few rows it had, and looks records up with sequential scans, so each import got slower
as the store grew (2.4× over 500 bundles, back to flat right after an autoanalyze). After
an import, :func:`analyze_grown_tables` analyzes the tables that changed by more than a
fifth since their last analysis. ``ANALYZE`` reads a fixed-size sample (30,000 rows by
default), so its cost does not grow with the store; and it waits for nobody: a table
another session is analyzing is left to that session. SQLite plans without statistics of
this kind, so nothing is done there.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from icati_desktop.store.engine import WRITE_OPTION
from icati_desktop.store.store import Store

log = logging.getLogger(__name__)

GROWTH = 0.2
"""Analyze a table once this fraction of its rows changed since its last analysis."""
MIN_CHANGES = 500

_GROWN = text(
    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
    "AND n_mod_since_analyze > greatest(:least, :growth * n_live_tup) ORDER BY relname"
)


def analyze_grown_tables(store: Store) -> list[str]:
    """Analyze the tables of a PostgreSQL store that grew since their last analysis; the
    names of those analyzed. Best effort: a failure is logged, never raised (the import
    that called it has committed)."""
    if store.is_sqlite:
        return []
    done: list[str] = []
    try:
        with store.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: False})  # no write lock needed
            with conn.begin():
                grown = list(
                    conn.execute(_GROWN, {"least": MIN_CHANGES, "growth": GROWTH}).scalars()
                )
            for table in grown:
                try:
                    with conn.begin():  # SET LOCAL: the timeout ends with the transaction
                        conn.execute(text("SET LOCAL lock_timeout = '200ms'"))
                        conn.execute(text(f'ANALYZE "{table}"'))
                    done.append(table)
                except DBAPIError:  # another session holds it (analyzing it): leave it be
                    log.info("table %s is being analyzed elsewhere; skipped", table)
    except DBAPIError:
        log.exception("planner statistics could not be refreshed")
    return done
