"""The initiatives list as a Qt table model over pages of the Atlas query.

The model holds the rows loaded so far and the total the query matches; Qt's
``canFetchMore``/``fetchMore`` ask for the next page, which the page loads through a
database job and hands back with :meth:`InitiativeTableModel.append_rows`. Sorting is the
proxy's job (:func:`sorting_proxy`), on :data:`SORT_ROLE`.
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

from icati_desktop.gui.atlas.vocabulary import MODEL_LABELS, STATUS_LABELS, label, stages_text
from icati_desktop.gui.table_roles import RECORD_ID_ROLE, SORT_ROLE, sorting_proxy
from icati_desktop.i18n import N_, _
from icati_desktop.store.atlas import InitiativeSummary

COUNTRY_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = (
    N_("Country"),
    N_("Initiative"),
    N_("Model"),
    N_("Continuum stages"),
    N_("Status"),
    N_("Since"),
)
COUNTRY, NAME, MODEL, STAGES, STATUS, YEAR = range(len(COLUMNS))

AnyIndex = QModelIndex | QPersistentModelIndex


class InitiativeTableModel(QAbstractTableModel):
    fetch_requested = Signal(int)
    """More rows are wanted from this offset (emitted by :meth:`fetchMore`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[InitiativeSummary] = []
        self._total = 0
        self._fetching = False
        self.country_name: Callable[[str, str], str] = lambda _code, name: name
        """Display name of a country from (alpha-3, English name); set to a localized lookup."""

    # --- contents -------------------------------------------------------------------------------

    def set_rows(self, rows: list[InitiativeSummary], total: int) -> None:
        self.beginResetModel()
        self._rows, self._total, self._fetching = list(rows), total, False
        self.endResetModel()

    def append_rows(self, rows: list[InitiativeSummary], offset: int) -> None:
        self._fetching = False
        if offset != len(self._rows) or not rows:
            return  # a page of an older query, or nothing new
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> InitiativeSummary:
        return self._rows[row]

    def rows(self) -> list[InitiativeSummary]:
        return list(self._rows)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- paging -----------------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetch_requested.emit(len(self._rows))

    # --- QAbstractTableModel ----------------------------------------------------------------

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
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            if column == YEAR:
                return row.start_year if row.start_year is not None else 0
            return self._text(row, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cut-off cell
            lead = row.lead_organisation
            if column == NAME and lead:
                return _("{name}\nLead organisation: {lead}").format(name=row.name, lead=lead)
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == YEAR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RECORD_ID_ROLE:
            return row.record_id
        if role == COUNTRY_ROLE:
            return row.country
        return None

    def _text(self, row: InitiativeSummary, column: int) -> str:
        if column == COUNTRY:
            return self.country_name(row.country, row.country_name)
        if column == NAME:
            return row.name
        if column == MODEL:
            return label(MODEL_LABELS, row.model)
        if column == STAGES:
            return stages_text(row.stages)
        if column == STATUS:
            return label(STATUS_LABELS, row.status)
        return "" if row.start_year is None else str(row.start_year)


__all__ = ["COLUMNS", "RECORD_ID_ROLE", "InitiativeTableModel", "sorting_proxy"]
