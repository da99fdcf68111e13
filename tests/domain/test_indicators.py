"""Outcome indicators on hand-built facts; every expected value is computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators import Indicator, OutcomeFacts, Period, compute_indicators
from icati_desktop.domain.indicators.facts import (
    ActionItemFact,
    ActivityFact,
    AssessmentFact,
    Attendance,
    ConsentFact,
    CountryFact,
    CurriculumFact,
    EventFact,
    InitiativeFact,
    Level,
    MembershipFact,
    RecordLink,
    RosterFact,
    SeriesItemFact,
    first_activities,
)
from icati_desktop.domain.indicators.national import (
    AttendeeFact,
    MeetingFact,
    NationalFacts,
    national_outcomes,
)

Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
COUNTRIES = {
    "KEN": CountryFact("KEN", Region.AFRICA),
    "GHA": CountryFact("GHA", Region.AFRICA),
    "COL": CountryFact("COL", Region.AMERICAS),
    "FRA": CountryFact("FRA", Region.EUROPE),
}


def link(kind: str, n: int) -> RecordLink:
    return RecordLink(kind, f"{kind}-{n}")


def by_key(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {i.key: i for i in indicators}


def rows(indicator: Indicator) -> dict[str, Decimal]:
    return {r.key: r.value for r in indicator.rows}


def compute(**facts: object) -> dict[str, Indicator]:
    activities = list(facts.pop("history", []))  # type: ignore[call-overload]
    baseline = facts.pop("baseline", None)
    in_period = [a for a in activities if Q1.contains(a.day)]
    return by_key(
        compute_indicators(
            OutcomeFacts(
                countries=COUNTRIES,
                activities=in_period,
                first_activities=first_activities([a for a in activities if a.day <= Q1.end]),
                **facts,  # type: ignore[arg-type]
            ),
            Q1,
            baseline=baseline,  # type: ignore[arg-type]
        )
    )


def test_a_period_ending_before_it_starts_is_refused_with_the_dates() -> None:
    with pytest.raises(ValueError, match=r"2025-01-01.*before it starts.*2025-03-01"):
        Period(date(2025, 3, 1), date(2025, 1, 1))


def test_period_boundaries_are_both_included_in_membership_counts() -> None:
    memberships = [
        MembershipFact(link("membership", 1), "KEN", date(2025, 1, 1), None, True),  # first day
        MembershipFact(link("membership", 2), "GHA", date(2025, 3, 31), None, True),  # last day
        MembershipFact(link("membership", 3), "COL", date(2024, 12, 31), None, True),  # day before
        MembershipFact(link("membership", 4), "FRA", date(2025, 4, 1), None, True),  # day after
        MembershipFact(link("membership", 5), "FRA", date(2025, 2, 1), None, False),  # pending
    ]
    found = compute(memberships=memberships)
    added = found["members_added"]
    assert added.value == 2
    assert added.target == 100
    assert added.is_global_outcome
    assert rows(added)["Africa"] == 2
    assert rows(added)["Americas"] == 0
    assert {r.target for r in added.rows} == {20}
    assert set(added.records) == {link("membership", 1), link("membership", 2)}
    # Members on 31 March: KEN, GHA, COL; on 31 December: COL → growth 200 %.
    assert found["members_at_end"].value == 3
    assert found["members_growth"].value == Decimal("200.0")


def test_a_member_who_left_stops_counting_on_the_day_they_left() -> None:
    memberships = [
        MembershipFact(link("membership", 1), "KEN", date(2024, 1, 1), date(2025, 3, 31), True)
    ]
    assert compute(memberships=memberships)["members_at_end"].value == 0


def test_funnel_newly_engaged_support_and_coverage() -> None:
    history = [
        ActivityFact("KEN", date(2024, 6, 1), Level.SUPPORTED, link("meeting", 1)),  # before
        ActivityFact("KEN", date(2025, 2, 1), Level.ENGAGED, link("assessment", 1)),
        ActivityFact("GHA", date(2025, 1, 1), Level.SUPPORTED, link("meeting", 2)),  # new
        ActivityFact("COL", date(2025, 3, 31), Level.ENGAGED, link("meeting", 3)),  # new
        ActivityFact("FRA", date(2025, 2, 10), Level.REACHED, link("membership", 9)),
        ActivityFact("FRA", date(2025, 4, 1), Level.SUPPORTED, link("meeting", 4)),  # after
    ]
    found = compute(history=history)
    assert rows(found["funnel"]) == {"reached": 4, "engaged": 3, "supported": 1}
    newly = found["newly_engaged"]
    assert newly.value == 2
    assert newly.target == 5
    assert newly.met is False
    assert rows(newly)["Africa"] == 1
    assert rows(newly)["Americas"] == 1
    # Supported by the baseline (1 Jan 2025): KEN; by 31 March: KEN, GHA → +100 %.
    support = found["support_growth"]
    assert support.value == Decimal("100.0")
    assert support.met is True
    assert rows(support)["Africa"] == 2
    assert next(r for r in support.rows if r.key == "Africa").target == Decimal("1.5")
    # Reached by 31 March: all four countries; Africa 2 of 2, Europe 1 of 1.
    assert found["coverage"].value == Decimal("100.0")


def test_support_growth_against_a_later_baseline_and_without_any_baseline() -> None:
    history = [ActivityFact("GHA", date(2025, 1, 5), Level.SUPPORTED, link("meeting", 2))]
    assert compute(history=history)["support_growth"].value is None  # nothing to grow from
    later = compute(history=history, baseline=date(2025, 2, 1))["support_growth"]
    assert later.value == Decimal("0.0")


def assessed(n: int, country: str, day: date, phase: int, **scores: str) -> AssessmentFact:
    return AssessmentFact(
        link("assessment", n), country, day, phase, {k: Decimal(v) for k, v in scores.items()}
    )


def test_a_country_that_moves_phase_twice_counts_two_moves_and_ends_in_its_last_phase() -> None:
    assessments = [
        assessed(1, "KEN", date(2024, 5, 1), 1, D1="1.0", D2="2.0"),
        assessed(2, "KEN", date(2025, 1, 15), 2, D1="2.0", D2="2.5"),  # up
        assessed(3, "KEN", date(2025, 3, 31), 3, D1="3.0", D2="2.0"),  # up again
        assessed(4, "GHA", date(2025, 2, 1), 2, D1="1.0"),
        assessed(5, "COL", date(2025, 4, 2), 4),  # after the period
    ]
    history = [ActivityFact("COL", date(2024, 1, 1), Level.REACHED, link("membership", 1))]
    found = compute(assessments=assessments, history=history)
    moves = found["phase_moves"]
    assert moves.value == 2
    assert rows(moves) == {"up": 2, "down": 0}
    assert set(moves.records) == {link("assessment", 2), link("assessment", 3)}
    # KEN in phase 3, GHA in 2, COL reached but not assessed by 31 March → phase 1.
    assert rows(found["countries_per_phase"]) == {"1": 1, "2": 1, "3": 1, "4": 0}
    assert rows(found["assessments"]) == {"first": 1, "repeat": 2}
    # Repeats: (+1.0, +0.5) and (+1.0, -0.5) → mean 0.5.
    assert found["domain_change"].value == Decimal("0.50")


def test_network_participation_retention_and_monthly_meetings() -> None:
    ann, bob = Attendance("p-ann", "KEN", "justice"), Attendance("p-bob", "COL", "health")
    events = [
        EventFact(link("event", 1), "network_meeting", date(2025, 1, 31), participants=(ann, bob)),
        EventFact(link("event", 2), "network_meeting", date(2025, 3, 1), participants=(ann,)),
        EventFact(
            link("event", 3),
            "webinar",
            date(2025, 3, 2),
            participants=(Attendance(None, "GHA", None, 7),),
        ),
        EventFact(link("event", 4), "network_meeting", date(2025, 4, 1), participants=(bob,)),
    ]
    found = compute(events=events)
    assert found["network_sessions"].value == 3
    assert rows(found["network_sessions"]) == {"network_meeting": 2, "webinar": 1}
    assert found["unique_participants"].value == 2
    assert found["countries_represented"].value == 3
    assert found["retention"].value == Decimal("50.0")  # Ann came twice, Bob once
    monthly = found["monthly_meetings"]
    assert rows(monthly) == {"2025-01": 1, "2025-02": 0, "2025-03": 1}
    assert monthly.value == 2
    assert monthly.target == 3
    assert monthly.met is False


def consent(
    n: int, decided: date, withdrawn: date | None = None, given: bool = True
) -> ConsentFact:
    return ConsentFact(link("consent", n), f"p-{n}", "KEN", given, decided, withdrawn)


def test_withdrawn_consent_leaves_the_email_network_from_the_day_of_withdrawal() -> None:
    consents = [
        consent(1, date(2024, 1, 1)),
        consent(2, date(2024, 1, 1), withdrawn=date(2025, 3, 31)),  # withdrawn on the last day
        consent(3, date(2024, 1, 1), withdrawn=date(2025, 4, 1)),  # withdrawn after the period
        consent(4, date(2024, 1, 1), given=False),  # refused
        consent(5, date(2025, 4, 1)),  # given after the period
    ]
    network = compute(consents=consents)["email_network"]
    assert network.value == 2
    assert network.target == 200
    assert {r.record_id for r in network.records} == {"p-1", "p-3"}
    assert rows(network)["Africa"] == 2


def test_people_trained_per_curriculum_sector_country_and_trainers_certified() -> None:
    events = [
        EventFact(
            link("event", 1),
            "training",
            date(2025, 2, 1),
            curriculum_id="utc81",
            participants=(
                Attendance("p-1", "KEN", "justice"),
                Attendance(None, "KEN", "health", 3),
            ),
        ),
        EventFact(
            link("event", 2),
            "training",
            date(2025, 3, 1),
            curriculum_id="utc81",
            participants=(Attendance("p-1", "KEN", "justice"),),  # same person again
        ),
        EventFact(
            link("event", 3),
            "webinar",
            date(2025, 3, 1),
            participants=(Attendance("p-2", "KEN", "justice"),),
        ),
    ]
    rosters = [
        RosterFact(link("roster", 1), "trainer", "certified", date(2025, 1, 1)),
        RosterFact(link("roster", 2), "trainer", "certified", date(2024, 1, 1)),
        RosterFact(link("roster", 3), "ta_expert", "certified", date(2025, 1, 2)),
        RosterFact(link("roster", 4), "trainer", "in_training", None),
    ]
    found = compute(events=events, rosters=rosters)
    assert rows(found["trained_per_curriculum"]) == {"utc81": 4}
    assert rows(found["trained_per_sector"]) == {"justice": 1, "health": 3}
    assert rows(found["trained_per_country"]) == {"KEN": 4}
    assert rows(found["trainers_certified"]) == {"in_period": 1, "total": 2}


def test_basics_languages_curricula_atlas_and_action_items_closed_on_time() -> None:
    items = [
        SeriesItemFact(link("resource", 1), "ATI Basics", ("en", "fr")),
        SeriesItemFact(link("resource", 2), "ati  basics", ("es",)),
        SeriesItemFact(link("resource", 3), "UTC", ("ar",)),
    ]
    curricula = [
        CurriculumFact(link("curriculum", 1), "UTC 81", "published"),
        CurriculumFact(link("curriculum", 2), "UTC 82", "piloting"),
    ]
    initiatives = [
        InitiativeFact(link("initiative", 1), "KEN", "pilot"),
        InitiativeFact(link("initiative", 2), "COL", "operational"),
    ]
    actions = [
        ActionItemFact(link("action_item", 1), "KEN", date(2025, 1, 1), "done", date(2025, 1, 1)),
        ActionItemFact(link("action_item", 2), "KEN", date(2025, 2, 1), "done", date(2025, 2, 3)),
        ActionItemFact(link("action_item", 3), "KEN", date(2025, 3, 31), "open", None),
        ActionItemFact(
            link("action_item", 4), "KEN", date(2025, 3, 1), "dropped", date(2025, 1, 1)
        ),
        ActionItemFact(link("action_item", 5), "KEN", date(2025, 4, 1), "done", date(2025, 1, 1)),
    ]
    found = compute(
        series_items=items, curricula=curricula, initiatives=initiatives, action_items=actions
    )
    assert rows(found["basics_languages"]) == {"en": 1, "es": 1, "fr": 1}
    assert found["basics_languages"].met is True
    assert found["curriculum_pipeline"].value == 1
    assert rows(found["curriculum_pipeline"])["published"] == 1
    assert rows(found["atlas_initiatives"])["pilot"] == 1
    assert found["atlas_initiatives"].value == 2
    on_time = found["action_items_on_time"]
    assert rows(on_time) == {"on_time": 1, "late": 1, "not_done": 1}
    assert on_time.value == Decimal("33.3")


def test_every_indicator_of_an_empty_store_is_zero_or_unknown_never_an_error() -> None:
    found = compute()
    assert found["email_network"].value == 0
    assert found["action_items_on_time"].value is None
    assert found["domain_change"].value is None
    assert [i.key for i in compute_indicators(OutcomeFacts(countries={}), Q1)][:8] == [
        "members_added",
        "newly_engaged",
        "support_growth",
        "atlas_initiatives",
        "basics_languages",
        "curriculum_pipeline",
        "monthly_meetings",
        "email_network",
    ]


def test_national_outcomes_of_one_country() -> None:
    met = (
        AttendeeFact("p-1", "justice", "pre_arrest"),
        AttendeeFact("p-2", "health", "court"),
        AttendeeFact(None, "health", "court"),
        AttendeeFact("p-3", "community", None, attended=False),
    )
    meetings = [
        MeetingFact(link("meeting", 1), date(2025, 2, 1), "strategic", met, ("r-1", "r-2")),
        MeetingFact(link("meeting", 2), date(2025, 3, 1), "ta_session", met[:1], ("r-1",)),
        MeetingFact(link("meeting", 3), date(2025, 5, 1), "ta_session", met, ("r-3",)),  # after
    ]
    events = [
        EventFact(
            link("event", 1),
            "webinar",
            date(2025, 1, 10),
            participants=(Attendance("p-1", "KEN", None), Attendance(None, "KEN", None, 2)),
        ),
        EventFact(
            link("event", 2),
            "network_meeting",
            date(2025, 1, 20),
            participants=(Attendance("p-9", "COL", None),),
        ),
    ]
    facts = NationalFacts(
        "KEN",
        meetings=meetings,
        events=events,
        assessments=[
            assessed(1, "KEN", date(2024, 1, 1), 1),
            assessed(2, "KEN", date(2025, 3, 1), 2),
        ],
        initiatives=[InitiativeFact(link("initiative", 1), "KEN", "pilot")],
    )
    found = by_key(national_outcomes(facts, Q1))
    assert list(found) == [
        "effectiveness",
        "collaboration",
        "stakeholders",
        "readiness",
        "initiatives",
        "networks",
        "resource_centre",
    ]
    assert found["effectiveness"].value == 3  # Ann and two unnamed at the webinar
    assert found["collaboration"].value == 1  # meeting 1 brought justice and health together
    assert rows(found["stakeholders"]) == {
        "stage:court": 2,
        "stage:pre_arrest": 1,
        "sector:health": 2,
        "sector:justice": 1,
    }
    assert found["stakeholders"].value == 3  # p-1, p-2 and one unnamed; p-3 did not come
    assert rows(found["readiness"]) == {"first": 0, "repeat": 1, "phase": 2}
    assert found["initiatives"].value == 1
    assert found["networks"].value == 1  # Colombia's network meeting is not Kenya's
    assert found["resource_centre"].value == 2
