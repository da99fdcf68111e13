"""The words of meetings in a chosen language: types, formats, sectors, barriers…

Screens, exports and the CLI show these labels, never the codes the store keeps.
"""

from __future__ import annotations

from collections.abc import Mapping

from icati_desktop.i18n import N_, translator
from icati_desktop.store.labels import STAGE_LABELS

STAGES = STAGE_LABELS

MEETING_TYPES = {
    "strategic": N_("Strategic meeting with government leadership"),
    "ta_session": N_("Technical assistance session"),
    "mentoring_call": N_("Mentoring call"),
    "training_workshop": N_("Training or workshop"),
    "mapping_workshop": N_("Mapping workshop"),
    "office_hours": N_("Office hours"),
    "affinity_group": N_("Affinity group"),
    "learning_community": N_("Learning community"),
    "network_meeting": N_("Network meeting"),
}
FORMATS = {"in_person": N_("In person"), "remote": N_("Remote"), "hybrid": N_("Hybrid")}
SECTORS = {
    "justice": N_("Justice"),
    "health": N_("Health"),
    "community": N_("Community services"),
    "case_management": N_("Case management"),
    "research": N_("Research"),
    "international": N_("International"),
}
BARRIERS = {
    "workforce": N_("Workforce"),
    "administrative": N_("Administrative"),
    "resourcing": N_("Resourcing"),
    "other": N_("Other"),
}
CONFIDENTIALITY = {
    "public": N_("Public"),
    "consortium": N_("ICATI and partners"),
    "restricted": N_("Restricted (team and HQ)"),
}
FOLLOW_UP_STATUS = {"open": N_("To do"), "done": N_("Done"), "dropped": N_("Dropped")}
ATTACHMENT_KINDS = {
    "photo": N_("Photo"),
    "attendance_sheet": N_("Attendance sheet"),
    "other": N_("Other file"),
}


def label(words: Mapping[str, str], code: str | None, language: str) -> str:
    """The label of ``code`` in ``language``; "" for none, the code itself if unknown."""
    if not code:
        return ""
    word = words.get(code)
    return translator(language).gettext(word) if word else code
