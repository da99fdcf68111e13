"""Network sessions and their participants, monthly meetings, the email network, training."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from icati_desktop.domain.countries import Region
from icati_desktop.domain.indicators.facts import (
    Attendance,
    ConsentFact,
    CountryFact,
    EventFact,
    RecordLink,
    RosterFact,
)
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.results import Breakdown, Indicator, Row, Unit, links, percent

NETWORK_MEETING = "network_meeting"
TRAINING = "training"
EMAIL_NETWORK_TARGET = 200
RETAINED_SESSIONS = 2


def _person(person_id: str) -> RecordLink:
    return RecordLink("person", person_id)


def network_sessions(events: Sequence[EventFact], period: Period) -> Indicator:
    """Events held in the period, per kind."""
    held = [e for e in events if period.contains(e.day)]
    kinds = sorted({e.kind for e in held})
    rows = tuple(
        Row(
            key=kind,
            value=Decimal(sum(1 for e in held if e.kind == kind)),
            records=links(e.record for e in held if e.kind == kind),
        )
        for kind in kinds
    )
    return Indicator(
        key="network_sessions",
        value=Decimal(len(held)),
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=rows,
        records=links(e.record for e in held),
    )


def participation(
    events: Sequence[EventFact], countries: Mapping[str, CountryFact], period: Period
) -> tuple[Indicator, Indicator, Indicator]:
    """Unique named participants (per region), countries represented (per region), and
    retention: the share of unique participants who attended at least two sessions."""
    sessions: dict[str, int] = {}
    country_of: dict[str, str | None] = {}
    represented: dict[str, list[RecordLink]] = {}
    for event in events:
        if not period.contains(event.day):
            continue
        for entry in event.participants:
            if entry.country is not None:
                represented.setdefault(entry.country, []).append(event.record)
            if entry.person_id is not None:
                sessions[entry.person_id] = sessions.get(entry.person_id, 0) + 1
                country_of.setdefault(entry.person_id, entry.country)
    people_rows = _per_region(countries, country_of, _person)
    unique = Indicator(
        key="unique_participants",
        value=Decimal(len(sessions)),
        unit=Unit.COUNT,
        breakdown=Breakdown.REGION,
        rows=people_rows,
        records=links(_person(p) for p in sessions),
    )
    country_rows = _per_region(
        countries, {c: c for c in represented}, lambda c: countries[c].record
    )
    countries_indicator = Indicator(
        key="countries_represented",
        value=Decimal(len([c for c in represented if c in countries])),
        unit=Unit.COUNT,
        breakdown=Breakdown.REGION,
        rows=country_rows,
        records=links(r for row in country_rows for r in row.records),
    )
    kept = [p for p, n in sessions.items() if n >= RETAINED_SESSIONS]
    retention = Indicator(
        key="retention",
        value=percent(len(kept), len(sessions)),
        unit=Unit.PERCENT,
        breakdown=Breakdown.KIND,
        rows=(
            Row(key="retained", value=Decimal(len(kept)), records=links(map(_person, kept))),
            Row(key="once", value=Decimal(len(sessions) - len(kept))),
        ),
        records=links(map(_person, kept)),
    )
    return unique, countries_indicator, retention


def _per_region(
    countries: Mapping[str, CountryFact],
    country_of: Mapping[str, str | None],
    link: Callable[[str], RecordLink],
) -> tuple[Row, ...]:
    rows = []
    for region in Region:
        keys = [
            k
            for k, c in country_of.items()
            if c is not None and c in countries and countries[c].region is region
        ]
        rows.append(Row(key=region.value, value=Decimal(len(keys)), records=links(map(link, keys))))
    return tuple(rows)


def monthly_meetings(events: Sequence[EventFact], period: Period) -> Indicator:
    """Months of the period in which a network meeting was held (target: every month)."""
    months = period.months()
    rows = tuple(
        Row(
            key=month,
            value=Decimal(
                len(
                    held := [
                        e
                        for e in events
                        if e.kind == NETWORK_MEETING
                        and period.contains(e.day)
                        and e.day.isoformat()[:7] == month
                    ]
                )
            ),
            target=Decimal(1),
            records=links(e.record for e in held),
        )
        for month in months
    )
    return Indicator(
        key="monthly_meetings",
        value=Decimal(sum(1 for r in rows if r.value > 0)),
        target=Decimal(len(months)),
        unit=Unit.COUNT,
        breakdown=Breakdown.MONTH,
        rows=rows,
        records=links(r for row in rows for r in row.records),
        is_global_outcome=True,
    )


def email_network(
    consents: Sequence[ConsentFact], countries: Mapping[str, CountryFact], period: Period
) -> Indicator:
    """People whose network-mailings consent is in force on the last day (target ≥ 200).
    A withdrawn consent stops counting on the day it was withdrawn."""
    active = [c for c in consents if c.active_on(period.end)]
    country_of = {c.person_id: c.country for c in active}
    return Indicator(
        key="email_network",
        value=Decimal(len(country_of)),
        target=Decimal(EMAIL_NETWORK_TARGET),
        unit=Unit.COUNT,
        breakdown=Breakdown.REGION,
        rows=_per_region(countries, country_of, _person),
        records=links(_person(p) for p in country_of),
        is_global_outcome=True,
    )


def people_trained(
    events: Sequence[EventFact], period: Period
) -> tuple[Indicator, Indicator, Indicator]:
    """People trained in the period's trainings, per curriculum, sector and country. A
    named person counts once per row; unnamed attendees are added as counted."""
    trainings = [e for e in events if e.kind == TRAINING and period.contains(e.day)]

    def tally(
        key_of: Callable[[EventFact, Attendance], str | None], key: str, by: Breakdown
    ) -> Indicator:
        named: dict[str, set[str]] = {}
        unnamed: dict[str, int] = {}
        records: dict[str, list[RecordLink]] = {}
        for event in trainings:
            for entry in event.participants:
                row_key = key_of(event, entry) or ""
                records.setdefault(row_key, []).append(event.record)
                if entry.person_id is not None:
                    named.setdefault(row_key, set()).add(entry.person_id)
                else:
                    unnamed[row_key] = unnamed.get(row_key, 0) + entry.count
        rows = tuple(
            Row(
                key=k,
                value=Decimal(len(named.get(k, ())) + unnamed.get(k, 0)),
                records=links(records[k]) + links(map(_person, named.get(k, ()))),
            )
            for k in sorted(records)
        )
        people = {p for ids in named.values() for p in ids}
        total = len(people) + sum(unnamed.values())
        return Indicator(
            key=key,
            value=Decimal(total),
            unit=Unit.COUNT,
            breakdown=by,
            rows=rows,
            records=links(e.record for e in trainings),
        )

    return (
        tally(lambda e, _a: e.curriculum_id, "trained_per_curriculum", Breakdown.CURRICULUM),
        tally(lambda _e, a: a.sector, "trained_per_sector", Breakdown.SECTOR),
        tally(lambda _e, a: a.country, "trained_per_country", Breakdown.COUNTRY),
    )


def trainers_certified(rosters: Sequence[RosterFact], period: Period) -> Indicator:
    """ATI Global Trainers certified in the period; rows: in the period, and all
    certified trainers on the last day."""
    trainers = [
        r for r in rosters if r.roster == "trainer" and r.status == "certified" and r.certified_on
    ]
    new = [r for r in trainers if r.certified_on and period.contains(r.certified_on)]
    total = [r for r in trainers if r.certified_on and r.certified_on <= period.end]
    return Indicator(
        key="trainers_certified",
        value=Decimal(len(new)),
        unit=Unit.COUNT,
        breakdown=Breakdown.KIND,
        rows=(
            Row(key="in_period", value=Decimal(len(new)), records=links(r.record for r in new)),
            Row(key="total", value=Decimal(len(total)), records=links(r.record for r in total)),
        ),
        records=links(r.record for r in new),
    )
