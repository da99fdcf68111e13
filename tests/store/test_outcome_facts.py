"""Outcome indicators read from a real store: the facts loaders and the scope filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators import Indicator, Period
from icati_desktop.store.content import upgrade_default_content
from icati_desktop.store.outcome_facts import Scope, outcome_indicators
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory
from tests.store.outcome_seed import seed_outcomes

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 14, tzinfo=UTC)


def seeded(make_store: StoreFactory) -> tuple[Store, dict[str, str]]:
    store = make_store(role="hq", name="HQ")
    upgrade_default_content(store)
    return store, seed_outcomes(store)


def by_key(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {i.key: i for i in indicators}


def test_indicators_from_the_store(make_store: StoreFactory) -> None:
    store, ids = seeded(make_store)
    found = by_key(outcome_indicators(store, Q1))
    added = found["members_added"]
    assert added.value == 2
    assert {r.key: r.value for r in added.rows}["Africa"] == 2
    # Bob withdrew on 1 February: only Ann is on the email network on 31 March.
    assert found["email_network"].value == 1
    assert [r.record_id for r in found["email_network"].records] == [ids["ann"]]
    monthly = found["monthly_meetings"]
    assert monthly.value == 2
    assert monthly.target == 3
    # Ann's country (Kenya, from her person record) and Colombia took part; Ghana was
    # supported (a strategic meeting) and is new; Kenya joined and attended.
    funnel = {r.key: r.value for r in found["funnel"].rows}
    assert funnel == {"reached": 3, "engaged": 3, "supported": 1}  # France joined in 2025
    assert found["newly_engaged"].value == 3
    assert found["unique_participants"].value == 2
    assert found["retention"].value == Decimal("50.0")
    assert found["action_items_on_time"].value == Decimal("100.0")
    meeting_rows = next(r for r in found["funnel"].rows if r.key == "supported")
    assert [r.record_id for r in meeting_rows.records] == [ids["meeting"]]
    assert found["curriculum_pipeline"].rows  # the default curricula are read
    assert found["coverage"].value is not None
    assert found["coverage"].value > 0


def test_a_region_or_a_country_narrows_every_country_figure(make_store: StoreFactory) -> None:
    store, _ids = seeded(make_store)
    africa = by_key(outcome_indicators(store, Q1, Scope(region=Region.AFRICA)))
    assert africa["members_added"].value == 2
    assert africa["email_network"].value == 1
    assert africa["unique_participants"].value == 1  # Bob is in the Americas
    ghana = by_key(outcome_indicators(store, Q1, Scope(country="GHA")))
    assert ghana["members_added"].value == 1
    assert ghana["unique_participants"].value == 0
    assert ghana["action_items_on_time"].value == Decimal("100.0")


def test_national_outcomes_of_a_country_from_the_store(make_store: StoreFactory) -> None:
    from icati_desktop.store.national_outcomes import national_outcome_indicators

    store, ids = seeded(make_store)
    ghana = by_key(national_outcome_indicators(store, "GHA", Q1))
    assert ghana["stakeholders"].value == 1  # the judge met on 3 February
    assert [r.record_id for r in ghana["stakeholders"].records] == [ids["meeting"]]
    assert ghana["networks"].value == 0
    kenya = by_key(national_outcome_indicators(store, "KEN", Q1))
    assert kenya["networks"].value == 2  # Ann attended both network meetings
    assert kenya["stakeholders"].value == 0
