"""The words of action items in a chosen language: statuses, priorities, due dates.

Screens, exports and the CLI show these labels, never the codes the store keeps
("open" is shown as "Not started").
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from icati_desktop.i18n import N_, translator
from icati_desktop.reports.meeting_text import label
from icati_desktop.store.field_words import ITEM_STATUS, PRIORITY

STATUSES = ITEM_STATUS
"""In the order a person reads them (and the status menu offers them)."""
PRIORITIES = PRIORITY
PLAN_STATUSES = {"draft": N_("Draft"), "active": N_("Active"), "closed": N_("Closed")}
OVERDUE = N_("Overdue")


def status_label(code: str, language: str) -> str:
    return label(STATUSES, code, language)


def priority_label(code: str, language: str) -> str:
    return label(PRIORITIES, code, language)


def date_text(day: date | None, language: str) -> str:
    """A date as people of ``language`` write it (babel, medium form); "" for none."""
    if day is None:
        return ""
    return format_date(day, format="medium", locale=language.replace("-", "_"))


def due_text(day: date | None, overdue: bool, language: str) -> str:
    """The due date, with "Overdue" after it when it has passed (not colour alone)."""
    text = date_text(day, language)
    if overdue:
        return f"{text} — {translator(language).gettext(OVERDUE)}"
    return text
