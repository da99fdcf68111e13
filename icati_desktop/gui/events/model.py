"""The events list as a paged table model: the store sorts, filters and pages.

A :class:`~icati_desktop.gui.paged_table.PagedTableModel` over
:func:`icati_desktop.store.events.query_events`. The time is shown in the event's own
zone with the zone named; the kind as a label in the UI language (a ranked order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from icati_desktop.gui.paged_table import PagedTableModel, PageJob, label_ranks
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import N_, _, current_language, format_list, format_number
from icati_desktop.reports.event_text import kind_label, level_label, when_text
from icati_desktop.store.labels import language_label
from icati_desktop.store.paging import PageRequest
from icati_desktop.vocabulary import EVENT_KIND_LABELS

if TYPE_CHECKING:
    from icati_desktop.store.events import EventSummary

COLUMNS = (N_("When"), N_("Kind"), N_("Title"), N_("Languages"), N_("Attendees"))
WHEN, KIND, TITLE, LANGUAGES, ATTENDEES = range(len(COLUMNS))
ORDERS = {WHEN: "starts_at", KIND: "kind"}
PAGE_SIZE = 200


def language_name(code: str) -> str:
    return language_label(code)


def language_names(codes: list[str]) -> str:
    return format_list([language_name(code) for code in codes])


class EventTableModel(PagedTableModel):
    columns = COLUMNS
    ORDERS = ORDERS

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(services, PAGE_SIZE, parent)
        self.set_order("starts_at")

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        from icati_desktop.gui.events.jobs import page_job

        return page_job(flt, request, total)

    def ranks_for(self, key: str) -> dict[str, int]:
        if key == "kind":
            return label_ranks({code: _(text) for code, text in EVENT_KIND_LABELS.items()})
        return {}

    def display(self, row: EventSummary, column: int) -> str:
        language = current_language()
        if column == WHEN:
            return when_text(row.starts_at, row.ends_at, row.time_zone, language)
        if column == KIND:
            kind = kind_label(row.kind, language)
            level = level_label(row.level, language)
            return f"{kind} · {level}" if level else kind
        if column == TITLE:
            return row.title
        if column == LANGUAGES:
            return language_names(row.languages)
        return format_number(row.attendee_count) if row.attendee_count else ""

    def tooltip(self, row: EventSummary, column: int) -> str:
        if column == TITLE and row.partner:
            return _("{title}\nOffered by {partner}").format(title=row.title, partner=row.partner)
        return self.display(row, column)

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        if column == ATTENDEES:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None
