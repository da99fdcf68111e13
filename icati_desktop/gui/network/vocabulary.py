"""Translated labels of the network's codes, and names shown in the UI language."""

from __future__ import annotations

from babel.lists import format_list
from babel.numbers import format_decimal

from icati_desktop.gui.atlas.vocabulary import label
from icati_desktop.i18n import N_, current_language
from icati_desktop.store.field_words import MEMBER_STATUS
from icati_desktop.store.labels import CURRICULUM_STATUS_LABELS, REGION_LABELS, language_label

MEMBER_KIND_LABELS = {
    "country": N_("Country"),
    "organisation": N_("Organisation"),
    "person": N_("Individual"),
}
MEMBER_STATUS_LABELS = MEMBER_STATUS
GROUP_KIND_LABELS = {
    "affinity_group": N_("Affinity group"),
    "learning_community": N_("Learning community"),
    "advisory_group": N_("Advisory group"),
}
FOCUS_LABELS = {
    "justice": N_("Justice"),
    "health": N_("Health"),
    "community_service": N_("Community service"),
    "case_management": N_("Case management"),
    "research": N_("Research"),
    "other": N_("Other professions"),
}
EXPERTISE_LABELS = {
    "justice": N_("Justice"),
    "health": N_("Health"),
    "community_service": N_("Community service"),
    "case_management": N_("Case management"),
    "research": N_("Research"),
    "policy": N_("Policy and legislation"),
    "monitoring_evaluation": N_("Monitoring and evaluation"),
    "training": N_("Training"),
    "treatment": N_("Treatment"),
}
AVAILABILITY_LABELS = {
    "available": N_("Available"),
    "limited": N_("Limited availability"),
    "unavailable": N_("Unavailable"),
}
ROSTER_LABELS = {"trainer": N_("ATI Global Trainer"), "ta_expert": N_("TA Global Expert")}
ROSTER_STATUS_LABELS = {
    "in_training": N_("In training"),
    "certified": N_("Certified"),
    "inactive": N_("Inactive"),
}
PIPELINE_LABELS = {
    "drafting": N_("Draft"),
    "piloting": N_("Pilot"),
    "approved": N_("TEAG approval"),
    "published": N_("Published"),
}
"""The curriculum pipeline as the seed names its steps (the store's codes are
:data:`~icati_desktop.store.labels.CURRICULUM_STATUS_LABELS`)."""
LEFT_OUT_LABELS = {
    "no_mailing_consent": N_("without consent to network mailings"),
    "consent_withdrawn": N_("who withdrew their consent"),
    "no_email": N_("without an email address"),
}
LANGUAGE_CHOICES = ("en", "fr", "es", "ar", "pt", "ru", "zh", "sw")
"""Languages offered by the expert finder first (the UN's and the regions' common ones)."""

__all__ = [
    "AVAILABILITY_LABELS",
    "CURRICULUM_STATUS_LABELS",
    "EXPERTISE_LABELS",
    "FOCUS_LABELS",
    "GROUP_KIND_LABELS",
    "LANGUAGE_CHOICES",
    "LEFT_OUT_LABELS",
    "MEMBER_KIND_LABELS",
    "MEMBER_STATUS_LABELS",
    "PIPELINE_LABELS",
    "REGION_LABELS",
    "ROSTER_LABELS",
    "ROSTER_STATUS_LABELS",
    "label",
    "labels_text",
    "language_name",
    "list_text",
    "number",
]


def language_name(code: str) -> str:
    """A language by its name in the UI language ("French", "Français", "الفرنسية")."""
    return language_label(code)


def labels_text(labels: dict[str, str], codes: tuple[str, ...] | list[str]) -> str:
    return list_text([label(labels, code) for code in codes])


def list_text(items: list[str]) -> str:
    """Items joined as a list in the UI language ("a, b et c")."""
    return str(format_list(items, locale=current_language())) if items else ""


def number(value: int) -> str:
    return str(format_decimal(value, locale=current_language()))
