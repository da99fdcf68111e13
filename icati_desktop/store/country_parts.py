"""The parts of a country's overview read with one bounded query each: open action items,
stakeholders by sector and stage, key people, Atlas initiatives.

Every query is limited to one country (an indexed column) and, where it lists rows, to
a page: a country with thousands of items costs a count and one page, never a walk over
the store. :mod:`icati_desktop.store.country_overview` assembles them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.action_plans import ActionItemStatus
from icati_desktop.domain.directory import ConsentScope
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import ConsentRow, OrganisationRow, PersonRow
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow, InitiativeRow

OPEN_STATUSES = tuple(s.value for s in ActionItemStatus if not s.is_closed)
"""Not started, in progress, blocked: what a plan still has to do."""
STATUS_ORDER = (
    ActionItemStatus.BLOCKED.value,
    ActionItemStatus.IN_PROGRESS.value,
    ActionItemStatus.OPEN.value,
)
"""Open items are listed overdue first, then blocked, in progress, not started."""


@dataclass(frozen=True)
class ActionItemLine:
    record_id: str
    title: str
    status: str
    """An :class:`~icati_desktop.domain.action_plans.ActionItemStatus` value."""
    due_on: date | None
    overdue: bool
    owner_name: str
    priority: str
    plan_title: str


@dataclass(frozen=True)
class OpenActions:
    by_status: dict[str, int]
    """Open items per status (statuses without items are left out)."""
    overdue: int
    items: tuple[ActionItemLine, ...]
    """The first ``limit`` open items: overdue first (oldest due date first), then by status."""

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class KeyPerson:
    record_id: str
    name: str
    role: str
    organisation: str
    sector: str | None
    decision_authority: bool


@dataclass(frozen=True)
class Stakeholders:
    people_by_sector: dict[str, int]
    """People per sector code; "" for people whose sector is not known."""
    organisations_by_sector: dict[str, int]
    people_by_stage: dict[str, int]
    """People per justice-continuum stage they work on (a person may count in several)."""
    people: int
    organisations: int


@dataclass(frozen=True)
class CountryInitiative:
    record_id: str
    name: str
    model: str
    status: str
    lead_organisation: str


_LINE_COLUMNS = (
    ActionItemRow.id,
    ActionItemRow.title,
    ActionItemRow.status,
    ActionItemRow.due_on,
    ActionItemRow.owner_name,
    ActionItemRow.priority,
)
"""What an :class:`ActionItemLine` shows of an item, in its fields' order."""


def is_overdue(due_on: date | None, status: str, today: date) -> bool:
    """Not done or dropped, and due before today."""
    return due_on is not None and due_on < today and status in OPEN_STATUSES


def open_actions(session: Session, country: str, today: date, limit: int = 50) -> OpenActions:
    """The country's open action items: counts by status and the first ``limit`` rows."""
    mine = (ActionItemRow.country == country, ActionItemRow.status.in_(OPEN_STATUSES))
    by_status = {
        str(status): int(n)
        for status, n in session.execute(
            select(ActionItemRow.status, func.count()).where(*mine).group_by(ActionItemRow.status)
        )
    }
    late = (ActionItemRow.due_on.is_not(None)) & (ActionItemRow.due_on < today)
    overdue = session.scalar(select(func.count()).select_from(ActionItemRow).where(*mine, late))
    rows: list[Any] = []
    for where in _list_segments(today):
        if len(rows) >= limit:
            break
        rows.extend(
            session.execute(
                select(*_LINE_COLUMNS, ActionPlanRow.title)
                .outerjoin(ActionPlanRow, ActionPlanRow.id == ActionItemRow.action_plan_id)
                .where(ActionItemRow.country == country, *where)
                .order_by(ActionItemRow.due_on, ActionItemRow.title, ActionItemRow.id)
                .limit(limit - len(rows))
            )
        )
    items = tuple(
        ActionItemLine(
            record_id=rid,
            title=title,
            status=status,
            due_on=due_on,
            overdue=is_overdue(due_on, status, today),
            owner_name=owner or "",
            priority=priority,
            plan_title=plan or "",
        )
        for rid, title, status, due_on, owner, priority, plan in rows
    )
    return OpenActions(by_status=by_status, overdue=int(overdue or 0), items=items)


def _list_segments(today: date) -> list[tuple[ColumnElement[bool], ColumnElement[bool]]]:
    """The open items' list order as segments, each read in the order of the index
    ``(country, status, due_on)`` and cut at the page: overdue items by status, then for
    each status those due later and those without a date. A country with thousands of
    open items costs one page of rows, not a sort of them all."""
    overdue = [
        (ActionItemRow.status == status, ActionItemRow.due_on < today) for status in STATUS_ORDER
    ]
    rest = [
        (ActionItemRow.status == status, when)
        for status in STATUS_ORDER
        for when in (ActionItemRow.due_on >= today, ActionItemRow.due_on.is_(None))
    ]
    return overdue + rest


def _counts(session: Session, query: Any) -> dict[str, int]:
    return {str(key or ""): int(n) for key, n in session.execute(query)}


def stakeholders(session: Session, country: str) -> Stakeholders:
    """How many people and organisations of the country, by sector and by stage."""
    people = _counts(
        session,
        select(PersonRow.sector, func.count())
        .where(PersonRow.country == country)
        .group_by(PersonRow.sector),
    )
    organisations = _counts(
        session,
        select(OrganisationRow.sector, func.count())
        .where(OrganisationRow.country == country)
        .group_by(OrganisationRow.sector),
    )
    stages = _counts(
        session,
        select(RecordTermRow.value, func.count())
        .join(PersonRow, PersonRow.id == RecordTermRow.record_id)
        .where(
            RecordTermRow.record_type == "person",
            RecordTermRow.field == "stages",
            PersonRow.country == country,
        )
        .group_by(RecordTermRow.value),
    )
    return Stakeholders(
        people_by_sector=people,
        organisations_by_sector=organisations,
        people_by_stage=stages,
        people=sum(people.values()),
        organisations=sum(organisations.values()),
    )


def key_people(
    session: Session,
    country: str,
    today: date,
    *,
    scope: ConsentScope | None = None,
    limit: int = 20,
) -> tuple[KeyPerson, ...]:
    """People of the country with a consent active ``today`` (of ``scope`` when given:
    a document that leaves the app lists only people who agreed to be shared),
    decision-makers first, then by name."""
    consent = select(ConsentRow.id).where(
        ConsentRow.person_id == PersonRow.id,
        ConsentRow.given.is_(True),
        ConsentRow.decided_on <= today,
        or_(ConsentRow.withdrawn_on.is_(None), ConsentRow.withdrawn_on > today),
    )
    if scope is not None:
        consent = consent.where(ConsentRow.scope == scope.value)
    organisation = func.coalesce(OrganisationRow.name, PersonRow.organisation_name)
    rows = session.execute(
        select(
            PersonRow.id,
            PersonRow.display_name,
            PersonRow.role,
            organisation,
            PersonRow.sector,
            PersonRow.decision_authority,
        )
        .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
        .where(PersonRow.country == country, consent.exists())
        .order_by(
            PersonRow.decision_authority.desc(), func.lower(PersonRow.display_name), PersonRow.id
        )
        .limit(limit)
    )
    return tuple(
        KeyPerson(
            record_id=rid,
            name=name,
            role=role or "",
            organisation=org or "",
            sector=sector,
            decision_authority=bool(authority),
        )
        for rid, name, role, org, sector, authority in rows
    )


def initiatives(
    session: Session, country: str, limit: int = 20
) -> tuple[int, tuple[CountryInitiative, ...]]:
    """How many Atlas initiatives the country has, and the first ``limit`` by name."""
    total = session.scalar(
        select(func.count()).select_from(InitiativeRow).where(InitiativeRow.country == country)
    )
    rows = session.execute(
        select(
            InitiativeRow.id,
            InitiativeRow.name,
            InitiativeRow.model,
            InitiativeRow.status,
            InitiativeRow.lead_organisation,
        )
        .where(InitiativeRow.country == country)
        .order_by(InitiativeRow.name, InitiativeRow.id)
        .limit(limit)
    )
    found = tuple(
        CountryInitiative(
            record_id=rid, name=name, model=model, status=status, lead_organisation=lead or ""
        )
        for rid, name, model, status, lead in rows
    )
    return int(total or 0), found


def closed_actions(
    session: Session, country: str, since: date, until: date, limit: int = 100
) -> tuple[ActionItemLine, ...]:
    """Items of the country done or dropped from ``since`` to ``until`` (newest first)."""
    rows = session.execute(
        select(*_LINE_COLUMNS, ActionItemRow.closed_on)
        .where(
            ActionItemRow.country == country,
            ActionItemRow.status.not_in(OPEN_STATUSES),
            ActionItemRow.closed_on >= since,
            ActionItemRow.closed_on <= until,
        )
        .order_by(ActionItemRow.closed_on.desc(), ActionItemRow.title, ActionItemRow.id)
        .limit(limit)
    )
    return tuple(
        ActionItemLine(
            record_id=rid,
            title=title,
            status=status,
            due_on=due_on,
            overdue=False,
            owner_name=owner or "",
            priority=priority,
            plan_title="",
        )
        for rid, title, status, due_on, owner, priority, _closed in rows
    )
