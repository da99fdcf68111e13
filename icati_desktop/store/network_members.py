"""Reading the network: members (countries, organisations, people) and its participants.

Members are the ``memberships`` records, shown with their region (UN M49, from the
country) and their group tags (the membership's own and, for a country, the country's:
"AU", "ISSUP chapter"…). Participants are the people whose consent covers network
mailings today; their number is the email network's size, which the seed's outcome
compares with 200. Both lists read one page at a time; filters and order run in SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.directory import ConsentScope
from icati_desktop.store.paging import OrderKey, PageRequest, fetch_page
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import (
    ConsentRow,
    MembershipRow,
    OrganisationRow,
    PersonRow,
)
from icati_desktop.store.tables.reference import CountryRow


@dataclass(frozen=True)
class MemberFilter:
    kind: str | None = None
    region: str | None = None
    status: str | None = None
    group: str | None = None
    """A group tag of the membership or of the member country ("AU", "ISSUP chapter")."""
    text: str = ""


@dataclass(frozen=True)
class MemberSummary:
    record_id: str
    kind: str
    name: str
    """The organisation's or person's name; a country's English name (the GUI translates)."""
    member_id: str | None
    country: str | None
    alpha2: str | None
    region: str | None
    joined_on: date
    left_on: date | None
    status: str
    groups: tuple[str, ...]
    """The country's tags and the membership's own."""
    own_groups: tuple[str, ...] = ()
    """The membership's own tags (what editing it changes)."""
    notes: str = ""


@dataclass(frozen=True)
class MemberPage:
    total: int
    offset: int
    rows: list[MemberSummary]


def _like(text: str) -> str:
    return f"%{text.strip().lower().replace('%', '').replace('_', '')}%"


def _member_name() -> ColumnElement[Any]:
    return func.coalesce(OrganisationRow.name, PersonRow.display_name, CountryRow.name, "")


MEMBER_ORDERS = {
    "name": OrderKey(func.lower(_member_name())),
    "joined_on": OrderKey(MembershipRow.joined_on),
    "country": OrderKey(MembershipRow.country, ranked=True),
    "region": OrderKey(CountryRow.region, ranked=True),
    "status": OrderKey(MembershipRow.status, ranked=True),
    "kind": OrderKey(MembershipRow.kind, ranked=True),
}


def _has_term(record_type: str, field: str, record_id: Any, value: str) -> Any:
    return exists().where(
        RecordTermRow.record_type == record_type,
        RecordTermRow.field == field,
        RecordTermRow.record_id == record_id,
        RecordTermRow.value == value,
    )


def _members_query(flt: MemberFilter) -> Select[Any]:
    query = (
        select(
            MembershipRow.id,
            MembershipRow.data,
            _member_name(),
            CountryRow.alpha2,
            CountryRow.region,
            CountryRow.data,
        )
        .select_from(MembershipRow)
        .outerjoin(CountryRow, CountryRow.alpha3 == MembershipRow.country)
        .outerjoin(OrganisationRow, OrganisationRow.id == MembershipRow.member_id)
        .outerjoin(PersonRow, PersonRow.id == MembershipRow.member_id)
    )
    if flt.kind:
        query = query.where(MembershipRow.kind == flt.kind)
    if flt.region:
        query = query.where(CountryRow.region == flt.region)
    if flt.status:
        query = query.where(MembershipRow.status == flt.status)
    if flt.group:
        query = query.where(
            or_(
                _has_term("membership", "groups", MembershipRow.id, flt.group),
                (MembershipRow.kind == "country")
                & _has_term("country", "groups", CountryRow.id, flt.group),
            )
        )
    if flt.text.strip():
        query = query.where(func.lower(_member_name()).like(_like(flt.text)))
    return query


def country_alpha2(session: Session) -> dict[str, str]:
    """alpha-3 → alpha-2 of every country (the GUI names countries in its language)."""
    return {
        str(a3): str(a2) for a3, a2 in session.execute(select(CountryRow.alpha3, CountryRow.alpha2))
    }


def english_country_ranks(session: Session) -> dict[str, int]:
    names = session.execute(select(CountryRow.alpha3).order_by(CountryRow.name))
    return {code: rank for rank, code in enumerate(names.scalars())}


def members_page(
    session: Session, flt: MemberFilter, request: PageRequest, total: int | None = None
) -> MemberPage:
    """One page of members; a ranked order without ranks sorts by code (countries: by name)."""
    if request.key == "country" and not request.ranks:
        request = replace(request, ranks=english_country_ranks(session))
    page = fetch_page(
        session,
        _members_query(flt),
        MEMBER_ORDERS,
        request,
        total=total,
        tiebreak=(MembershipRow.id,),
        within=(func.lower(_member_name()), MembershipRow.id),
    )
    rows, total = page.rows, page.total
    out = []
    for rid, data, name, alpha2, region, country_data in rows:
        payload = json.loads(data)
        groups = list(payload.get("groups") or [])
        if payload["kind"] == "country" and country_data:
            groups = [*json.loads(country_data).get("groups", []), *groups]
        out.append(
            MemberSummary(
                record_id=rid,
                kind=payload["kind"],
                name=name,
                member_id=payload.get("member_id"),
                country=payload.get("country"),
                alpha2=alpha2,
                region=region,
                joined_on=date.fromisoformat(payload["joined_on"]),
                left_on=date.fromisoformat(payload["left_on"]) if payload.get("left_on") else None,
                status=payload["status"],
                groups=tuple(dict.fromkeys(groups)),
                own_groups=tuple(payload.get("groups") or []),
                notes=payload.get("notes", ""),
            )
        )
    return MemberPage(total=total, offset=request.offset, rows=out)


def member_group_tags(session: Session) -> list[str]:
    """Every group tag a member or a country carries, for a filter's choices."""
    statement = (
        select(RecordTermRow.value)
        .where(RecordTermRow.field == "groups")
        .where(RecordTermRow.record_type.in_(("membership", "country")))
        .distinct()
        .order_by(RecordTermRow.value)
    )
    return list(session.scalars(statement))


# --- participants ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantFilter:
    country: str | None = None
    region: str | None = None
    text: str = ""


@dataclass(frozen=True)
class ParticipantSummary:
    record_id: str
    display_name: str
    organisation: str
    country: str | None
    alpha2: str | None
    region: str | None


@dataclass(frozen=True)
class ParticipantPage:
    total: int
    offset: int
    rows: list[ParticipantSummary]


def mailing_consent_active(on: date) -> ColumnElement[bool]:
    """SQL: the person (``PersonRow``) has an active network-mailings consent on ``on``."""
    return (
        select(ConsentRow.id)
        .where(
            ConsentRow.person_id == PersonRow.id,
            ConsentRow.scope == ConsentScope.NETWORK_MAILINGS.value,
            ConsentRow.given.is_(True),
            ConsentRow.decided_on <= on,
            or_(ConsentRow.withdrawn_on.is_(None), ConsentRow.withdrawn_on > on),
        )
        .exists()
    )


PARTICIPANT_ORDERS = {
    "display_name": OrderKey(PersonRow.display_name),
    "country": OrderKey(PersonRow.country, ranked=True),
}


def _participants_query(flt: ParticipantFilter, on: date, columns: Any) -> Select[Any]:
    query = (
        select(*columns)
        .select_from(PersonRow)
        .outerjoin(CountryRow, CountryRow.alpha3 == PersonRow.country)
        .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
        .where(mailing_consent_active(on))
    )
    if flt.country:
        query = query.where(PersonRow.country == flt.country)
    if flt.region:
        query = query.where(CountryRow.region == flt.region)
    if flt.text.strip():
        query = query.where(func.lower(PersonRow.display_name).like(_like(flt.text)))
    return query


def participants_page(
    session: Session,
    flt: ParticipantFilter,
    request: PageRequest,
    total: int | None = None,
    on: date | None = None,
) -> ParticipantPage:
    """One page of the network's participants: people whose consent covers mailings on ``on``."""
    on = on or date.today()
    if request.key == "country" and not request.ranks:
        request = replace(request, ranks=english_country_ranks(session))
    columns = (
        PersonRow.id,
        PersonRow.display_name,
        func.coalesce(OrganisationRow.name, PersonRow.organisation_name),
        PersonRow.country,
        CountryRow.alpha2,
        CountryRow.region,
    )
    page = fetch_page(
        session,
        _participants_query(flt, on, columns),
        PARTICIPANT_ORDERS,
        request,
        total=total,
        tiebreak=(PersonRow.id,),
        within=(PersonRow.display_name, PersonRow.id),
    )
    rows, total = page.rows, page.total
    return ParticipantPage(
        total=total,
        offset=request.offset,
        rows=[ParticipantSummary(*row) for row in rows],
    )


def network_size(session: Session, on: date | None = None) -> int:
    """How many people the email network reaches on ``on`` (consent to mailings active)."""
    on = on or date.today()
    # Counted from the consents of that scope (a third of the people, typically) joined to
    # the people who still exist: half the time of an EXISTS per person (bench_network.py).
    query = (
        select(func.count(func.distinct(ConsentRow.person_id)))
        .join(PersonRow, PersonRow.id == ConsentRow.person_id)
        .where(
            ConsentRow.scope == ConsentScope.NETWORK_MAILINGS.value,
            ConsentRow.given.is_(True),
            ConsentRow.decided_on <= on,
            or_(ConsentRow.withdrawn_on.is_(None), ConsentRow.withdrawn_on > on),
        )
    )
    return int(session.scalar(query) or 0)


__all__ = [
    "MEMBER_ORDERS",
    "PARTICIPANT_ORDERS",
    "MemberFilter",
    "MemberPage",
    "MemberSummary",
    "ParticipantFilter",
    "ParticipantPage",
    "ParticipantSummary",
    "country_alpha2",
    "member_group_tags",
    "members_page",
    "network_size",
    "participants_page",
]
