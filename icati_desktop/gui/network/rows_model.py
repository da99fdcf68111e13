"""A table model over a short list of rows (groups, curricula, finder results).

For lists that stay short by nature — the network has tens of groups and curricula, a
finder answers at most 100 people — and are read whole by one store call. Long lists
(members, participants, rosters) use :class:`~icati_desktop.gui.paged_table.PagedTableModel`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject

from icati_desktop.gui.table_columns import AnyIndex, ColumnTableModel


class RowsModel(ColumnTableModel):
    def __init__(
        self,
        columns: Sequence[str],
        display: Callable[[Any, int], str],
        record_id: Callable[[Any], str] = lambda row: str(row.record_id),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._display = display
        self._record_id = record_id
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def display(self, row: Any, column: int) -> str:
        return self._display(row, column)

    def record_id(self, row: Any) -> str:
        return self._record_id(row)

    def _row_for(self, index: AnyIndex, role: int) -> Any | None:
        return self.rows[index.row()] if index.row() < len(self.rows) else None
