"""The figures of one country, on hand-built facts: its own values, without the targets of
the network and of each region; every expected value is computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators import Indicator, OutcomeFacts, Period, compute_indicators
from icati_desktop.domain.indicators.facts import (
    ActivityFact,
    ConsentFact,
    CountryFact,
    Level,
    MembershipFact,
    RecordLink,
    first_activities,
)

Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
KENYA = {"KEN": CountryFact("KEN", Region.AFRICA)}


def link(kind: str, n: int) -> RecordLink:
    return RecordLink(kind, f"{kind}-{n}")


def kenya_facts() -> OutcomeFacts:
    history = [
        ActivityFact("KEN", date(2024, 6, 1), Level.REACHED, link("membership", 1)),
        ActivityFact("KEN", date(2025, 2, 1), Level.ENGAGED, link("meeting", 1)),  # first engaged
        ActivityFact("KEN", date(2025, 3, 3), Level.SUPPORTED, link("meeting", 2)),
    ]
    return OutcomeFacts(
        countries=KENYA,
        activities=[a for a in history if Q1.contains(a.day)],
        first_activities=first_activities(history),
        memberships=[MembershipFact(link("membership", 1), "KEN", date(2025, 1, 10), None, True)],
        consents=[
            ConsentFact(link("consent", 1), "p1", "KEN", True, date(2024, 5, 1), None),
            ConsentFact(link("consent", 2), "p2", "KEN", True, date(2025, 2, 1), None),
            ConsentFact(link("consent", 3), "p3", "KEN", False, date(2025, 2, 1), None),
        ],
    )


def by_key(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {i.key: i for i in indicators}


def test_one_country_keeps_its_values_and_leaves_the_targets_out() -> None:
    network = by_key(compute_indicators(kenya_facts(), Q1))
    kenya = by_key(compute_indicators(kenya_facts(), Q1, one_country=True))
    # Kenya joined on 10 January: one member added; it was first engaged on 1 February and
    # first supported on 3 March (none before the baseline: growth of nothing is None).
    assert kenya["members_added"].value == network["members_added"].value == 1
    assert kenya["newly_engaged"].value == network["newly_engaged"].value == 1
    assert kenya["support_growth"].value is network["support_growth"].value is None
    assert kenya["email_network"].value == network["email_network"].value == 2
    # Over the network the targets stand (20 members per region, 5 newly engaged, 200
    # people); for one country none does, and the figure says a target was left out.
    assert network["members_added"].target == 100
    assert network["newly_engaged"].met is False
    for key in ("members_added", "newly_engaged", "support_growth", "email_network"):
        assert kenya[key].target is None
        assert kenya[key].met is None
        assert kenya[key].target_left_out
    # A figure that never had a target says nothing about one.
    assert not kenya["coverage"].target_left_out
    assert not kenya["funnel"].target_left_out


def test_one_country_shows_only_its_own_region_row_without_row_targets() -> None:
    kenya = by_key(compute_indicators(kenya_facts(), Q1, one_country=True))
    added = kenya["members_added"]
    assert [(r.key, r.value, r.target) for r in added.rows] == [("Africa", Decimal(1), None)]
    assert added.records == (link("membership", 1),)
    coverage = kenya["coverage"]  # Kenya is reached: 1 of the 1 country in scope
    assert [(r.key, r.value) for r in coverage.rows] == [("Africa", Decimal("100.0"))]
    months = kenya["monthly_meetings"]  # no network meeting: no month, and no month target
    assert all(r.target is None for r in months.rows)
    assert months.target_left_out
    # The funnel is not broken down per region: its rows stay.
    funnel = {r.key: r.value for r in kenya["funnel"].rows}
    assert funnel == {"reached": 1, "engaged": 1, "supported": 1}
