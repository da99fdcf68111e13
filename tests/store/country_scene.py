"""Kenya on one device, as an expert finds it before a mission: two assessment rounds,
a plan with open, overdue, blocked and done items, past and planned meetings, people with
and without consent to be shared, Atlas initiatives. Shared by the store, report, CLI and
GUI tests of the country workspace (Qt-free)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from icati_desktop.domain.action_plans import ActionItem, ActionPlan
from icati_desktop.domain.assessments import Answer, answer_value
from icati_desktop.domain.atlas import Initiative
from icati_desktop.domain.directory import ConsentMethod, ConsentRecord, ConsentScope, Person
from icati_desktop.domain.meetings import Meeting
from icati_desktop.store.assessments import NewAssessment, create_assessments, submit
from icati_desktop.store.meeting_writes import save_meeting
from icati_desktop.store.people_writes import save_person
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store

TODAY = date(2026, 5, 4)
FIRST: dict[str, int | str] = {
    "d1_law_allows_treatment": 1, "d1_strategy_names_ati": 1, "d1_safeguards_defined": 1,
    "d2_steering_committee": 1, "d2_interagency_mous": 1, "d2_justice_support": 1,
    "d2_basics_webinars": 3, "d3_pre_arrest": 1, "d3_pre_trial": 0, "d3_court": 1,
}  # fmt: skip
SECOND: dict[str, int | str] = {
    **FIRST, "d1_law_allows_treatment": 2, "d1_strategy_names_ati": 2, "d2_justice_support": 2,
    "d3_pre_arrest": 2, "d7_policy_leaders_trained": 0, "d9_budget_line": 0,
}  # fmt: skip
OVERDUE_ITEM = "Convene the health–justice steering committee"
BLOCKED_ITEM = "Agree referral forms between police and treatment providers"
OPEN_ITEM = "Train prosecutors on diversion criteria"
DONE_ITEM = "Map treatment services near the pilot court"
SHARED_PERSON = "Wanjiru Kamau"
IN_APP_PERSON = "Peter Mwangi"
PAST_MEETING = "Steering committee kick-off"
NEXT_MEETING = "Prosecutors' training day"
DECISION = "The ministry of health joins the steering committee"


def _round(store: Store, answers: dict[str, int | str], on: date) -> str:
    spec = NewAssessment(
        country="KEN",
        assessed_on=on,
        answers={name: Answer(value=answer_value(value)) for name, value in answers.items()},
    )
    rid = create_assessments(store, [spec])[0]
    submit(store, rid, language="en", by="Amina Diallo")
    return rid


def _consent(scope: ConsentScope, today: date) -> ConsentRecord:
    return ConsentRecord(
        person_id="00000000-0000-4000-8000-000000000000",
        given=True,
        scope=scope,
        decided_on=today - timedelta(days=60),
        method=ConsentMethod.IN_PERSON,
        notice_version="2026-01",
        recorded_by="Amina Diallo",
    )


def _people(store: Store, today: date) -> None:
    people = [
        (SHARED_PERSON, "Magistrate", "justice", ["court"], True, ConsentScope.SHARE_WITH_PARTNERS),
        (IN_APP_PERSON, "Chief probation officer", "justice", ["post_sentence"], True,
         ConsentScope.STORE_ONLY),
        ("Grace Achieng", "Addiction counsellor", "health", ["court", "pre_trial"], False, None),
    ]  # fmt: skip
    for name, role, sector, stages, authority, scope in people:
        person = Person(
            display_name=name, role=role, sector=sector, country="KEN", stages=stages,
            decision_authority=authority, organisation_name="Kenya Judiciary",
        )  # fmt: skip
        save_person(store, person, consent=_consent(scope, today) if scope else None)


def _plan(store: Store, today: date) -> None:
    service = RecordService(store)
    plan = service.create(
        ActionPlan(
            country="KEN",
            title="ATI action plan 2026",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
    )
    items = [
        (OVERDUE_ITEM, "in_progress", today - timedelta(days=10), None),
        (BLOCKED_ITEM, "blocked", today + timedelta(days=30), None),
        (OPEN_ITEM, "open", today + timedelta(days=5), None),
        (DONE_ITEM, "done", today - timedelta(days=40), today - timedelta(days=41)),
    ]
    for title, status, due, closed in items:
        service.create(
            ActionItem(
                action_plan_id=UUID(plan.record_id),
                country="KEN",
                title=title,
                owner_name="Ministry of Justice",
                due_on=due,
                status=status,
                closed_on=closed,
            )
        )


def meeting(title: str, held_on: date, **extra: object) -> Meeting:
    return Meeting.model_validate(
        {
            "country": "KEN",
            "held_on": held_on,
            "title": title,
            "format": "in_person",
            "meeting_type": "strategic",
            **extra,
        }
    )


def seed_kenya(store: Store, today: date = TODAY) -> dict[str, str]:
    """Fill ``store`` (a device with the default content) as of ``today``; the rounds' ids."""
    first = _round(store, FIRST, date(2025, 3, 14))
    second = _round(store, SECOND, date(2026, 3, 20))
    _people(store, today)
    _plan(store, today)
    save_meeting(
        store,
        meeting(
            PAST_MEETING,
            today - timedelta(days=20),
            decisions=[DECISION],
            next_meeting_on=today + timedelta(days=12),
            anonymous_attendee_count=3,
        ),
    )
    save_meeting(
        store, meeting(NEXT_MEETING, today + timedelta(days=12), meeting_type="training_workshop")
    )
    save_meeting(store, meeting("Colombia: fiscalía", today - timedelta(days=3), country="COL"))
    service = RecordService(store)
    for name, model in (("Nairobi drug treatment court", "drug_treatment_court"),
                        ("Mombasa police deflection", "deflection")):  # fmt: skip
        service.create(
            Initiative.model_validate(
                {
                    "country": "KEN",
                    "name": name,
                    "model": model,
                    "status": "pilot",
                    "continuum_stages": ["court"],
                }
            )
        )
    return {"first": first, "second": second}
