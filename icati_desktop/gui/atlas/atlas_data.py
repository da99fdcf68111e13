"""The database jobs behind the Atlas page (they run on the database thread)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from icati_desktop.reports.atlas_export import export_initiatives
from icati_desktop.store.atlas import (
    InitiativeFilter,
    country_phases,
    initiative_counts,
    initiatives_for_export,
)
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.store import Store


class AtlasSnapshot(BaseModel):
    """What the map shows, read in one transaction (the list pages itself: its model)."""

    counts: dict[str, int]
    """Initiatives per country under the filters, except the chosen country."""
    phases: dict[str, int]
    countries: list[CountryChoice] | None = None
    """The country list, when it was asked for (first load, or countries changed)."""


def snapshot_job(store: Store, flt: InitiativeFilter, with_countries: bool) -> AtlasSnapshot:
    with store.read() as session:
        counts = initiative_counts(session, flt.model_copy(update={"country": None}))
        phases = country_phases(session)
    countries = country_choices(store) if with_countries else None
    return AtlasSnapshot(counts=counts, phases=phases, countries=countries)


def export_job(store: Store, flt: InitiativeFilter, path: Path) -> int:
    """Write the initiatives the filter lists to ``path`` (.csv or .geojson); how many."""
    with store.read() as session:
        rows = initiatives_for_export(session, flt)
    export_initiatives(rows, path)
    return len(rows)
