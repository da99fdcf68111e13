"""What the record table models share: translated column titles and the cells of a row.

:class:`ColumnTableModel` holds the header (``N_()`` titles translated when shown), the roles
every record table answers from a row — its text, tooltip, alignment and
:data:`~icati_desktop.gui.table_roles.RECORD_ID_ROLE` — and the refresh when the language
changes. A model says where its rows are (:meth:`ColumnTableModel._row_for` and
``rowCount``) and how a row shows (:meth:`ColumnTableModel.display` and the rest). The
models built on it: :class:`~icati_desktop.gui.paged_table.PagedTableModel` (large store
queries), :class:`~icati_desktop.gui.growing_table.GrowingTableModel` (lists that grow as
they scroll) and :class:`~icati_desktop.gui.network.rows_model.RowsModel` (short lists).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import _

AnyIndex = QModelIndex | QPersistentModelIndex


class ColumnTableModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()
    """Header titles, ``N_()`` strings translated when shown."""

    # --- what a model says ------------------------------------------------------------------

    def _row_for(self, index: AnyIndex, role: int) -> Any | None:
        """The row shown at a valid ``index`` (``None``: none there, or not loaded yet)."""
        raise NotImplementedError

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: Any, column: int) -> str | None:
        return self.display(row, column)

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return None

    def record_id(self, row: Any) -> str:
        return str(row.record_id)

    # --- shared ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Labels changed language: new header and cell texts."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self._relabel_rows()

    def _relabel_rows(self) -> None:
        if rows := self.rowCount():
            last = self.index(rows - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row_for(index, role) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            alignment = self.alignment(column)
            return None if alignment is None else int(alignment)
        if role == RECORD_ID_ROLE:
            return self.record_id(row)
        return None


__all__ = ["AnyIndex", "ColumnTableModel"]
