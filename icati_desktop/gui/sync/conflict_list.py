"""The conflicts inbox's list: one row per open conflict, a title over a subtitle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from icati_desktop.gui.labels import record_type_label
from icati_desktop.gui.sync.conflict_values import SUBTITLE_ROLE, Index, author_name
from icati_desktop.i18n import _, format_datetime
from icati_desktop.store.resolution import ConflictDetail


class ConflictListModel(QAbstractListModel):
    """Open conflicts: record title (display) and type · authors · when (subtitle)."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[ConflictDetail] = []

    def set_details(self, details: list[ConflictDetail]) -> None:
        self.beginResetModel()
        self.details = details
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.details)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        detail = self.details[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return detail.title or _("Untitled record {id}").format(id=detail.record_id[:8])
        if role == SUBTITLE_ROLE:
            return self.subtitle(detail)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.data(index)}\n{self.subtitle(detail)}"
        return None

    @staticmethod
    def subtitle(detail: ConflictDetail) -> str:
        authors = [
            author_name(detail.leaf(vid), vid == detail.mine and detail.mine_is_own)
            for vid in detail.columns
        ]
        newest = max(leaf.time for leaf in detail.leaves)
        return " · ".join(
            [
                record_type_label(detail.record_type),
                ", ".join(authors),
                format_datetime(newest, "short"),
            ]
        )

    def refresh_texts(self) -> None:
        if self.details:
            self.dataChanged.emit(self.index(0), self.index(len(self.details) - 1))
