"""Reading the rosters: ATI Global Trainers, TA Global Experts, and the expert finder.

Filters (language, region, country, expertise, curriculum) are ``record_terms`` lookups,
so the finder costs a few indexed queries however long the roster is. "An expert for
Kenya" is someone who has worked in Kenya or covers its region (Africa); those who know
the country come first, then those available, then by name.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.network import RosterEntry
from icati_desktop.store.paging import OrderKey, PageRequest, fetch_page
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import PersonRow, RosterEntryRow
from icati_desktop.store.tables.reference import CountryRow, CurriculumRow


@dataclass(frozen=True)
class RosterFilter:
    roster: str | None = None
    """``trainer``, ``ta_expert`` or ``None`` for both."""
    status: str | None = None
    language: str | None = None
    region: str | None = None
    country: str | None = None
    expertise: str | None = None
    curriculum_id: str | None = None
    """Certified on this curriculum."""
    text: str = ""


@dataclass(frozen=True)
class Certified:
    curriculum_id: str
    code: str
    certified_on: date | None


@dataclass(frozen=True)
class RosterSummary:
    record_id: str
    roster: str
    person_id: str
    display_name: str
    person_country: str | None
    status: str
    availability: str | None
    languages: tuple[str, ...]
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    expertise: tuple[str, ...]
    certifications: tuple[Certified, ...]
    knows_country: bool = False
    """For a finder result: the expert has worked in the country asked about."""


@dataclass(frozen=True)
class RosterPage:
    total: int
    offset: int
    rows: list[RosterSummary]


def _term(field: str, value: str) -> ColumnElement[bool]:
    return exists().where(
        RecordTermRow.record_type == "roster_entry",
        RecordTermRow.field == field,
        RecordTermRow.record_id == RosterEntryRow.id,
        RecordTermRow.value == value,
    )


ROSTER_ORDERS = {
    "display_name": OrderKey(func.lower(PersonRow.display_name)),
    "certified_on": OrderKey(RosterEntryRow.certified_on, nullable=True),
    "status": OrderKey(RosterEntryRow.status, ranked=True),
    "availability": OrderKey(RosterEntryRow.availability, ranked=True),
}


_LISTED: tuple[Any, ...] = (
    RosterEntryRow.id,
    RosterEntryRow.data,
    PersonRow.display_name,
    PersonRow.country,
)


def _roster_query(flt: RosterFilter) -> Select[Any]:
    query = (
        select(*_LISTED)
        .select_from(RosterEntryRow)
        .join(PersonRow, PersonRow.id == RosterEntryRow.person_id)
    )
    if flt.roster:
        query = query.where(RosterEntryRow.roster == flt.roster)
    if flt.status:
        query = query.where(RosterEntryRow.status == flt.status)
    for field, value in (
        ("languages", flt.language),
        ("regions", flt.region),
        ("countries", flt.country),
        ("expertise", flt.expertise),
    ):
        if value:
            query = query.where(_term(field, value))
    if flt.curriculum_id:
        query = query.where(
            or_(
                _term("curriculum_ids", flt.curriculum_id),
                _term("certifications.curriculum_id", flt.curriculum_id),
            )
        )
    text = flt.text.strip().lower().replace("%", "").replace("_", "")
    if text:
        query = query.where(func.lower(PersonRow.display_name).like(f"%{text}%"))
    return query


def _curriculum_codes(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(CurriculumRow.id, CurriculumRow.code).where(CurriculumRow.id.in_(ids))
    )
    return {str(rid): str(code) for rid, code in rows}


def _summaries(
    session: Session, rows: list[Any], country: str | None = None
) -> list[RosterSummary]:
    entries = [
        (rid, RosterEntry.model_validate_json(data), name, pc) for rid, data, name, pc, *_ in rows
    ]
    codes = _curriculum_codes(
        session, {cid for _r, e, _n, _c in entries for cid in e.certified_curricula()}
    )
    out = []
    for rid, entry, name, person_country in entries:
        certified = tuple(
            Certified(cid, codes.get(cid, ""), day)
            for cid, day in sorted(
                entry.certified_curricula().items(), key=lambda i: codes.get(i[0], i[0])
            )
        )
        out.append(
            RosterSummary(
                record_id=rid,
                roster=entry.roster.value,
                person_id=str(entry.person_id),
                display_name=name,
                person_country=person_country,
                status=entry.status.value,
                availability=entry.availability.value if entry.availability else None,
                languages=tuple(entry.languages),
                regions=tuple(r.value for r in entry.regions),
                countries=tuple(entry.countries),
                expertise=tuple(e.value for e in entry.expertise),
                certifications=certified,
                knows_country=country is not None and country in entry.countries,
            )
        )
    return out


def roster_page(
    session: Session, flt: RosterFilter, request: PageRequest, total: int | None = None
) -> RosterPage:
    page = fetch_page(
        session,
        _roster_query(flt),
        ROSTER_ORDERS,
        request,
        total=total,
        tiebreak=(RosterEntryRow.id,),
        within=(func.lower(PersonRow.display_name), RosterEntryRow.id),
    )
    rows, total = page.rows, page.total
    return RosterPage(total=total, offset=request.offset, rows=_summaries(session, rows))


@dataclass(frozen=True)
class ExpertSearch:
    country: str | None = None
    language: str | None = None
    expertise: str | None = None
    roster: str | None = None
    """``None``: trainers and TA experts alike."""


def find_experts(session: Session, search: ExpertSearch, limit: int = 100) -> list[RosterSummary]:
    """Certified or in-training people (not inactive, not unavailable) who match every given
    criterion; a country matches those who worked there or cover its region."""
    query = _roster_query(
        RosterFilter(roster=search.roster, language=search.language, expertise=search.expertise)
    )
    query = query.where(RosterEntryRow.status != "inactive")
    query = query.where(
        or_(RosterEntryRow.availability.is_(None), RosterEntryRow.availability != "unavailable")
    )
    knows: ColumnElement[Any] = literal(0)
    if search.country:
        region = session.scalar(
            select(CountryRow.region).where(CountryRow.alpha3 == search.country)
        )
        in_country = _term("countries", search.country)
        query = query.where(or_(in_country, _term("regions", region)) if region else in_country)
        knows = case((in_country, 0), else_=1)
    available = case((RosterEntryRow.availability == "available", 0), else_=1)
    query = query.add_columns(knows).order_by(
        knows, available, func.lower(PersonRow.display_name), RosterEntryRow.id
    )
    rows = list(session.execute(query.limit(limit)))
    return _summaries(session, rows, search.country)


def trainers_certified(session: Session, until: date | None = None) -> int:
    """ATI Global Trainers certified (status certified, certified on or before ``until``)."""
    query = select(func.count()).where(
        RosterEntryRow.roster == "trainer", RosterEntryRow.status == "certified"
    )
    if until is not None:
        query = query.where(RosterEntryRow.certified_on <= until)
    return int(session.scalar(query) or 0)


def roster_languages(session: Session) -> list[str]:
    """Languages someone on a roster speaks, for the finder's choices."""
    statement = (
        select(RecordTermRow.value)
        .where(RecordTermRow.record_type == "roster_entry", RecordTermRow.field == "languages")
        .distinct()
        .order_by(RecordTermRow.value)
    )
    return list(session.scalars(statement))


def roster_entry_json(summary: RosterSummary) -> dict[str, Any]:
    """The summary as plain JSON values (dates as ISO text)."""
    data: dict[str, Any] = json.loads(json.dumps(asdict(summary), default=str))
    return data


__all__ = [
    "ROSTER_ORDERS",
    "Certified",
    "ExpertSearch",
    "RosterFilter",
    "RosterPage",
    "RosterSummary",
    "find_experts",
    "roster_entry_json",
    "roster_languages",
    "roster_page",
    "trainers_certified",
]
