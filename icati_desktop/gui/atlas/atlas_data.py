"""The database jobs behind the Atlas page (they run on the database thread)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from icati_desktop.domain.assessments import GeopointAnswer
from icati_desktop.gui.atlas.place_layer import MapPlace
from icati_desktop.i18n import _, format_date
from icati_desktop.reports.atlas_export import export_initiatives
from icati_desktop.reports.form_text import geopoint_text
from icati_desktop.store.atlas import (
    InitiativeFilter,
    country_phases,
    initiative_counts,
    initiatives_for_export,
)
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.places import RecordedPlace, recorded_places
from icati_desktop.store.store import Store


class AtlasSnapshot(BaseModel):
    """What the map shows, read in one transaction (the list pages itself: its model)."""

    counts: dict[str, int]
    """Initiatives per country under the filters, except the chosen country."""
    phases: dict[str, int]
    countries: list[CountryChoice] | None = None
    """The country list, when it was asked for (first load, or countries changed)."""
    places: list[RecordedPlace] = []
    """The places assessments recorded (geopoint answers), labelled in ``language``."""


def snapshot_job(
    store: Store, flt: InitiativeFilter, with_countries: bool, language: str
) -> AtlasSnapshot:
    with store.read() as session:
        counts = initiative_counts(session, flt.model_copy(update={"country": None}))
        phases = country_phases(session)
        places = recorded_places(session, language)
    countries = country_choices(store) if with_countries else None
    return AtlasSnapshot(counts=counts, phases=phases, countries=countries, places=places)


def map_places(places: Sequence[RecordedPlace], names: Mapping[str, str]) -> list[MapPlace]:
    """Pins for the map, each told as "Kenya — Probation office, 4 Mar 2026: -1.29°, 36.82°"."""
    shown = []
    for place in places:
        what = place.label
        if place.entry is not None:
            what = _("{item} (entry {n})").format(item=what, n=place.entry)
        where = geopoint_text(GeopointAnswer(latitude=place.latitude, longitude=place.longitude))
        text = _("{country} — {item}, {date}: {where}").format(
            country=names.get(place.country, place.country),
            item=what,
            date=format_date(date.fromisoformat(place.assessed_on)),
            where=where,
        )
        shown.append(
            MapPlace(
                latitude=float(place.latitude),
                longitude=float(place.longitude),
                text=text,
                assessment_id=place.assessment_id,
                country=place.country,
            )
        )
    return shown


def export_job(store: Store, flt: InitiativeFilter, path: Path) -> int:
    """Write the initiatives the filter lists to ``path`` (.csv or .geojson); how many."""
    with store.read() as session:
        rows = initiatives_for_export(session, flt)
    export_initiatives(rows, path)
    return len(rows)
