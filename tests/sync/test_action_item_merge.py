"""A focal point and an expert change the same action item on two laptops: the changes
merge field by field through HQ, and only the same field changed two ways conflicts."""

from __future__ import annotations

from datetime import date

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, Priority
from icati_desktop.store.action_writes import (
    add_progress_note,
    current_plan,
    load_item,
    save_item,
    set_status,
)
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.integrity import check_store
from tests.sync.conftest import NetworkFactory
from tests.sync.network import Network


def _shared_item(make_network: NetworkFactory) -> tuple[Network, str]:
    """An item laptop A wrote and laptop B received through HQ."""
    net = make_network(fields=2)
    laptop_a, laptop_b = net.fields
    plan = current_plan(laptop_a, "KEN")
    item = ActionItem.model_validate(
        {"action_plan_id": plan, "country": "KEN", "title": "Map the courts"}
    )
    item_id = save_item(laptop_a, item).record_id
    net.round_trip()  # A → HQ → B
    assert load_item(laptop_b, item_id).payload.title == "Map the courts"
    return net, item_id


def test_status_on_one_laptop_and_due_date_on_the_other_both_stay(
    make_network: NetworkFactory,
) -> None:
    net, item_id = _shared_item(make_network)
    hq, (laptop_a, laptop_b) = net.hq, net.fields
    set_status(laptop_a, item_id, "in_progress")
    add_progress_note(laptop_a, item_id, "Registrar met", author="Focal point")
    b_view = load_item(laptop_b, item_id)
    due = b_view.payload.model_copy(update={"due_on": date(2026, 9, 30)})
    save_item(laptop_b, due, item_id, b_view.leaves)
    add_progress_note(laptop_b, item_id, "Budget line found", author="Expert")
    net.round_trip()
    net.round_trip()  # B's version reaches A through HQ
    for store in (hq, laptop_a, laptop_b):
        shown = load_item(store, item_id)
        assert not shown.in_conflict
        assert shown.payload.status is ActionItemStatus.IN_PROGRESS
        assert shown.payload.due_on == date(2026, 9, 30)
        assert sorted(n.text for n in shown.payload.progress_notes) == [
            "Budget line found",
            "Registrar met",
        ]
        assert list_conflicts(store) == []
        with store.read() as session:
            assert check_store(session) == []


def test_two_statuses_for_the_same_item_are_one_conflict_on_the_status(
    make_network: NetworkFactory,
) -> None:
    net, item_id = _shared_item(make_network)
    hq, (laptop_a, laptop_b) = net.hq, net.fields
    set_status(laptop_a, item_id, "blocked")
    b_view = load_item(laptop_b, item_id)
    priority = b_view.payload.model_copy(update={"priority": Priority.HIGH})
    save_item(laptop_b, priority, item_id, b_view.leaves)
    set_status(laptop_b, item_id, "in_progress")
    net.round_trip()
    net.round_trip()
    for store in (hq, laptop_a, laptop_b):
        conflicts = list_conflicts(store)
        assert [(c.record_id, c.differing_fields) for c in conflicts] == [(item_id, ["status"])]
        shown = load_item(store, item_id).payload
        assert shown.priority.value == "high"  # B's other change merged in
        assert shown.status in (ActionItemStatus.BLOCKED, ActionItemStatus.IN_PROGRESS)
