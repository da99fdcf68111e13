"""The words people read for the codes the store keeps: record types, fields, enum values.

Qt-free, so the history, the audit export, the CLI and the GUI name things alike. Labels
are marked with :func:`~icati_desktop.i18n.N_` and translated where they are shown;
a code without a label (from a newer version) is shown tidied, never as raw JSON.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from icati_desktop.domain.assessments import AssessmentStatus
from icati_desktop.domain.atlas import InitiativeModel, InitiativeStatus
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.countries import Region
from icati_desktop.domain.library import CurriculumStatus, Level, ResourceType
from icati_desktop.i18n import N_, _, current_language
from icati_desktop.store.type_labels import (
    PHASE_LABELS,
    RECORD_TYPE_LABELS,
    RECORD_TYPE_NAMES,
    phase_label,
    record_type_label,
    record_type_name,
)

__all__ = [
    "PHASE_LABELS",
    "RECORD_TYPE_LABELS",
    "RECORD_TYPE_NAMES",
    "phase_label",
    "record_type_label",
    "record_type_name",
]


TYPE_LABELS = {
    "guide": N_("Guide"),
    "brief": N_("Brief"),
    "study": N_("Study"),
    "research": N_("Research"),
    "data": N_("Data"),
    "best_practice": N_("Best practice"),
    "case_study": N_("Case study"),
    "success_story": N_("Success story"),
    "webinar": N_("Webinar"),
    "curriculum": N_("Curriculum"),
    "tool": N_("Tool"),
    "quality_indicator": N_("Quality indicator"),
}

LEVEL_LABELS = {
    "basic": N_("Basic"),
    "intermediate": N_("Intermediate"),
    "advanced": N_("Advanced"),
}

TOPIC_LABELS = {
    "assessment": N_("Assessment"),
    "atlas": N_("ATI Atlas"),
    "basics": N_("Basics"),
    "ccm": N_("Case and care management"),
    "continuum": N_("Justice continuum"),
    "core": N_("Core reading"),
    "dtc": N_("Drug treatment courts"),
    "europe": N_("Europe"),
    "global": N_("Global"),
    "legal": N_("Legal framework"),
    "m-and-e": N_("Monitoring and evaluation"),
    "models": N_("ATI models"),
    "planning": N_("Planning"),
    "pre-arrest": N_("Pre-arrest deflection"),
    "reading": N_("Reading lists"),
    "readiness": N_("Readiness"),
    "rights": N_("Human rights"),
    "standards": N_("Standards"),
    "training": N_("Training"),
    "training-policy": N_("Training for policy makers"),
    "treatment": N_("Treatment"),
    "webinar": N_("Webinars"),
    "women": N_("Women"),
}

MODEL_LABELS: dict[str, str] = {
    InitiativeModel.DRUG_TREATMENT_COURT: N_("Drug treatment court"),
    InitiativeModel.DEFLECTION: N_("Deflection"),
    InitiativeModel.DIVERSION: N_("Diversion"),
    InitiativeModel.PROBATION_BASED_TREATMENT: N_("Probation-based treatment"),
    InitiativeModel.POLICE_REFERRAL: N_("Police referral"),
    InitiativeModel.PRISON_BASED_TREATMENT: N_("Prison-based treatment"),
    InitiativeModel.REENTRY: N_("Re-entry"),
    InitiativeModel.OTHER: N_("Other model"),
}

STATUS_LABELS: dict[str, str] = {
    InitiativeStatus.PLANNED: N_("Planned"),
    InitiativeStatus.PILOT: N_("Pilot"),
    InitiativeStatus.OPERATIONAL: N_("Operational"),
    InitiativeStatus.EXPANDED: N_("Expanded"),
    InitiativeStatus.CLOSED: N_("Closed"),
}

STAGE_LABELS: dict[str, str] = {
    ContinuumStage.PRE_ARREST: N_("Pre-arrest"),
    ContinuumStage.PRE_TRIAL: N_("Pre-trial"),
    ContinuumStage.COURT: N_("Court"),
    ContinuumStage.POST_SENTENCE: N_("Post-sentence"),
}

REGION_LABELS: dict[str, str] = {
    Region.AFRICA: N_("Africa"),
    Region.AMERICAS: N_("Americas"),
    Region.ASIA: N_("Asia"),
    Region.EUROPE: N_("Europe"),
    Region.OCEANIA: N_("Oceania"),
}


ASSESSMENT_STATUS_LABELS: dict[str, str] = {
    AssessmentStatus.DRAFT: N_("Draft"),
    AssessmentStatus.SUBMITTED: N_("Submitted"),
}

CURRICULUM_STATUS_LABELS: dict[str, str] = {
    CurriculumStatus.DRAFTING: N_("Drafting"),
    CurriculumStatus.PILOTING: N_("Piloting"),
    CurriculumStatus.APPROVED: N_("Approved"),
    CurriculumStatus.PUBLISHED: N_("Published"),
}

ENUM_LABELS: dict[type[Enum], dict[str, str]] = {
    ResourceType: TYPE_LABELS,
    Level: LEVEL_LABELS,
    InitiativeModel: MODEL_LABELS,
    InitiativeStatus: STATUS_LABELS,
    ContinuumStage: STAGE_LABELS,
    Region: REGION_LABELS,
    AssessmentStatus: ASSESSMENT_STATUS_LABELS,
    CurriculumStatus: CURRICULUM_STATUS_LABELS,
}
"""Enum → its value labels; the history and audit name any enum value through this."""

FIELD_LABELS = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "name": N_("Name"),
    "display_name": N_("Name"),
    "resource_type": N_("Type"),
    "publisher": N_("Publisher"),
    "year": N_("Year"),
    "languages": N_("Languages"),
    "topics": N_("Topics"),
    "level": N_("Level"),
    "country": N_("Country"),
    "status": N_("Status"),
    "notes": N_("Notes"),
    "held_on": N_("Date"),
    "links": N_("Links"),
    "attachments": N_("Attachments"),
    "curriculum_id": N_("Curriculum"),
    "series": N_("Series"),
    "series_order": N_("Session number"),
    "source_note": N_("Source note"),
    "source_to_confirm": N_("Source to confirm"),
    "assessed_on": N_("Assessment date"),
    "answers": N_("Answers"),
    "participant_ids": N_("Participants"),
    "participant_names": N_("Other participants"),
    "computed_phase": N_("Computed phase"),
    "phase_override": N_("Phase override"),
    "submitted_at": N_("Submitted at"),
    "supersedes": N_("Replaces"),
    "model": N_("Model"),
    "stages": N_("Continuum stages"),
    "city": N_("City"),
    "started_year": N_("Year started"),
    "lead_organisation_id": N_("Lead organisation"),
    "contact_person_id": N_("Contact person"),
    "organisation_id": N_("Organisation"),
    "person_id": N_("Person"),
    "region": N_("Region"),
    "code": N_("Code"),
    "provider": N_("Provider"),
    "audience": N_("Audience"),
    "courses": N_("Courses"),
    "course_count": N_("Number of courses"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "role": N_("Role"),
    "due_on": N_("Due date"),
    "priority": N_("Priority"),
    "owner_person_id": N_("Owner"),
    "action_plan_id": N_("Action plan"),
    "focal_point_person_id": N_("Focal point"),
    "assessment_id": N_("Assessment"),
    "resource_ids": N_("Supporting resources"),
    "note": N_("Note"),
    "evidence": N_("Evidence"),
    "value": N_("Answer"),
    "repeats": N_("Repeated sections"),
    "submitted_by": N_("Submitted by"),
}


def field_label(name: str) -> str:
    """A payload field in words ("curriculum_id" → "Curriculum")."""
    label = FIELD_LABELS.get(name)
    return _(label) if label else name.replace("_", " ").capitalize()


def enum_label(enum: type[Enum] | None, code: str) -> str:
    """The translated label of an enum value; an unknown one tidied ("best_practice")."""
    table = ENUM_LABELS.get(enum) if enum is not None else None
    text = table.get(code) if table else None
    return _(text) if text else code.replace("_", " ").capitalize()


def topic_label(slug: str) -> str:
    label = TOPIC_LABELS.get(slug)
    return _(label) if label else slug.replace("-", " ").capitalize()


def language_label(code: str, language: str | None = None) -> str:
    """A language code named in ``language`` (default: the UI language; CLDR through
    babel): "fr" → "French"."""
    return _language_label(code, language or current_language())


@lru_cache(maxsize=512)
def _language_label(code: str, language: str) -> str:
    """Named from the UI language's own CLDR data only ("ru" in French: "Russe"): the
    packaged app ships CLDR data for its UI languages, not for every language a resource,
    an event or an expert may name ("pt-BR" → "Portugais (Brésil)")."""
    try:
        shown_in = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return code
    parts = code.replace("-", "_").split("_")
    name = shown_in.languages.get(parts[0].lower())
    if not name:
        return code
    region = next((shown_in.territories.get(p.upper()) for p in parts[1:] if len(p) == 2), None)
    name = f"{name} ({region})" if region else name
    return name[:1].upper() + name[1:]
