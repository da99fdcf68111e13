"""The scope index: where each scoped record travels, derived from the version log.

:func:`refresh_scope_index` reads the versions that arrived since it last ran (by local
sequence number) and records what :func:`~icati_desktop.domain.scope_rules.scope_facts`
says about them; it costs nothing on the write path and, when run, only as much as the
new versions. :func:`entitled_ids` then answers "which records belong to these
countries" in one recursive query, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from icati_desktop.domain.scope_rules import scope_facts, scoped_types
from icati_desktop.store.settings import get_setting, set_setting
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.store.tables.scope import ScopeCountryRow, ScopeLinkRow

INDEXED_UP_TO = "scope.indexed_seq"
"""Store setting: the highest local version sequence number the scope index has read."""
_BATCH = 2000


def _insert_ignoring_duplicates(session: Session, table: Any, rows: list[dict[str, str]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        statement: Any = postgresql.insert(table).on_conflict_do_nothing()
    else:
        statement = sqlite.insert(table).on_conflict_do_nothing()
    session.execute(statement, rows)


def _flush(session: Session, countries: set[tuple[str, str]], links: set[tuple[str, str]]) -> None:
    _insert_ignoring_duplicates(
        session,
        ScopeCountryRow.__table__,
        [{"record_id": r, "country": c} for r, c in sorted(countries)],
    )
    _insert_ignoring_duplicates(
        session,
        ScopeLinkRow.__table__,
        [{"record_id": r, "follows_id": f} for r, f in sorted(links)],
    )
    countries.clear()
    links.clear()


def refresh_scope_index(session: Session) -> int:
    """Index the versions added since the last call; returns how many it read.

    Runs in the caller's write transaction. Deletions carry no payload and add nothing:
    a record keeps the countries and links its earlier versions gave it.
    """
    start = int(get_setting(session, INDEXED_UP_TO, 0))
    top = int(session.scalar(select(func.max(VersionRow.seq))) or 0)
    if top <= start:
        if top < start:  # versions were purged from the top: never skip a reused number
            set_setting(session, INDEXED_UP_TO, top)
        return 0
    countries: set[tuple[str, str]] = set()
    links: set[tuple[str, str]] = set()
    read, last = 0, start
    types = sorted(scoped_types())
    while last < top:
        rows = session.execute(
            select(VersionRow.seq, VersionRow.record_type, VersionRow.record_id, VersionRow.payload)
            .where(
                VersionRow.seq > last,
                VersionRow.seq <= top,
                VersionRow.record_type.in_(types),
                VersionRow.deleted.is_(False),
            )
            .order_by(VersionRow.seq)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for _seq, record_type, record_id, payload in rows:
            facts = scope_facts(record_type, json.loads(payload))
            countries.update((record_id, c) for c in facts.countries)
            links.update((record_id, f) for f in facts.follows if f != record_id)
            links.update((p, record_id) for p in facts.pulls if p != record_id)
        read += len(rows)
        last = rows[-1][0]
        _flush(session, countries, links)
    set_setting(session, INDEXED_UP_TO, top)
    return read


def entitled_ids(codes: Collection[str], name: str = "entitled") -> Select[tuple[str]]:
    """The ids of the records that belong to these countries (or pseudo-countries).

    A record belongs when one of its versions named one of ``codes``, or when it follows
    (or is pulled by) a record that belongs, however many steps away. ``name`` names the
    recursive query, so that two can appear in one statement.
    """
    base = select(ScopeCountryRow.record_id.label("id")).where(
        ScopeCountryRow.country.in_(sorted(codes))
    )
    closure = base.cte(name, recursive=True)
    step = select(ScopeLinkRow.record_id).join(closure, ScopeLinkRow.follows_id == closure.c.id)
    closure = closure.union(step)
    return select(closure.c.id)
