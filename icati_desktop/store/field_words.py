"""The words for the coded values of people, meetings, action items and network members
(``N_`` strings).

One list each, used by the screens, the exports and the CLI (through
:mod:`icati_desktop.reports.meeting_text` and :mod:`~icati_desktop.reports.action_text`)
and by the spreadsheet importer, which takes the same words in a sheet.
"""

from __future__ import annotations

from icati_desktop.i18n import N_
from icati_desktop.store.labels import STAGE_LABELS

SECTORS = {
    "justice": N_("Justice"),
    "health": N_("Health"),
    "community": N_("Community services"),
    "case_management": N_("Case management"),
    "research": N_("Research"),
    "international": N_("International"),
    "civil_society": N_("Civil society"),
}
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
ITEM_STATUS = {
    "open": N_("Not started"),
    "in_progress": N_("In progress"),
    "blocked": N_("Blocked"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
PRIORITY = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
MEMBER_STATUS = {
    "pending": N_("Pending"),
    "active": N_("Active"),
    "suspended": N_("Suspended"),
    "left": N_("Left"),
}
