"""Database jobs of the Events section (run on the database thread, plain values out)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from icati_desktop.domain.event_series import EventSeries
from icati_desktop.domain.network import NetworkEvent
from icati_desktop.reports.events_export import export_events
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.event_writes import load_event, save_event
from icati_desktop.store.events import (
    EventAttendee,
    EventFilter,
    EventPage,
    event_attendees,
    event_languages,
    events_for_export,
    query_events,
    recording_choices,
    shipped_series,
)
from icati_desktop.store.meetings import PersonChoice, directory_choices
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.records import RecordView, may_write
from icati_desktop.store.store import Store

T = TypeVar("T")
Job = Callable[[Store], T]


def today(store: Store) -> date:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC).date()


def page_job(flt: EventFilter, request: PageRequest, total: int | None) -> Job[EventPage]:
    def job(store: Store) -> EventPage:
        with store.read() as session:
            return query_events(session, flt, request, total=total)

    return job


@dataclass(frozen=True)
class Vocabulary:
    """What the filters and the editor offer."""

    countries: list[CountryChoice]
    languages: list[str]
    recordings: list[tuple[str, str]]
    """(resource id, title) of the library's webinars."""
    people: list[PersonChoice]
    """People of the directory whose consent is active today."""
    series: list[EventSeries]
    """The recurring series shipped as defaults, to start a new event from."""
    may_edit: bool = False
    """Whether this device records events (the central office does; laptops read them)."""


def vocabulary_job(language: str) -> Job[Vocabulary]:
    def job(store: Store) -> Vocabulary:
        countries = country_choices(store)
        with store.read() as session:
            return Vocabulary(
                countries,
                list(event_languages(session)),
                recording_choices(session, language),
                directory_choices(session, None, today(store)),
                shipped_series(),
                may_edit=may_write(session, NetworkEvent.record_type),
            )

    return job


@dataclass(frozen=True)
class OpenedEvent:
    view: RecordView[NetworkEvent]
    attendees: list[EventAttendee]


def open_job(record_id: str) -> Job[OpenedEvent]:
    def job(store: Store) -> OpenedEvent:
        view = load_event(store, record_id)
        with store.read() as session:
            return OpenedEvent(view, event_attendees(session, view.payload, today(store)))

    return job


def save_job(
    event: NetworkEvent, record_id: str | None, base_leaves: Collection[str] | None
) -> Job[OpenedEvent]:
    def job(store: Store) -> OpenedEvent:
        view = save_event(store, event, record_id, base_leaves)
        with store.read() as session:
            return OpenedEvent(view, event_attendees(session, view.payload, today(store)))

    return job


def export_job(
    flt: EventFilter | None, record_id: str | None, path: Path, language: str
) -> Job[int]:
    """The events ``flt`` lists, or the one event ``record_id``, to ``path``."""

    def job(store: Store) -> int:
        if record_id is not None:
            entries = [(record_id, load_event(store, record_id).payload)]
        else:
            with store.read() as session:
                entries = events_for_export(session, flt or EventFilter())
        export_events(entries, path, language=language)
        return len(entries)

    return job
