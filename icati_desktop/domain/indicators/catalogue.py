"""Every indicator of the outcomes dashboard, in the order it shows them."""

from __future__ import annotations

from datetime import date

from icati_desktop.domain.indicators.facts import OutcomeFacts
from icati_desktop.domain.indicators.network import (
    email_network,
    monthly_meetings,
    network_sessions,
    participation,
    people_trained,
    trainers_certified,
)
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.phases import (
    assessments_done,
    countries_per_phase,
    phase_moves,
)
from icati_desktop.domain.indicators.reach import (
    coverage,
    funnel,
    members_added,
    members_at_end,
    newly_engaged,
    support_growth,
)
from icati_desktop.domain.indicators.resources import (
    action_items_on_time,
    atlas_by_stage,
    basics_languages,
    curriculum_pipeline,
)
from icati_desktop.domain.indicators.results import Indicator, of_one_country


def compute_indicators(
    facts: OutcomeFacts, period: Period, baseline: date | None = None, *, one_country: bool = False
) -> list[Indicator]:
    """The seed's global outcomes first (each with its target), then DOMAIN.md's indicators.

    ``baseline``: the day "countries receiving support" is compared with (default: the
    day the period starts). ``one_country``: the facts are of one country (its code is
    the one key of ``facts.countries``); the figures are its own, without the targets set
    for the network and per region (:func:`~.results.of_one_country`).
    """
    indicators = _indicators(facts, period, baseline)
    if not one_country:
        return indicators
    regions = [country.region.value for country in facts.countries.values()]
    region = regions[0] if len(regions) == 1 else None
    return [of_one_country(indicator, region) for indicator in indicators]


def _indicators(facts: OutcomeFacts, period: Period, baseline: date | None) -> list[Indicator]:
    baseline = baseline or period.start
    if baseline > period.end:
        raise ValueError("the baseline date must not be after the end of the period")
    countries = facts.countries
    first = facts.first_activities
    members, growth = members_at_end(facts.memberships, countries, period)
    done, change = assessments_done(facts.assessments, period)
    unique, represented, retention = participation(facts.events, countries, period)
    per_curriculum, per_sector, per_country = people_trained(facts.events, period)
    return [
        members_added(facts.memberships, countries, period),
        newly_engaged(facts.activities, first, countries, period),
        support_growth(first, countries, period, baseline),
        atlas_by_stage(facts.initiatives),
        basics_languages(facts.series_items, facts.events),
        curriculum_pipeline(facts.curricula),
        monthly_meetings(facts.events, period),
        email_network(facts.consents, countries, period),
        funnel(facts.activities, countries),
        coverage(first, countries, period),
        members,
        growth,
        countries_per_phase(facts.assessments, first, countries, period),
        phase_moves(facts.assessments, period),
        done,
        change,
        network_sessions(facts.events, period),
        unique,
        represented,
        retention,
        per_curriculum,
        per_sector,
        per_country,
        trainers_certified(facts.rosters, period),
        action_items_on_time(facts.action_items, period),
    ]
