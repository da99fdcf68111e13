"""A Qt table model that grows a page at a time as the view scrolls down a store query.

The model holds the rows loaded so far and the total the query matches; Qt's
``canFetchMore``/``fetchMore`` ask for the next page by :attr:`GrowingTableModel.fetch_requested`,
which the page answers with a database job and :meth:`GrowingTableModel.append_rows`. Sorting
and filtering are the store's: a new order or filter is a new query (:meth:`set_rows`).
For lists one jumps about in, see :class:`~icati_desktop.gui.paged_table.PagedTableModel`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _

AnyIndex = QModelIndex | QPersistentModelIndex


class Record(Protocol):
    @property
    def record_id(self) -> str: ...


RowT = TypeVar("RowT", bound=Record)


class GrowingTableModel(QAbstractTableModel, Generic[RowT]):
    fetch_requested = Signal(int)
    """More rows are wanted from this offset (emitted by :meth:`fetchMore`)."""

    def __init__(
        self,
        columns: Sequence[str],
        display: Callable[[RowT, int], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        """Header titles, ``N_()`` strings translated when shown."""
        self._display = display
        self._rows: list[RowT] = []
        self._total = 0
        self._fetching = False

    def set_rows(self, rows: list[RowT], total: int) -> None:
        """The first page of a new query, and how many rows it matches in all."""
        self.beginResetModel()
        self._rows, self._total, self._fetching = list(rows), total, False
        self.endResetModel()

    def append_rows(self, offset: int, rows: list[RowT]) -> None:
        self._fetching = False
        if offset != len(self._rows) or not rows:
            return  # a page of an older query, or nothing new
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def fetch_failed(self) -> None:
        self._fetching = False

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self.columns) - 1)
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
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, index.column())
        if role == RECORD_ID_ROLE:
            return row.record_id
        return None


__all__ = ["AnyIndex", "GrowingTableModel"]
