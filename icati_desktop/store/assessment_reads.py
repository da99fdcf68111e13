"""Reading self-assessments: the list, one assessment with its form, its scored result,
and the stakeholders a workshop can name as participants.

Plain functions over a read :class:`~sqlalchemy.orm.Session`; the GUI calls them on its
database worker thread, the CLI inside ``store.read()``. The result is computed when
asked, from the stored answers and the form version they were given against: only the
phase computed at submission is stored (``computed_phase``), so lists can show and
filter it without scoring every assessment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.assessments import Assessment, AssessmentStatus
from icati_desktop.domain.form_engine import relevant_items
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.scoring import AssessmentResult, TaggedResource, score_assessment
from icati_desktop.i18n import _
from icati_desktop.store.assessment_answers import repeat_group_of
from icati_desktop.store.forms import get_form
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.tables.directory import OrganisationRow, PersonRow
from icati_desktop.store.tables.field import AssessmentRow
from icati_desktop.store.tables.reference import CountryRow, ResourceRow

DEFAULT_FORM_ID = "ati-self-assessment"
"""The form used when none is named: the Country ATI Self-assessment shipped by HQ."""


class AssessmentSummary(BaseModel):
    record_id: str
    country: str
    assessed_on: date
    form_id: str
    form_version: str
    status: AssessmentStatus
    phase: int | None
    """The phase shown: the expert's override, else the computed phase — on submission,
    or for a draft from its answers so far (then ``provisional``)."""
    computed_phase: int | None
    overridden: bool
    provisional: bool = False
    """The phase is a draft's, computed from the answers so far: it moves as they change."""
    answered: int
    """Relevant top-level items with an answer ("don't know" counts as an answer)."""
    total: int


class Stakeholder(BaseModel):
    """Someone (or an organisation) of the country who can take part in a workshop."""

    record_id: str
    kind: str
    """``person`` or ``organisation``."""
    name: str
    organisation: str
    role: str
    sector: str | None


def require_country(session: Session, alpha3: str) -> str:
    """The country code, upper-cased, if the store knows that country."""
    code = alpha3.strip().upper()
    if session.scalar(select(CountryRow.id).where(CountryRow.alpha3 == code)) is None:
        raise ValueError(
            _(
                "{code!r} is not the ISO alpha-3 code of a country on this device (e.g. KEN, COL)"
            ).format(code=alpha3)
        )
    return code


def _row(session: Session, assessment_id: str) -> AssessmentRow:
    row = session.get(AssessmentRow, str(assessment_id))
    if row is None:
        raise RecordNotFound(
            _("no assessment {id} on this device; `icati assessment list` shows them").format(
                id=assessment_id
            )
        )
    return row


def load(session: Session, assessment_id: str | UUID) -> tuple[Assessment, FormDefinition]:
    """An assessment and the form version its answers were given against."""
    row = _row(session, str(assessment_id))
    assessment = Assessment.model_validate(json.loads(row.data))
    return assessment, get_form(session, assessment.form_id, assessment.form_version)


def top_level_items(form: FormDefinition) -> list[str]:
    """Answerable items outside repeat groups, in form order."""
    return [
        item.name
        for _domain, item in form.items()
        if item.type is not ItemType.NOTE and repeat_group_of(form, item.name) is None
    ]


def answered_counts(
    form: FormDefinition, assessment: Assessment, relevant: frozenset[str] | None = None
) -> tuple[int, int]:
    """(answered, total) over the relevant top-level items."""
    if relevant is None:
        relevant = relevant_items(form, assessment)
    names = [name for name in top_level_items(form) if name in relevant]
    answered = sum(1 for name in names if assessment.answer(name).value is not None)
    return answered, len(names)


def list_assessments(session: Session, country: str | None = None) -> list[AssessmentSummary]:
    """Assessments, newest first (by date, then id), optionally of one country."""
    query = select(AssessmentRow).order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.id)
    if country is not None:
        query = query.where(AssessmentRow.country == country.strip().upper())
    forms: dict[tuple[str, str], FormDefinition | None] = {}
    summaries = []
    for row in session.scalars(query):
        assessment = Assessment.model_validate(json.loads(row.data))
        key = (row.form_id, row.form_version)
        if key not in forms:
            try:
                forms[key] = get_form(session, *key)
            except RecordNotFound:
                forms[key] = None  # the form version has not arrived yet
        form = forms[key]
        summaries.append(_summary(row, assessment, form))
    return summaries


def _summary(
    row: AssessmentRow, assessment: Assessment, form: FormDefinition | None
) -> AssessmentSummary:
    status = AssessmentStatus(row.status)
    computed, provisional = row.computed_phase, False
    if form is None:  # its form version has not arrived yet: nothing to compute with
        answered, total = len(assessment.answers), 0
        if status is AssessmentStatus.DRAFT:
            computed = None
    else:
        relevant = relevant_items(form, assessment)
        answered, total = answered_counts(form, assessment, relevant)
        if status is AssessmentStatus.DRAFT:
            # A draft's phase as its answers give it now (what Results shows), provisional.
            computed = score_assessment(form, assessment, relevant=relevant).phase.computed
            provisional = assessment.phase_override is None
    override = assessment.phase_override
    return AssessmentSummary(
        record_id=row.id,
        country=row.country,
        assessed_on=row.assessed_on,
        form_id=row.form_id,
        form_version=row.form_version,
        status=status,
        phase=override.phase if override else computed,
        computed_phase=computed,
        overridden=override is not None,
        provisional=provisional,
        answered=answered,
        total=total,
    )


def tagged_resources(session: Session) -> list[TaggedResource]:
    """Every live library resource with its topics, for the advice's recommendations."""
    resources = []
    for row in session.scalars(select(ResourceRow).order_by(ResourceRow.id)):
        data = json.loads(row.data)
        resources.append(
            TaggedResource(id=row.id, title=data["title"], tags=frozenset(data.get("topics", ())))
        )
    return resources


def score(session: Session, form: FormDefinition, assessment: Assessment) -> AssessmentResult:
    return score_assessment(
        form,
        assessment,
        relevant=relevant_items(form, assessment),
        resources=tagged_resources(session),
    )


def result(session: Session, assessment_id: str | UUID) -> AssessmentResult:
    """Domain scores, data gaps, phase with its reasons, and advice of one assessment."""
    assessment, form = load(session, assessment_id)
    return score(session, form, assessment)


def stakeholders(session: Session, country: str) -> list[Stakeholder]:
    """People and organisations of the country, by name: who can be named a participant."""
    code = country.strip().upper()
    found: list[Stakeholder] = []
    people: Iterable[PersonRow] = session.scalars(
        select(PersonRow).where(PersonRow.country == code)
    )
    found += [
        Stakeholder(
            record_id=p.id,
            kind="person",
            name=p.display_name,
            organisation=p.organisation_name,
            role=p.role,
            sector=p.sector,
        )
        for p in people
    ]
    organisations: Iterable[OrganisationRow] = session.scalars(
        select(OrganisationRow).where(OrganisationRow.country == code)
    )
    found += [
        Stakeholder(
            record_id=o.id,
            kind="organisation",
            name=o.name,
            organisation="",
            role="",
            sector=o.sector,
        )
        for o in organisations
    ]
    return sorted(found, key=lambda s: (s.name.casefold(), s.record_id))


def known_participants(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of the ids are live people or organisations."""
    wanted = list(ids)
    if not wanted:
        return set()
    people = set(session.scalars(select(PersonRow.id).where(PersonRow.id.in_(wanted))))
    orgs = set(session.scalars(select(OrganisationRow.id).where(OrganisationRow.id.in_(wanted))))
    return people | orgs
