"""Action items, read side: the filtered, sorted table in pages, a country's plans.

Filters and orders run in SQL on ``action_items`` (each order has its index, migration
0013), so a page costs about the same at 100,000 items as at 100; full text goes
through the search index. Only the rows of the page asked for are read.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, is_overdue
from icati_desktop.store.paging import OrderKey, PageRequest, fetch_page
from icati_desktop.store.search import records_matching
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow

OPEN_STATUSES = tuple(s.value for s in ActionItemStatus if not s.is_closed)


class ItemFilter(BaseModel):
    today: date
    """What "overdue" is measured against."""
    country: str | None = None
    plan_id: str | None = None
    goal_id: str | None = None
    status: str | None = None
    owner: str | None = None
    """A directory person's id, or an owner's name (without case)."""
    overdue_only: bool = False
    due_from: date | None = None
    due_to: date | None = None
    text: str = ""


class ItemSummary(BaseModel):
    record_id: str
    plan_id: str
    goal_id: str | None
    country: str
    title: str
    owner_name: str
    due_on: date | None
    status: str
    priority: str
    domain_code: str | None
    closed_on: date | None
    overdue: bool


class ItemPage(BaseModel):
    total: int
    rows: list[ItemSummary]
    offset: int = 0


ITEM_ORDERS: dict[str, OrderKey] = {
    "due": OrderKey(ActionItemRow.due_on, nullable=True),
    "title": OrderKey(ActionItemRow.title),
    "status": OrderKey(ActionItemRow.status, ranked=True),
    "priority": OrderKey(ActionItemRow.priority, ranked=True),
    "country": OrderKey(ActionItemRow.country, ranked=True),
}
"""The orders the action-item table offers; each has its index (``ActionItemRow``)."""
PRIORITY_RANKS = {"high": 0, "medium": 1, "low": 2}
STATUS_RANKS = {"open": 0, "in_progress": 1, "blocked": 2, "done": 3, "dropped": 4}
"""The orders of the ranked keys when the caller gives none (the CLI)."""

_LISTED = (
    ActionItemRow.id,
    ActionItemRow.action_plan_id,
    ActionItemRow.goal_id,
    ActionItemRow.country,
    ActionItemRow.title,
    ActionItemRow.owner_name,
    ActionItemRow.due_on,
    ActionItemRow.status,
    ActionItemRow.priority,
    ActionItemRow.domain_code,
    ActionItemRow.closed_on,
)


def filtered(session: Session, query: Any, flt: ItemFilter) -> Any:
    """``query`` restricted to the items ``flt`` selects."""
    if flt.country:
        query = query.where(ActionItemRow.country == flt.country)
    if flt.plan_id:
        query = query.where(ActionItemRow.action_plan_id == flt.plan_id)
    if flt.goal_id:
        query = query.where(ActionItemRow.goal_id == flt.goal_id)
    if flt.status:
        query = query.where(ActionItemRow.status == flt.status)
    if flt.owner:
        owner = flt.owner.strip()
        query = query.where(
            (ActionItemRow.owner_person_id == owner)
            | (func.lower(ActionItemRow.owner_name) == owner.lower())
        )
    if flt.overdue_only:
        query = query.where(
            ActionItemRow.status.in_(OPEN_STATUSES), ActionItemRow.due_on < flt.today
        )
    if flt.due_from:
        query = query.where(ActionItemRow.due_on >= flt.due_from)
    if flt.due_to:
        query = query.where(ActionItemRow.due_on <= flt.due_to)
    if flt.text.strip():
        query = query.where(
            ActionItemRow.id.in_(records_matching(session, "action_item", flt.text))
        )
    return query


def _summary(row: Any, today: date) -> ItemSummary:
    return ItemSummary(
        record_id=row.id,
        plan_id=row.action_plan_id,
        goal_id=row.goal_id,
        country=row.country,
        title=row.title,
        owner_name=row.owner_name,
        due_on=row.due_on,
        status=row.status,
        priority=row.priority,
        domain_code=row.domain_code,
        closed_on=row.closed_on,
        overdue=is_overdue(row.status, row.due_on, today),
    )


def query_items(
    session: Session,
    flt: ItemFilter,
    request: PageRequest | None = None,
    *,
    total: int | None = None,
) -> ItemPage:
    """One page of the items ``flt`` selects, in ``request``'s order (default: by due
    date, undated first), and their total (``total``, when known, saves the count)."""
    request = request or PageRequest("due")
    if not request.ranks and request.key in ("status", "priority"):
        ranks = STATUS_RANKS if request.key == "status" else PRIORITY_RANKS
        request = replace(request, ranks=ranks)
    page = fetch_page(
        session,
        filtered(session, select(*_LISTED), flt),
        ITEM_ORDERS,
        request,
        total=total,
        tiebreak=(ActionItemRow.id,),
        within=(ActionItemRow.due_on, ActionItemRow.id),
    )
    rows, count = page.rows, page.total
    return ItemPage(total=count, rows=[_summary(r, flt.today) for r in rows], offset=request.offset)


def items_for_export(session: Session, flt: ItemFilter) -> list[tuple[str, ActionItem]]:
    """(id, item) of every item ``flt`` selects, by country, due date, then id."""
    query = filtered(session, select(ActionItemRow.id, ActionItemRow.data), flt)
    rows = session.execute(
        query.order_by(ActionItemRow.country, ActionItemRow.due_on, ActionItemRow.id)
    )
    return [(rid, ActionItem.model_validate_json(data)) for rid, data in rows]


class PlanSummary(BaseModel):
    record_id: str
    country: str
    title: str
    period_start: date
    period_end: date
    status: str
    goals: list[tuple[str, str]]
    """(goal id, title) in the plan's order."""


def country_plans(session: Session, country: str | None) -> list[PlanSummary]:
    """The plans of a country (every country's when ``None``), newest first."""
    query = select(ActionPlanRow.id, ActionPlanRow.data)
    if country:
        query = query.where(ActionPlanRow.country == country)
    rows = session.execute(query.order_by(ActionPlanRow.period_start.desc(), ActionPlanRow.id))
    plans = []
    for rid, data in rows:
        payload = json.loads(data)
        plans.append(
            PlanSummary(
                record_id=rid,
                country=payload["country"],
                title=payload["title"],
                period_start=date.fromisoformat(payload["period_start"]),
                period_end=date.fromisoformat(payload["period_end"]),
                status=payload.get("status", "draft"),
                goals=[(g["id"], g["title"]) for g in payload.get("goals") or []],
            )
        )
    return plans


def status_counts(session: Session, flt: ItemFilter) -> dict[str, int]:
    """Items per status under ``flt`` (for the section's summary line)."""
    query = filtered(session, select(ActionItemRow.status, func.count()), flt)
    return {status: int(n) for status, n in session.execute(query.group_by(ActionItemRow.status))}


def resource_choices(
    session: Session, country: str, linked: list[str], language: str
) -> list[tuple[str, str]]:
    """(id, title in ``language``) of the library resources an item may link: those it
    already links, then those recommended for its country."""
    from icati_desktop.store.library import LibraryFilter, query_resources
    from icati_desktop.store.tables.reference import ResourceRow

    page = query_resources(
        session, LibraryFilter(recommended_for=country), limit=60, language=language
    )
    recommended = [(r.record_id, r.title) for r in page.rows]
    titles = dict(recommended)
    rows = session.execute(
        select(ResourceRow.id, ResourceRow.title).where(
            ResourceRow.id.in_(set(linked) - set(titles))
        )
    )
    for rid, title in rows:
        words: dict[str, str] = json.loads(title)
        titles[rid] = words.get(language) or words.get("en") or next(iter(words.values()), rid)
    first = [(rid, titles[rid]) for rid in linked if rid in titles]  # linked ones first
    return first + [(rid, title) for rid, title in recommended if rid not in linked]
