"""The meetings list as a Qt table model over pages of the store's query.

The model holds the rows loaded so far and the total the query matches; Qt's
``canFetchMore``/``fetchMore`` ask for the next page (the page loads it through a
database job). Sorting is the store's: a click on a header asks the page to query again
in that order (:data:`SORTS`), so the order is right over every row, not just the loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import N_, _, current_language, format_date, format_number
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

AnyIndex = QModelIndex | QPersistentModelIndex


class MeetingTableModel(QAbstractTableModel):
    fetch_requested = Signal(int)
    """More rows are wanted from this offset."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingSummary] = []
        self._total = 0
        self._fetching = False
        self.country_name: Callable[[str, str], str] = lambda _code, name: name

    def set_rows(self, rows: list[MeetingSummary], total: int) -> None:
        self.beginResetModel()
        self._rows, self._total, self._fetching = list(rows), total, False
        self.endResetModel()

    def append_rows(self, rows: list[MeetingSummary], offset: int) -> None:
        self._fetching = False
        if offset != len(self._rows) or not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> MeetingSummary:
        return self._rows[row]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetch_requested.emit(len(self._rows))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PEOPLE, FOLLOW_UPS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RECORD_ID_ROLE:
            return row.record_id
        return None

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
