"""Countries reached, engaged and supported; coverage; membership (seed outcomes 2, 3, 5)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators.facts import (
    ActivityFact,
    CountryFact,
    FirstActivity,
    Level,
    MembershipFact,
    RecordLink,
)
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.results import Breakdown, Indicator, Row, Unit, links, percent

MEMBERS_ADDED_PER_REGION = 20
NEWLY_ENGAGED_TARGET = 5
SUPPORT_GROWTH_TARGET = Decimal(50)


def _by_region(
    countries: Mapping[str, CountryFact], codes: Iterable[str]
) -> dict[Region, set[str]]:
    out: dict[Region, set[str]] = {region: set() for region in Region}
    for code in codes:
        fact = countries.get(code)
        if fact is not None:
            out[fact.region].add(code)
    return out


def _country_links(
    countries: Mapping[str, CountryFact], codes: Collection[str]
) -> tuple[RecordLink, ...]:
    return links(countries[c].record for c in codes if c in countries)


def _first_days(first: Sequence[FirstActivity], level: Level) -> dict[str, date]:
    return {f.country: f.day for f in first if f.level == level}


def funnel(activities: Sequence[ActivityFact], countries: Mapping[str, CountryFact]) -> Indicator:
    """Countries with any contact / two-way activity / support within the period."""
    rows = []
    for level in Level:
        found = [a for a in activities if a.level >= level and a.country in countries]
        rows.append(
            Row(
                key=level.name.lower(),
                value=Decimal(len({a.country for a in found})),
                records=links(a.record for a in found),
            )
        )
    return Indicator(
        key="funnel",
        value=rows[0].value,
        unit=Unit.COUNT,
        breakdown=Breakdown.LEVEL,
        rows=tuple(rows),
        records=rows[0].records,
    )


def newly_engaged(
    activities: Sequence[ActivityFact],
    first: Sequence[FirstActivity],
    countries: Mapping[str, CountryFact],
    period: Period,
) -> Indicator:
    """Countries engaged in the period that were never engaged before it (target ≥ 5)."""
    first_engaged = _first_days(first, Level.ENGAGED)
    new = {
        a.country
        for a in activities
        if a.level >= Level.ENGAGED
        and period.contains(a.day)
        and first_engaged.get(a.country, a.day) >= period.start
        and a.country in countries
    }
    evidence = [a.record for a in activities if a.country in new and a.level >= Level.ENGAGED]
    rows = _region_rows(countries, new)
    return Indicator(
        key="newly_engaged",
        value=Decimal(len(new)),
        target=Decimal(NEWLY_ENGAGED_TARGET),
        unit=Unit.COUNT,
        breakdown=Breakdown.REGION,
        rows=rows,
        records=links(evidence) + _country_links(countries, new),
        is_global_outcome=True,
    )


def support_growth(
    first: Sequence[FirstActivity],
    countries: Mapping[str, CountryFact],
    period: Period,
    baseline: date,
) -> Indicator:
    """Countries supported by the period end against those supported before the baseline
    date, in % (target +50 %); rows: countries supported per region, target 1.5 × baseline."""
    first_supported = _first_days(first, Level.SUPPORTED)
    before = {c for c, day in first_supported.items() if day < baseline and c in countries}
    now = {c for c, day in first_supported.items() if day <= period.end and c in countries}
    before_by, now_by = _by_region(countries, before), _by_region(countries, now)
    rows = tuple(
        Row(
            key=region.value,
            value=Decimal(len(now_by[region])),
            target=(Decimal(len(before_by[region])) * Decimal("1.5")).quantize(Decimal("0.1")),
            records=_country_links(countries, now_by[region]),
        )
        for region in Region
    )
    growth = percent(len(now) - len(before), len(before))
    return Indicator(
        key="support_growth",
        value=growth,
        target=SUPPORT_GROWTH_TARGET,
        unit=Unit.PERCENT,
        breakdown=Breakdown.REGION,
        rows=rows,
        records=_country_links(countries, now - before),
        is_global_outcome=True,
    )


def coverage(
    first: Sequence[FirstActivity], countries: Mapping[str, CountryFact], period: Period
) -> Indicator:
    """Share of each region's countries reached by the period end."""
    reached = {
        f.country
        for f in first
        if f.level == Level.REACHED and f.day <= period.end and f.country in countries
    }
    all_by, reached_by = _by_region(countries, countries), _by_region(countries, reached)
    rows = tuple(
        Row(
            key=region.value,
            value=percent(len(reached_by[region]), len(all_by[region])) or Decimal(0),
            records=_country_links(countries, reached_by[region]),
        )
        for region in Region
    )
    return Indicator(
        key="coverage",
        value=percent(len(reached), len(countries)),
        unit=Unit.PERCENT,
        breakdown=Breakdown.REGION,
        rows=rows,
        records=_country_links(countries, reached),
    )


def members_added(
    memberships: Sequence[MembershipFact], countries: Mapping[str, CountryFact], period: Period
) -> Indicator:
    """Member countries that joined in the period, per region (target +20 in each)."""
    joined = [m for m in memberships if m.counts and period.contains(m.joined_on)]
    evidence: dict[str, list[RecordLink]] = {}
    for m in joined:
        evidence.setdefault(m.country, []).append(m.record)
    by_region = _by_region(countries, evidence)
    rows = tuple(
        Row(
            key=region.value,
            value=Decimal(len(by_region[region])),
            target=Decimal(MEMBERS_ADDED_PER_REGION),
            records=links(r for c in by_region[region] for r in evidence[c]),
        )
        for region in Region
    )
    return Indicator(
        key="members_added",
        value=sum((r.value for r in rows), Decimal(0)),
        target=Decimal(MEMBERS_ADDED_PER_REGION * len(Region)),
        unit=Unit.COUNT,
        breakdown=Breakdown.REGION,
        rows=rows,
        records=links(r for row in rows for r in row.records),
        is_global_outcome=True,
    )


def members_at_end(
    memberships: Sequence[MembershipFact], countries: Mapping[str, CountryFact], period: Period
) -> tuple[Indicator, Indicator]:
    """Member countries on the last day, per region, and their growth since the day
    before the period (%)."""
    day_before = period.start - timedelta(days=1)
    at_end = {m.country for m in memberships if m.member_on(period.end) and m.country in countries}
    at_start = {
        m.country for m in memberships if m.member_on(day_before) and m.country in countries
    }
    end_by = _by_region(countries, at_end)
    rows = tuple(
        Row(
            key=region.value,
            value=Decimal(len(end_by[region])),
            records=links(
                m.record
                for m in memberships
                if m.country in end_by[region] and m.member_on(period.end)
            ),
        )
        for region in Region
    )
    evidence = links(r for row in rows for r in row.records)
    count = Indicator(
        key="members_at_end",
        value=Decimal(len(at_end)),
        unit=Unit.COUNT,
        breakdown=Breakdown.REGION,
        rows=rows,
        records=evidence,
    )
    growth = Indicator(
        key="members_growth",
        value=percent(len(at_end) - len(at_start), len(at_start)),
        unit=Unit.PERCENT,
        breakdown=Breakdown.REGION,
        rows=rows,
        records=evidence,
    )
    return count, growth


def _region_rows(
    countries: Mapping[str, CountryFact],
    codes: Collection[str],
) -> tuple[Row, ...]:
    by_region = _by_region(countries, codes)
    return tuple(
        Row(
            key=region.value,
            value=Decimal(len(by_region[region])),
            records=_country_links(countries, by_region[region]),
        )
        for region in Region
    )
