"""Database jobs of the Meetings section (run on the database thread, plain values out)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from icati_desktop.domain.meetings import Meeting
from icati_desktop.reports.form_text import domain_name
from icati_desktop.reports.meetings_export import export_meetings, meetings_to_export
from icati_desktop.store.atlas import country_phases
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.forms import get_form, list_forms
from icati_desktop.store.meeting_writes import load_meeting
from icati_desktop.store.meetings import (
    AttendanceView,
    MeetingFilter,
    MeetingPage,
    MeetingSort,
    PersonChoice,
    attendee_views,
    directory_choices,
    query_meetings,
)
from icati_desktop.store.records import RecordView
from icati_desktop.store.store import Store

PAGE_SIZE = 200
T = TypeVar("T")
Job = Callable[[Store], T]


def today(store: Store) -> date:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC).date()


def page_job(flt: MeetingFilter, sort: MeetingSort, offset: int) -> Job[MeetingPage]:
    def job(store: Store) -> MeetingPage:
        with store.read() as session:
            return query_meetings(session, flt, sort=sort, offset=offset, limit=PAGE_SIZE)

    return job


@dataclass(frozen=True)
class Vocabulary:
    """What the filters and the editor offer: countries and assessment domains."""

    countries: list[CountryChoice]
    domains: list[tuple[str, str]]
    """(code, name in the UI language) of the newest assessment form's domains."""
    phases: dict[str, int]
    """Each country's phase now (its latest assessment's, or the override)."""


def vocabulary_job(language: str) -> Job[Vocabulary]:
    def job(store: Store) -> Vocabulary:
        countries = country_choices(store)
        with store.read() as session:
            forms = list_forms(session)
            domains: list[tuple[str, str]] = []
            if forms:
                form = get_form(session, forms[-1].form_id)
                domains = [(d.code, domain_name(d.code, form, language)) for d in form.domains]
            phases = country_phases(session)
        return Vocabulary(countries, domains, phases)

    return job


@dataclass(frozen=True)
class OpenedMeeting:
    view: RecordView[Meeting]
    attendance: AttendanceView


def open_job(record_id: str) -> Job[OpenedMeeting]:
    def job(store: Store) -> OpenedMeeting:
        view = load_meeting(store, record_id)
        with store.read() as session:
            return OpenedMeeting(view, attendee_views(session, view.payload, today(store)))

    return job


def directory_job(country: str | None) -> Job[list[PersonChoice]]:
    def job(store: Store) -> list[PersonChoice]:
        with store.read() as session:
            return directory_choices(session, country, today(store))

    return job


def export_job(flt: MeetingFilter, path: Path, language: str) -> Job[int]:
    def job(store: Store) -> int:
        with store.read() as session:
            entries = meetings_to_export(session, flt, today=today(store), language=language)
        export_meetings(entries, path, language=language)
        return len(entries)

    return job
