"""Record types and phases in words: the names the home page and history show first.

Kept apart from :mod:`icati_desktop.store.labels` (which names every domain enum and so
loads the domain models) so the first screen can name things without loading them.
"""

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
    "data_removal": N_("Removal requests from HQ"),
    "device_scope": N_("Countries of the devices"),
    "event": N_("Network events"),
    "form_definition": N_("Assessment forms"),
    "form_version_status": N_("Form versions retired or crosswalked"),
    "initiative": N_("Atlas initiatives"),
    "mailing_list": N_("Mailing lists"),
    "meeting": N_("Meetings"),
    "membership": N_("Memberships"),
    "organisation": N_("Organisations"),
    "person": N_("People"),
    "resource": N_("Library resources"),
    "roster_entry": N_("Trainers and TA experts"),
    "network_group": N_("Network groups"),
}
"""Record types as section names (plural)."""

RECORD_TYPE_NAMES = {
    "action_item": N_("Action item"),
    "action_plan": N_("Action plan"),
    "assessment": N_("Assessment"),
    "consent": N_("Consent record"),
    "country": N_("Country"),
    "curriculum": N_("Curriculum"),
    "data_removal": N_("Removal request from HQ"),
    "device_scope": N_("Countries of a device"),
    "event": N_("Network event"),
    "form_definition": N_("Assessment form"),
    "form_version_status": N_("Assessment form version"),
    "initiative": N_("Atlas initiative"),
    "mailing_list": N_("Mailing list"),
    "meeting": N_("Meeting"),
    "membership": N_("Membership"),
    "organisation": N_("Organisation"),
    "person": N_("Person"),
    "resource": N_("Library resource"),
    "roster_entry": N_("Trainer or TA expert"),
    "network_group": N_("Network group"),
}
"""One record of a type (singular): "Library resource"."""

PHASE_LABELS: dict[int, str] = {
    1: N_("Interest & Exploration"),
    2: N_("Systems Preparation"),
    3: N_("Initiative Planning & Launch"),
    4: N_("Expansion & Sustainability"),
}


def record_type_label(record_type: str) -> str:
    """A record type as a section name (plural)."""
    label = RECORD_TYPE_LABELS.get(record_type)
    return _(label) if label else record_type.replace("_", " ")


def record_type_name(record_type: str) -> str:
    """One record of a type, in words (singular)."""
    label = RECORD_TYPE_NAMES.get(record_type)
    return _(label) if label else record_type.replace("_", " ").capitalize()


def phase_label(phase: int) -> str:
    """ "2 · Systems Preparation" — the number keeps the order visible in every language."""
    text = PHASE_LABELS.get(phase)
    return f"{phase} · {_(text)}" if text else str(phase)
