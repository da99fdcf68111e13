"""Database jobs of the Action plans section (run on the database thread, plain values out)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus
from icati_desktop.reports.form_text import domain_name
from icati_desktop.store.action_items import (
    ItemFilter,
    ItemPage,
    PlanSummary,
    country_plans,
    query_items,
    status_counts,
)
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.records import RecordView
from icati_desktop.store.store import Store

T = TypeVar("T")
Job = Callable[[Store], T]
_EARLIEST = date(1900, 1, 1)
TIMELINE_LIMIT = 300
"""Items a timeline draws at most (the first by due date); the rest is counted."""


def page_job(flt: ItemFilter, request: PageRequest, total: int | None) -> Job[ItemPage]:
    def job(store: Store) -> ItemPage:
        with store.read() as session:
            return query_items(session, flt, request, total=total)

    return job


@dataclass(frozen=True)
class Vocabulary:
    """What the pickers offer: countries and the newest assessment form's domains."""

    countries: list[CountryChoice]
    domains: list[tuple[str, str]]
    """(code, name in the UI language)."""


def vocabulary_job(language: str) -> Job[Vocabulary]:
    def job(store: Store) -> Vocabulary:
        from icati_desktop.store.forms import get_form, list_forms

        countries = country_choices(store)
        with store.read() as session:
            forms = list_forms(session)
            domains: list[tuple[str, str]] = []
            if forms:
                form = get_form(session, forms[-1].form_id)
                domains = [(d.code, domain_name(d.code, form, language)) for d in form.domains]
        return Vocabulary(countries, domains)

    return job


@dataclass(frozen=True)
class CountryState:
    """A country's plans and its items per status (every country's with ``None``)."""

    country: str | None
    plans: list[PlanSummary]
    counts: dict[str, int]
    overdue: int


def country_job(country: str | None, today_filter: ItemFilter) -> Job[CountryState]:
    def job(store: Store) -> CountryState:
        with store.read() as session:
            plans = country_plans(session, country)
            counts = status_counts(session, today_filter)
            late = today_filter.model_copy(update={"overdue_only": True})
            overdue = sum(status_counts(session, late).values())
        return CountryState(country, plans, counts, overdue)

    return job


def timeline_job(flt: ItemFilter) -> Job[ItemPage]:
    """The first items by due date, for the timeline (undated ones are not drawn)."""

    def job(store: Store) -> ItemPage:
        dated = flt.model_copy(update={"due_from": flt.due_from or _EARLIEST})
        with store.read() as session:
            return query_items(session, dated, PageRequest("due", limit=TIMELINE_LIMIT))

    return job


def open_job(record_id: str) -> Job[RecordView[ActionItem]]:
    def job(store: Store) -> RecordView[ActionItem]:
        from icati_desktop.store.action_writes import load_item

        return load_item(store, record_id)

    return job


def save_job(
    item: ActionItem | None,
    record_id: str | None,
    leaves: Collection[str] | None,
    *,
    country: str | None = None,
    draft: dict[str, object] | None = None,
    status: ActionItemStatus | None = None,
) -> Job[RecordView[ActionItem]]:
    """Save an edited item (in ``status``, closing or reopening it on the store's today);
    a new one (``item`` None) is built from ``draft`` in the country's current plan (a new
    draft plan when it has none)."""

    def job(store: Store) -> RecordView[ActionItem]:
        from icati_desktop.store.action_writes import current_plan, save_item, today_of, with_status

        payload = item
        if payload is None:
            if country is None or draft is None:
                raise ValueError("a new action item needs its country and its fields")
            plan = draft.get("action_plan_id") or current_plan(store, country)
            payload = ActionItem.model_validate(
                {**draft, "action_plan_id": plan, "country": country}
            )
        if status is not None and status is not payload.status:
            payload = with_status(payload, status, today_of(store))
        return save_item(store, payload, record_id, leaves)

    return job


def status_job(record_id: str, status: ActionItemStatus) -> Job[RecordView[ActionItem]]:
    def job(store: Store) -> RecordView[ActionItem]:
        from icati_desktop.store.action_writes import set_status

        return set_status(store, record_id, status)

    return job


def note_job(record_id: str, text: str) -> Job[RecordView[ActionItem]]:
    def job(store: Store) -> RecordView[ActionItem]:
        from icati_desktop.store.action_writes import add_progress_note

        return add_progress_note(store, record_id, text)

    return job


def goal_job(plan_id: str | None, country: str, title: str) -> Job[str]:
    """Add a goal to the plan (the country's current plan when none is chosen); its id."""

    def job(store: Store) -> str:
        from icati_desktop.store.action_writes import add_goal, current_plan

        plan = plan_id or current_plan(store, country)
        add_goal(store, plan, title)
        return plan

    return job


@dataclass(frozen=True)
class OwnerChoice:
    name: str
    person_id: str | None
    """A directory person's id (``None`` for an institution)."""
    detail: str


def owners_job(country: str | None) -> Job[list[OwnerChoice]]:
    """People of the country who consented to be listed, and its institutions."""

    def job(store: Store) -> list[OwnerChoice]:
        from icati_desktop.store.action_writes import today_of
        from icati_desktop.store.meetings import directory_choices
        from icati_desktop.store.people import organisations

        with store.read() as session:
            people = directory_choices(session, country, today_of(store))
        choices = [
            OwnerChoice(p.name, p.person_id, ", ".join(x for x in (p.role, p.institution) if x))
            for p in people
        ]
        choices += [OwnerChoice(name, None, "") for _id, name in organisations(store, country)]
        return choices

    return job


def resources_job(country: str, linked: list[str], language: str) -> Job[list[tuple[str, str]]]:
    def job(store: Store) -> list[tuple[str, str]]:
        from icati_desktop.store.action_items import resource_choices

        with store.read() as session:
            return resource_choices(session, country, linked, language)

    return job


def export_job(flt: ItemFilter, path: Path, language: str) -> Job[int]:
    def job(store: Store) -> int:
        from icati_desktop.reports.actions_export import export_items, items_to_export

        with store.read() as session:
            entries = items_to_export(session, flt, language=language)
        export_items(entries, path, language=language)
        return len(entries)

    return job


def today_job(store: Store) -> date:
    from icati_desktop.store.action_writes import today_of

    return today_of(store)
