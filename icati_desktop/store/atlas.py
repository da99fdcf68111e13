"""The ATI Atlas, read side: initiatives by country and filters, and country phases."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from icati_desktop.domain.atlas import Initiative
from icati_desktop.store.paging import OrderKey, PageRequest, fetch_page
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.field import AssessmentRow, InitiativeRow
from icati_desktop.store.tables.reference import CountryRow


class InitiativeFilter(BaseModel):
    region: str | None = None
    country: str | None = None
    stage: str | None = None
    model: str | None = None
    status: str | None = None
    text: str = ""


class InitiativeSummary(BaseModel):
    record_id: str
    country: str
    country_name: str
    region: str
    name: str
    model: str
    status: str
    stages: list[str]
    start_year: int | None
    lead_organisation: str


class InitiativePage(BaseModel):
    total: int
    rows: list[InitiativeSummary]
    offset: int = 0
    """Where ``rows`` start in the whole ordered list."""
    counts: dict[str | None, int] | None = None
    """For a ranked order: initiatives per code under the filter (to pass back in a
    :class:`PageRequest` that only changes the order)."""


INITIATIVE_ORDERS: dict[str, OrderKey] = {
    "country": OrderKey(InitiativeRow.country, ranked=True),
    "name": OrderKey(InitiativeRow.name),
    "model": OrderKey(InitiativeRow.model, ranked=True),
    "status": OrderKey(InitiativeRow.status, ranked=True),
    "start_year": OrderKey(InitiativeRow.start_year, nullable=True),
}
"""The orders the Atlas table offers; each has its index (``InitiativeRow``)."""


def _filtered(query: Any, flt: InitiativeFilter, session: Session) -> Any:
    if flt.region:  # a subquery, not a join: the table's orders keep their indexes
        in_region = select(CountryRow.alpha3).where(CountryRow.region == flt.region)
        query = query.where(InitiativeRow.country.in_(in_region))
    if flt.country:
        query = query.where(InitiativeRow.country == flt.country)
    if flt.model:
        query = query.where(InitiativeRow.model == flt.model)
    if flt.status:
        query = query.where(InitiativeRow.status == flt.status)
    if flt.stage:
        staged = select(RecordTermRow.record_id).where(
            RecordTermRow.record_type == "initiative",
            RecordTermRow.field == "continuum_stages",
            RecordTermRow.value == flt.stage,
        )
        query = query.where(InitiativeRow.id.in_(staged))
    text = flt.text.strip().lower()
    if text:
        query = query.where(InitiativeRow.id.in_(_containing(text, session)))
    return query


def _containing(text: str, session: Session) -> Any:
    """Ids of the initiatives whose name, description or lead organisation contain
    ``text`` (letters of either case), as a subquery: one pass over the table, whatever
    order and counts the page then asks for (through an index, a text test per row would
    also cost a random read per row). SQLite's ``LIKE`` ignores the case of ASCII letters
    (as its ``lower`` would); PostgreSQL's ``ILIKE`` does the same."""
    pattern = f"%{text.replace('%', '').replace('_', '')}%"
    row = aliased(InitiativeRow)
    columns = (row.name, row.description, row.lead_organisation)
    if session.get_bind().dialect.name == "postgresql":
        matches = [column.ilike(pattern) for column in columns]
    else:
        matches = [column.like(pattern) for column in columns]
    return select(row.id).where(or_(*matches))


_LISTED = (
    InitiativeRow.id,
    InitiativeRow.country,
    InitiativeRow.name,
    InitiativeRow.model,
    InitiativeRow.status,
    InitiativeRow.start_year,
    InitiativeRow.lead_organisation,
    InitiativeRow.data,
)


def _english_country_order(session: Session) -> dict[str, int]:
    names = session.execute(select(CountryRow.alpha3).order_by(CountryRow.name))
    return {code: rank for rank, code in enumerate(names.scalars())}


def query_initiatives(
    session: Session,
    flt: InitiativeFilter,
    request: PageRequest | None = None,
    *,
    offset: int = 0,
    limit: int = 200,
    total: int | None = None,
) -> InitiativePage:
    """One page of the initiatives the filter lists, in the store's order.

    Without ``request``: by country (English names), then name. ``total`` may be passed
    when the caller knows it (a later page of the same filter), saving the count. Only
    the listed columns are read, and the countries' names for the page's rows alone.
    """
    if request is None:
        request = PageRequest("country", offset=offset, limit=limit)
    if request.key == "country" and not request.ranks:
        request = replace(request, ranks=_english_country_order(session))
    query = _filtered(select(*_LISTED), flt, session)
    page = fetch_page(
        session,
        query,
        INITIATIVE_ORDERS,
        request,
        total=total,
        tiebreak=(InitiativeRow.id,),
        within=(InitiativeRow.name, InitiativeRow.id),
    )
    rows = page.rows
    codes = sorted({row.country for row in rows})
    countries = {
        code: (name, region)
        for code, name, region in session.execute(
            select(CountryRow.alpha3, CountryRow.name, CountryRow.region).where(
                CountryRow.alpha3.in_(codes)
            )
        )
    }
    out = []
    for row in rows:
        country_name, region = countries.get(row.country, (row.country, ""))
        stages = json.loads(row.data).get("continuum_stages", [])
        out.append(
            InitiativeSummary(
                record_id=row.id,
                country=row.country,
                country_name=country_name,
                region=region or "",
                name=row.name,
                model=row.model,
                status=row.status,
                stages=list(stages),
                start_year=row.start_year,
                lead_organisation=row.lead_organisation,
            )
        )
    counts = None if page.counts is None else dict(page.counts)
    return InitiativePage(total=page.total, rows=out, offset=request.offset, counts=counts)


def initiative_counts(session: Session, flt: InitiativeFilter | None = None) -> dict[str, int]:
    """Initiatives per country (alpha-3), for colouring the map."""
    query = _filtered(
        select(InitiativeRow.country, func.count()), flt or InitiativeFilter(), session
    ).group_by(InitiativeRow.country)
    return {country: int(n) for country, n in session.execute(query)}


def country_phases(session: Session) -> dict[str, int]:
    """Each country's phase from its latest assessment (the override when there is one)."""
    latest = (
        select(AssessmentRow.country, func.max(AssessmentRow.assessed_on).label("last"))
        .group_by(AssessmentRow.country)
        .subquery()
    )
    rows = session.execute(
        select(
            AssessmentRow.country,
            func.coalesce(AssessmentRow.override_phase, AssessmentRow.computed_phase),
        ).join(
            latest,
            (latest.c.country == AssessmentRow.country)
            & (latest.c.last == AssessmentRow.assessed_on),
        )
    )
    phases = {country: cast(int | None, phase) for country, phase in rows}
    return {country: phase for country, phase in phases.items() if phase is not None}


def initiatives_for_export(session: Session, flt: InitiativeFilter) -> list[tuple[str, Initiative]]:
    rows = session.execute(
        _filtered(select(InitiativeRow.id, InitiativeRow.data), flt, session).order_by(
            InitiativeRow.country, InitiativeRow.name
        )
    )
    return [(row.id, Initiative.model_validate_json(row.data)) for row in rows]
