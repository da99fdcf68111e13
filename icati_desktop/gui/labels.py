"""Translated names of things the store names by code."""

from __future__ import annotations

from icati_desktop.i18n import N_, _

RECORD_TYPE_LABELS = {
    "action_item": N_("Action items"),
    "action_plan": N_("Action plans"),
    "assessment": N_("Assessments"),
    "consent": N_("Consent records"),
    "contact": N_("Contact details"),
    "country": N_("Countries"),
    "curriculum": N_("Curricula"),
    "event": N_("Network events"),
    "form_definition": N_("Assessment forms"),
    "initiative": N_("Atlas initiatives"),
    "mailing_list": N_("Mailing lists"),
    "meeting": N_("Meetings"),
    "membership": N_("Memberships"),
    "organisation": N_("Organisations"),
    "person": N_("People"),
    "resource": N_("Library resources"),
    "roster_entry": N_("Trainers and TA experts"),
}


ROLE_LABELS = {"hq": N_("central office"), "field": N_("field device")}


def role_label(role: str) -> str:
    """A device role ("hq", "field") in words."""
    label = ROLE_LABELS.get(role)
    return _(label) if label else role


def record_type_label(record_type: str) -> str:
    label = RECORD_TYPE_LABELS.get(record_type)
    return _(label) if label else record_type.replace("_", " ")
