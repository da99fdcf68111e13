"""Places recorded in self-assessments: the answers to ``geopoint`` items, for the Atlas map.

A form may ask for a place (a pilot court, a treatment centre) with a ``geopoint`` item,
at the top level or inside a repeat group (one place per entry). Only the assessments
given against a form version that has such an item are read, so the cost follows the
assessments that can hold places, not the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.assessments import Answer, Assessment, GeopointAnswer
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.store.tables.field import AssessmentRow
from icati_desktop.store.tables.reference import FormDefinitionRow


@dataclass(frozen=True)
class RecordedPlace:
    """One place an assessment recorded."""

    assessment_id: str
    country: str
    assessed_on: str
    """ISO date of the assessment."""
    item: str
    """The geopoint item's name in the form."""
    label: str
    """The item's label in the asked language (the form's default language otherwise)."""
    entry: int | None
    """The repeat entry's position (1-based) when the item is inside a repeat group."""
    latitude: Decimal
    longitude: Decimal


def _label(form: FormDefinition, item: str, language: str) -> str:
    text = form.item(item).label
    for wanted in (language, form.default_language):
        if text.get(wanted):
            return text[wanted]
    return next((value for value in text.values() if value), item)


def _geopoint_items(form: FormDefinition) -> list[str]:
    return [item.name for _domain, item in form.items() if item.type is ItemType.GEOPOINT]


def _forms_with_places(session: Session) -> dict[tuple[str, str], FormDefinition]:
    found: dict[tuple[str, str], FormDefinition] = {}
    for data in session.scalars(select(FormDefinitionRow.data)):
        form = FormDefinition.model_validate(json.loads(data))
        if _geopoint_items(form):
            found[(form.form_id, form.version)] = form
    return found


def _points(assessment: Assessment, item: str) -> list[tuple[int | None, Answer]]:
    found: list[tuple[int | None, Answer]] = [(None, assessment.answer(item))]
    for entries in assessment.repeats.values():
        for position, entry in enumerate(entries, start=1):
            if item in entry.answers:
                found.append((position, entry.answers[item]))
    return found


def recorded_places(
    session: Session, language: str, country: str | None = None
) -> list[RecordedPlace]:
    """Every place recorded in the store's assessments (of ``country`` only, when given),
    by country, then assessment date, then the form's order."""
    forms = _forms_with_places(session)
    if not forms:
        return []
    query = select(AssessmentRow).where(
        or_(
            *(
                and_(AssessmentRow.form_id == form_id, AssessmentRow.form_version == version)
                for form_id, version in forms
            )
        )
    )
    if country is not None:
        query = query.where(AssessmentRow.country == country)
    query = query.order_by(AssessmentRow.country, AssessmentRow.assessed_on, AssessmentRow.id)
    places: list[RecordedPlace] = []
    for row in session.scalars(query):
        assessment = Assessment.model_validate(json.loads(row.data))
        form = forms[(assessment.form_id, assessment.form_version)]
        for item in _geopoint_items(form):
            for entry, answer in _points(assessment, item):
                if isinstance(answer.value, GeopointAnswer):
                    places.append(
                        RecordedPlace(
                            assessment_id=row.id,
                            country=assessment.country,
                            assessed_on=assessment.assessed_on.isoformat(),
                            item=item,
                            label=_label(form, item, language),
                            entry=entry,
                            latitude=answer.value.latitude,
                            longitude=answer.value.longitude,
                        )
                    )
    return places


__all__ = ["RecordedPlace", "recorded_places"]
