"""The meetings list as a Qt table model over pages of the store's query.

The model holds the rows loaded so far and the total the query matches; Qt's
``canFetchMore``/``fetchMore`` ask for the next page (the page loads it through a
database job). Sorting is the store's: a click on a header asks the page to query again
in that order (:data:`SORTS`), so the order is right over every row, not just the loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt

from icati_desktop.gui.growing_table import AnyIndex, GrowingTableModel
from icati_desktop.i18n import N_, current_language, format_date, format_number
from icati_desktop.reports.meeting_text import MEETING_TYPES, label
from icati_desktop.store.meetings import MeetingSort, MeetingSummary

COLUMNS = (N_("Date"), N_("Country"), N_("Type"), N_("Title"), N_("People"), N_("Follow-ups"))
DATE, COUNTRY, TYPE, TITLE, PEOPLE, FOLLOW_UPS = range(len(COLUMNS))
SORTS: dict[int, tuple[MeetingSort, MeetingSort]] = {
    DATE: (MeetingSort.OLDEST, MeetingSort.NEWEST),
    COUNTRY: (MeetingSort.COUNTRY, MeetingSort.COUNTRY),
    TYPE: (MeetingSort.TYPE, MeetingSort.TYPE),
    TITLE: (MeetingSort.TITLE, MeetingSort.TITLE),
}
"""column → (ascending, descending) store order; other columns do not sort."""


class MeetingTableModel(GrowingTableModel[MeetingSummary]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, self._text, parent)
        self.country_name: Callable[[str, str], str] = lambda _code, name: name

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> MeetingSummary:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and index.isValid()
            and index.column() in (PEOPLE, FOLLOW_UPS)
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def _text(self, row: MeetingSummary, column: int) -> str:
        if column == DATE:
            return format_date(row.held_on)
        if column == COUNTRY:
            return self.country_name(row.country, row.country_name)
        if column == TYPE:
            return label(MEETING_TYPES, row.meeting_type, current_language())
        if column == TITLE:
            return row.title or label(MEETING_TYPES, row.meeting_type, current_language())
        if column == PEOPLE:
            return format_number(row.headcount)
        return format_number(row.open_follow_ups) if row.open_follow_ups else ""
