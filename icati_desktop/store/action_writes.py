"""Action plans and items, write side: new and edited items, status, progress notes, goals.

Each change is one version written on top of the leaves it was made from
(``base_leaves``): a change that raced a sync import is refused as stale instead of
undoing it. A status change and a progress note touch only their own fields, so two
people changing the same item on two laptops merge field by field (a status here, a due
date there; a note each), and only the same field changed two ways is a conflict.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import cast
from uuid import UUID

from sqlalchemy import select

from icati_desktop.domain.action_plans import (
    ActionItem,
    ActionItemStatus,
    ActionPlan,
    Goal,
    ProgressNote,
)
from icati_desktop.i18n import _
from icati_desktop.store.country_plans import new_country_plan
from icati_desktop.store.device import require_device
from icati_desktop.store.records import RecordNotFound, RecordService, RecordView
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import ActionPlanRow


def today_of(store: Store) -> date:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC).date()


def load_item(store: Store, record_id: str) -> RecordView[ActionItem]:
    _check_id(record_id, _("{id!r} is not an action item's id; copy one from `icati actions list`"))
    return RecordService(store).get(ActionItem, record_id)


def load_plan(store: Store, record_id: str) -> RecordView[ActionPlan]:
    _check_id(record_id, _("{id!r} is not an action plan's id; choose a plan from the list"))
    return RecordService(store).get(ActionPlan, record_id)


def _check_id(record_id: str, message: str) -> None:
    try:
        UUID(record_id)
    except ValueError:
        raise RecordNotFound(message.format(id=record_id)) from None


def save_item(
    store: Store,
    item: ActionItem,
    record_id: str | None = None,
    base_leaves: Collection[str] | None = None,
) -> RecordView[ActionItem]:
    """Create the item (no ``record_id``) or write it on top of ``base_leaves``."""
    service = RecordService(store)
    if record_id is None:
        return cast(RecordView[ActionItem], service.create(item))
    return cast(RecordView[ActionItem], service.update(record_id, item, base_leaves=base_leaves))


def with_status(item: ActionItem, status: ActionItemStatus, today: date) -> ActionItem:
    """The item in ``status``: closing dates it today (unless it was already closed),
    reopening clears the date."""
    if status.is_closed:
        closed_on = item.closed_on if item.status.is_closed and item.closed_on else today
    else:
        closed_on = None
    return item.model_copy(update={"status": status, "closed_on": closed_on})


def set_status(
    store: Store, record_id: str, status: ActionItemStatus | str
) -> RecordView[ActionItem]:
    """Change an item's status (and its closing date with it); nothing is written when
    the item already has that status."""
    try:
        wanted = ActionItemStatus(status)
    except ValueError:
        raise ValueError(
            _("{status!r} is not a status; choose one of: {choices}").format(
                status=status, choices=", ".join(s.value for s in ActionItemStatus)
            )
        ) from None
    view = load_item(store, record_id)
    if view.payload.status is wanted:
        return view
    changed = with_status(view.payload, wanted, today_of(store))
    return save_item(store, changed, record_id, view.leaves)


def add_progress_note(
    store: Store, record_id: str, text: str, author: str | None = None
) -> RecordView[ActionItem]:
    """Add a dated progress update; its author is this device's user unless given."""
    if not text.strip():
        raise ValueError(_("the progress update is empty; write what happened"))
    view = load_item(store, record_id)
    if author is None or not author.strip():
        with store.read() as session:
            author = require_device(session).name
    note = ProgressNote(noted_on=today_of(store), text=text.strip(), author=author.strip())
    changed = view.payload.model_copy(
        update={"progress_notes": [*view.payload.progress_notes, note]}
    )
    return save_item(store, changed, record_id, view.leaves)


def current_plan(store: Store, country: str) -> str:
    """The country's newest plan that is not closed; a new draft plan when it has none."""
    query = (
        select(ActionPlanRow.id)
        .where(ActionPlanRow.country == country, ActionPlanRow.status != "closed")
        .order_by(ActionPlanRow.period_start.desc(), ActionPlanRow.id)
        .limit(1)
    )
    with store.write() as tx:
        found = tx.session.scalar(query)
        return found or new_country_plan(tx, store, country, today_of(store))


def add_goal(
    store: Store, plan_id: str, title: str, description: str = ""
) -> RecordView[ActionPlan]:
    """Add a goal to the plan (a new element: goals added on two laptops both stay)."""
    if not title.strip():
        raise ValueError(_("the goal has no title; write what the plan works towards"))
    view = load_plan(store, plan_id)
    goal = Goal(title=title.strip(), description=description.strip())
    changed = view.payload.model_copy(update={"goals": [*view.payload.goals, goal]})
    return cast(
        RecordView[ActionPlan],
        RecordService(store).update(plan_id, changed, base_leaves=view.leaves),
    )


__all__ = [
    "add_goal",
    "add_progress_note",
    "current_plan",
    "load_item",
    "load_plan",
    "save_item",
    "set_status",
    "today_of",
    "with_status",
]
