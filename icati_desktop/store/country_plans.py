"""A country's action plan written when something needs one and the country has none."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

from icati_desktop.domain.action_plans import ActionPlan
from icati_desktop.i18n import _
from icati_desktop.store.records import write_version
from icati_desktop.store.store import Store, WriteTransaction


def draft_country_plan(country: str, today: date, assessment_id: str | None = None) -> ActionPlan:
    """The draft plan a country gets when something needs one: a year from ``today``."""
    return ActionPlan(
        country=country,
        title=_("ATI action plan, {country}").format(country=country),
        period_start=today,
        period_end=today + timedelta(days=365),
        assessment_id=UUID(assessment_id) if assessment_id else None,
    )


def new_country_plan(
    tx: WriteTransaction,
    store: Store,
    country: str,
    today: date,
    assessment_id: str | None = None,
) -> str:
    """Write a draft plan for ``country`` covering a year from ``today``; its record id."""
    plan_id = str(uuid4())
    write_version(
        tx,
        store,
        record_type=ActionPlan.record_type,
        record_id=plan_id,
        parents=[],
        payload=draft_country_plan(country, today, assessment_id),
    )
    return plan_id


__all__ = ["draft_country_plan", "new_country_plan"]
