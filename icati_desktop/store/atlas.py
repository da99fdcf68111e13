"""The ATI Atlas, read side: initiatives by country and filters, and country phases."""

from __future__ import annotations

import json
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.atlas import Initiative
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


def _filtered(query: Any, flt: InitiativeFilter) -> Any:
    if flt.region:
        query = query.where(CountryRow.region == flt.region)
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
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(
            func.lower(InitiativeRow.name).like(pattern)
            | func.lower(InitiativeRow.description).like(pattern)
            | func.lower(InitiativeRow.lead_organisation).like(pattern)
        )
    return query


def _base() -> Any:
    return select(InitiativeRow, CountryRow.name, CountryRow.region).outerjoin(
        CountryRow, CountryRow.alpha3 == InitiativeRow.country
    )


def query_initiatives(
    session: Session, flt: InitiativeFilter, *, offset: int = 0, limit: int = 200
) -> InitiativePage:
    query = _filtered(_base(), flt)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(CountryRow.name, InitiativeRow.name).offset(offset).limit(limit)
    )
    out = []
    for initiative, country_name, region in rows:
        data = json.loads(initiative.data)
        out.append(
            InitiativeSummary(
                record_id=initiative.id,
                country=initiative.country,
                country_name=country_name or initiative.country,
                region=region or "",
                name=initiative.name,
                model=initiative.model,
                status=initiative.status,
                stages=list(data.get("continuum_stages", [])),
                start_year=initiative.start_year,
                lead_organisation=initiative.lead_organisation,
            )
        )
    return InitiativePage(total=int(total), rows=out)


def initiative_counts(session: Session, flt: InitiativeFilter | None = None) -> dict[str, int]:
    """Initiatives per country (alpha-3), for colouring the map."""
    query = _filtered(
        select(InitiativeRow.country, func.count()).outerjoin(
            CountryRow, CountryRow.alpha3 == InitiativeRow.country
        ),
        flt or InitiativeFilter(),
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
        _filtered(_base(), flt).order_by(InitiativeRow.country, InitiativeRow.name)
    )
    return [(row[0].id, Initiative.model_validate_json(row[0].data)) for row in rows]
