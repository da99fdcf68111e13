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

from PySide6.QtCore import QModelIndex, QObject, Signal

from icati_desktop.gui.table_columns import AnyIndex, ColumnTableModel


class Record(Protocol):
    @property
    def record_id(self) -> str: ...


RowT = TypeVar("RowT", bound=Record)


class GrowingTableModel(ColumnTableModel, Generic[RowT]):
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

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetch_requested.emit(len(self._rows))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def display(self, row: Any, column: int) -> str:
        return self._display(row, column)

    def _row_for(self, index: AnyIndex, role: int) -> RowT | None:
        return self._rows[index.row()] if index.row() < len(self._rows) else None


__all__ = ["AnyIndex", "GrowingTableModel"]
