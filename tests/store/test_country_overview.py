"""A country's overview, read from the store on SQLite and PostgreSQL: the phase and its
change, open items overdue first, meetings either side of today, stakeholders, initiatives."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, ActionPlan
from icati_desktop.domain.assessments import AssessmentStatus
from icati_desktop.domain.directory import ConsentScope
from icati_desktop.store.country_overview import country_overview, read_country_overview
from icati_desktop.store.country_parts import open_actions
from icati_desktop.store.meeting_writes import save_meeting
from icati_desktop.store.people_writes import withdraw_consent
from icati_desktop.store.records import RecordService
from tests.store.country_scene import (
    BLOCKED_ITEM,
    DONE_ITEM,
    IN_APP_PERSON,
    NEXT_MEETING,
    OPEN_ITEM,
    OVERDUE_ITEM,
    PAST_MEETING,
    SHARED_PERSON,
    TODAY,
    meeting,
    seed_kenya,
)
from tests.store.helpers import StoreFactory


def test_the_overview_of_a_country_shows_what_a_mission_needs(make_store: StoreFactory) -> None:
    store = make_store()
    rounds = seed_kenya(store)
    overview = read_country_overview(store, "ken", TODAY)  # any case
    assert overview.profile.alpha3 == "KEN"
    assert overview.profile.region == "Africa"
    latest = overview.latest
    assert latest is not None
    assert latest.record_id == rounds["second"]
    assert latest.assessment.status is AssessmentStatus.SUBMITTED
    assert not latest.provisional
    assert latest.previous_id == rounds["first"]
    assert latest.comparison is not None
    d1 = next(d for d in latest.comparison.domains if d.code == "D1")
    assert (d1.before, d1.after, d1.change) == (Decimal("1.00"), Decimal("1.75"), Decimal("0.75"))
    # open items only (the done one is left out), overdue first, then blocked, then the rest
    actions = overview.actions
    assert [i.title for i in actions.items] == [OVERDUE_ITEM, BLOCKED_ITEM, OPEN_ITEM]
    assert DONE_ITEM not in {i.title for i in actions.items}
    assert [i.overdue for i in actions.items] == [True, False, False]
    assert actions.by_status == {"in_progress": 1, "blocked": 1, "open": 1}
    assert (actions.total, actions.overdue) == (3, 1)
    assert [m.title for m in overview.recent_meetings] == [PAST_MEETING]  # not Colombia's
    assert [m.title for m in overview.next_meetings] == [NEXT_MEETING]
    assert overview.next_planned_on == TODAY + timedelta(days=12)
    people = overview.stakeholders
    assert people.people_by_sector == {"justice": 2, "health": 1}
    assert people.people_by_stage == {"court": 2, "post_sentence": 1, "pre_trial": 1}
    # only people whose consent is active are named; decision-makers first
    assert [p.name for p in overview.key_people] == [IN_APP_PERSON, SHARED_PERSON]
    assert overview.initiative_count == 2
    assert [i.name for i in overview.initiatives] == [
        "Mombasa police deflection",
        "Nairobi drug treatment court",
    ]
    assert overview.resources  # the advice recommends library resources
    assert len({r.id for r in overview.resources}) == len(overview.resources)


def test_a_page_of_open_items_follows_the_list_order_across_statuses_and_dates(
    make_store: StoreFactory,
) -> None:
    """Overdue first (blocked, in progress, not started; oldest due date first), then each
    status's items due later and then those without a date; ties by title. Whatever the
    page size, the page is the start of that order and the counts cover every open item."""
    store = make_store()
    rng = random.Random(5)
    plan = RecordService(store).create(
        ActionPlan(country="KEN", title="Plan", period_start=TODAY, period_end=TODAY)
    )
    statuses = [s.value for s in ActionItemStatus]
    made = []
    for n in range(60):
        status = rng.choice(statuses)
        due = None if n % 9 == 0 else TODAY + timedelta(days=rng.randint(-6, 6))
        closed = (due or TODAY) if ActionItemStatus(status).is_closed else None
        made.append((f"Item {n:02d}", status, due))
        payload = ActionItem(
            action_plan_id=UUID(plan.record_id), country="KEN", title=f"Item {n:02d}",
            due_on=due, status=status, closed_on=closed,
        )  # fmt: skip
        RecordService(store).create(payload)
    rank = ["blocked", "in_progress", "open"]
    expected = sorted(
        ((title, status, due) for title, status, due in made if status in rank),
        key=lambda t: (
            not (t[2] is not None and t[2] < TODAY),
            rank.index(t[1]),
            t[2] is None,
            t[2] or TODAY,
            t[0],
        ),
    )
    for limit in (1, 7, 25, 100):
        with store.read() as session:
            actions = open_actions(session, "KEN", TODAY, limit)
        assert [(i.title, i.status, i.due_on) for i in actions.items] == expected[:limit]
        assert actions.total == len(expected)
        assert actions.overdue == sum(1 for _, _, due in expected if due and due < TODAY)
        assert all(i.plan_title == "Plan" for i in actions.items)


def test_a_document_that_leaves_the_app_names_only_people_who_agreed_to_be_shared(
    make_store: StoreFactory,
) -> None:
    store = make_store()
    seed_kenya(store)
    shared_scope = ConsentScope.SHARE_WITH_PARTNERS
    with store.read() as session:
        shared = country_overview(session, "KEN", TODAY, people_scope=shared_scope)
    assert [p.name for p in shared.key_people] == [SHARED_PERSON]
    wanjiru = shared.key_people[0].record_id
    withdraw_consent(store, wanjiru, TODAY - timedelta(days=1))
    with store.read() as session:
        after = country_overview(
            session, "KEN", TODAY, people_scope=ConsentScope.SHARE_WITH_PARTNERS
        )
    assert after.key_people == ()


def test_a_new_meeting_appears_and_an_empty_country_has_empty_parts(
    make_store: StoreFactory,
) -> None:
    store = make_store()
    seed_kenya(store)
    save_meeting(store, meeting("Meeting with the Chief Justice", TODAY))
    overview = read_country_overview(store, "KEN", TODAY)
    assert [m.title for m in overview.recent_meetings][:2] == [
        "Meeting with the Chief Justice",
        PAST_MEETING,
    ]
    empty = read_country_overview(store, "URY", TODAY)
    assert empty.latest is None
    assert empty.resources == ()
    assert empty.actions.total == 0
    assert empty.actions.items == ()
    assert empty.recent_meetings == ()
    assert empty.next_meetings == ()
    assert empty.stakeholders.people == 0
    assert empty.initiative_count == 0


def test_an_unknown_country_code_is_refused_in_one_line(make_store: StoreFactory) -> None:
    store = make_store()
    with pytest.raises(ValueError, match="not the ISO alpha-3 code"):
        read_country_overview(store, "XXX", TODAY)
