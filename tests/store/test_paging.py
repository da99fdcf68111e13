"""Pages read in the store's order add up to exactly the whole ordered list, on both engines:
plain orders (from either end), ranked orders (codes in a given order), with filters."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from icati_desktop.store.atlas import (
    INITIATIVE_ORDERS,
    InitiativeFilter,
    InitiativeSummary,
    query_initiatives,
)
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import InitiativeRow
from tests.store.helpers import StoreFactory
from tests.store.synthetic_atlas import add_initiatives

COUNT = 230
PAGE = 40


@pytest.fixture
def atlas_store(make_store: StoreFactory) -> Store:
    store = make_store()
    add_initiatives(store, COUNT, seed=3)
    return store


def read_all(store: Store, flt: InitiativeFilter, request: PageRequest) -> list[InitiativeSummary]:
    rows: list[InitiativeSummary] = []
    with store.read() as session:
        first = query_initiatives(session, flt, request)
        total = first.total
        for offset in range(0, total + PAGE, PAGE):  # one page past the end: empty
            page = query_initiatives(
                session, flt, replace(request, offset=offset, limit=PAGE), total=total
            )
            assert page.offset == offset
            assert len(page.rows) == max(0, min(PAGE, total - offset))
            rows.extend(page.rows)
    return rows


def by_engine(store: Store, flt: InitiativeFilter, *order: object) -> list[str]:
    """The engine's own full ORDER BY (no paging): what the pages must add up to."""
    from icati_desktop.store.atlas import _filtered

    with store.read() as session:
        query = _filtered(select(InitiativeRow.id), flt, session)
        return list(session.scalars(query.order_by(*order)))


@pytest.mark.parametrize("descending", [False, True])
def test_plain_orders_page_through_the_whole_list(atlas_store: Store, descending: bool) -> None:
    for key in ("name", "start_year"):
        column = INITIATIVE_ORDERS[key].column
        rows = read_all(atlas_store, InitiativeFilter(), PageRequest(key, descending, limit=PAGE))
        direction = (lambda c: c.desc()) if descending else (lambda c: c.asc())
        nulls = (lambda c: c.nulls_last()) if descending else (lambda c: c.nulls_first())
        expected = by_engine(
            atlas_store,
            InitiativeFilter(),
            nulls(direction(column)),
            direction(InitiativeRow.id),
        )
        assert [r.record_id for r in rows] == expected
    if atlas_store.is_sqlite:  # (PostgreSQL sorts by the database's own collation)
        names = [r.name for r in read_all(atlas_store, InitiativeFilter(), PageRequest("name"))]
        assert names == sorted(names, key=str.lower)  # case does not matter (ASCII names)


def test_a_ranked_order_follows_the_ranks_given_then_the_name(atlas_store: Store) -> None:
    flt = InitiativeFilter(status="pilot")
    with atlas_store.read() as session:
        codes = sorted(set(session.scalars(select(InitiativeRow.country))))
    ranks = {code: rank for rank, code in enumerate(reversed(codes))}  # Z… first
    for descending in (False, True):
        rows = read_all(atlas_store, flt, PageRequest("country", descending, 0, PAGE, ranks))
        within = by_engine(atlas_store, flt, InitiativeRow.name, InitiativeRow.id)
        position = {record_id: n for n, record_id in enumerate(within)}
        expected = sorted(rows, key=lambda r: (ranks[r.country], position[r.record_id]))
        if descending:
            expected.reverse()
        assert [r.record_id for r in rows] == [r.record_id for r in expected]
        assert {r.status for r in rows} == {"pilot"}
        assert 0 < len(rows) < COUNT


def test_an_unknown_order_is_refused(atlas_store: Store) -> None:
    with atlas_store.read() as session, pytest.raises(ValueError, match="cannot be sorted"):
        query_initiatives(session, InitiativeFilter(), PageRequest("stages"))
