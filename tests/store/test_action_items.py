"""Action items in the store: the paged table's filters and orders, status, notes, goals."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, ActionPlan
from icati_desktop.domain.library import Resource
from icati_desktop.store.action_items import (
    ItemFilter,
    country_plans,
    query_items,
    resource_choices,
)
from icati_desktop.store.action_writes import (
    add_goal,
    add_progress_note,
    current_plan,
    load_item,
    save_item,
    set_status,
)
from icati_desktop.store.integrity import check_store
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.records import RecordNotFound, RecordService
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory

TODAY = date(2026, 6, 1)
NOW_MS = 1_780_300_800_000  # 2026-06-01 08:00 UTC


def item(plan: str, country: str, title: str, **extra: object) -> ActionItem:
    return ActionItem.model_validate(
        {"action_plan_id": plan, "country": country, "title": title, **extra}
    )


def seeded(store: Store) -> tuple[str, str]:
    ken = current_plan(store, "KEN")
    uga = current_plan(store, "UGA")
    save_item(
        store, item(ken, "KEN", "Map the courts", due_on=date(2026, 5, 1), owner_name="Amina")
    )
    save_item(store, item(ken, "KEN", "Brief the judges", due_on=date(2026, 7, 1), priority="high"))
    save_item(store, item(ken, "KEN", "Count the cases"))
    save_item(
        store,
        item(
            uga,
            "UGA",
            "Train probation officers",
            due_on=date(2026, 4, 1),
            status="done",
            closed_on=date(2026, 3, 30),
        ),
    )
    save_item(
        store,
        item(uga, "UGA", "Draft the bail guidance", due_on=date(2026, 2, 1), status="blocked"),
    )
    return ken, uga


def titles(store: Store, flt: ItemFilter, key: str = "due", descending: bool = False) -> list[str]:
    with store.read() as session:
        page = query_items(session, flt, PageRequest(key, descending=descending))
    assert page.total == len(page.rows)
    return [r.title for r in page.rows]


def test_filters_and_orders_run_in_the_store(make_store: StoreFactory) -> None:
    store = make_store(now_ms=lambda: NOW_MS)
    ken, _uga = seeded(store)
    everything = ItemFilter(today=TODAY)
    assert titles(store, everything) == [
        "Count the cases",  # no due date: first in ascending order
        "Draft the bail guidance",
        "Train probation officers",
        "Map the courts",
        "Brief the judges",
    ]
    assert titles(store, everything, "due", descending=True)[0] == "Brief the judges"
    assert titles(store, everything, "title") == [
        "Brief the judges",  # without case
        "Count the cases",
        "Draft the bail guidance",
        "Map the courts",
        "Train probation officers",
    ]
    assert titles(store, everything, "priority")[0] == "Brief the judges"
    assert titles(store, everything, "status")[-1] == "Train probation officers"  # done last
    overdue = ItemFilter(today=TODAY, overdue_only=True)
    assert titles(store, overdue) == ["Draft the bail guidance", "Map the courts"]
    assert titles(store, ItemFilter(today=TODAY, country="KEN", status="open", owner="amina")) == [
        "Map the courts"
    ]
    assert titles(store, ItemFilter(today=TODAY, plan_id=ken, due_from=date(2026, 6, 1))) == [
        "Brief the judges"
    ]
    assert titles(store, ItemFilter(today=TODAY, text="probation")) == ["Train probation officers"]
    with store.read() as session:
        rows = {r.title: r for r in query_items(session, everything).rows}
        assert check_store(session) == []
    assert rows["Map the courts"].overdue
    assert not rows["Train probation officers"].overdue  # done: never overdue
    assert not rows["Count the cases"].overdue  # no due date


def test_a_page_far_down_reads_only_its_rows(make_store: StoreFactory) -> None:
    store = make_store(now_ms=lambda: NOW_MS)
    plan = current_plan(store, "KEN")
    RecordService(store).create_many(
        [
            (UUID(int=n + 1), item(plan, "KEN", f"Item {n:03}", due_on=date(2026, 1, 1 + n % 28)))
            for n in range(120)
        ]
    )
    with store.read() as session:
        page = query_items(
            session, ItemFilter(today=TODAY), PageRequest("title", offset=110, limit=20)
        )
    assert page.total == 120
    assert [r.title for r in page.rows] == [f"Item {n:03}" for n in range(110, 120)]


def test_status_closes_and_reopens_with_its_date(make_store: StoreFactory) -> None:
    store = make_store(now_ms=lambda: NOW_MS)
    plan = current_plan(store, "KEN")
    made = save_item(store, item(plan, "KEN", "Map the courts", due_on=date(2026, 5, 1)))
    done = set_status(store, made.record_id, "done")
    assert (done.payload.status, done.payload.closed_on) == (ActionItemStatus.DONE, TODAY)
    assert done.payload.closed_by_due_date is False
    dropped = set_status(store, made.record_id, ActionItemStatus.DROPPED)
    assert dropped.payload.closed_on == TODAY  # still closed: the day it first closed
    reopened = set_status(store, made.record_id, "in_progress")
    assert reopened.payload.closed_on is None
    with pytest.raises(ValueError, match="not a status"):
        set_status(store, made.record_id, "finished")
    assert load_item(store, made.record_id).payload.status is ActionItemStatus.IN_PROGRESS
    with pytest.raises(RecordNotFound, match="not an action item's id"):
        set_status(store, "nonsense", "done")


def test_progress_notes_say_who_and_when(make_store: StoreFactory) -> None:
    store = make_store(name="Amina's laptop", now_ms=lambda: NOW_MS)
    plan = current_plan(store, "KEN")
    made = save_item(store, item(plan, "KEN", "Map the courts"))
    add_progress_note(store, made.record_id, "  Met the registrar  ")
    noted = add_progress_note(store, made.record_id, "Second visit", author="Joseph")
    notes = noted.payload.progress_notes
    assert [(n.text, n.author, n.noted_on) for n in notes] == [
        ("Met the registrar", "Amina's laptop", TODAY),
        ("Second visit", "Joseph", TODAY),
    ]
    with pytest.raises(ValueError, match="empty"):
        add_progress_note(store, made.record_id, "   ")


def test_plans_have_goals_and_old_payloads_stay_valid(make_store: StoreFactory) -> None:
    store = make_store(now_ms=lambda: NOW_MS)
    old = {
        "country": "KEN",
        "title": "Plan",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    assert ActionPlan.model_validate(old).goals == []
    assert item(str(UUID(int=1)), "KEN", "x").goal_id is None
    plan = current_plan(store, "KEN")
    assert current_plan(store, "KEN") == plan  # the open plan, not a second one
    with_goal = add_goal(store, plan, "Divert first-time offenders", "From court")
    goal = with_goal.payload.goals[0]
    save_item(store, item(plan, "KEN", "Pilot in Kibera", goal_id=str(goal.id)))
    save_item(store, item(plan, "KEN", "Outside the goal"))
    assert titles(store, ItemFilter(today=TODAY, goal_id=str(goal.id))) == ["Pilot in Kibera"]
    with store.read() as session:
        plans = country_plans(session, "KEN")
    assert [(p.record_id, p.goals) for p in plans] == [
        (plan, [(str(goal.id), "Divert first-time offenders")])
    ]
    with pytest.raises(ValueError, match="no title"):
        add_goal(store, plan, " ")


def test_an_item_links_library_resources(make_store: StoreFactory) -> None:
    store = make_store(role="hq", now_ms=lambda: NOW_MS)
    guide = RecordService(store).create(
        Resource.model_validate(
            {
                "title": {"en": "Diversion guide", "fr": "Guide de déjudiciarisation"},
                "resource_type": "guide",
            }
        )
    )
    plan = current_plan(store, "KEN")
    made = save_item(store, item(plan, "KEN", "Map the courts", resource_ids=[guide.record_id]))
    assert [str(r) for r in load_item(store, made.record_id).payload.resource_ids] == [
        guide.record_id
    ]
    with store.read() as session:
        choices = dict(resource_choices(session, "KEN", [guide.record_id], "fr"))
    assert choices[guide.record_id] == "Guide de déjudiciarisation"
    with pytest.raises(ValueError, match="listed twice"):
        item(plan, "KEN", "Twice", resource_ids=[guide.record_id, guide.record_id])
