"""Translated names for the library's codes: resource types, levels, topics, languages."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from icati_desktop.i18n import N_, _, current_language

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


def type_label(code: str) -> str:
    label = TYPE_LABELS.get(code)
    return _(label) if label else code.replace("_", " ")


def level_label(code: str | None) -> str:
    if code is None:
        return ""
    label = LEVEL_LABELS.get(code)
    return _(label) if label else code


def topic_label(slug: str) -> str:
    label = TOPIC_LABELS.get(slug)
    return _(label) if label else slug.replace("-", " ").capitalize()


def language_label(code: str) -> str:
    """A language code named in the UI language (CLDR through babel): "fr" → "French"."""
    try:
        name = Locale.parse(code).get_display_name(current_language())
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code
