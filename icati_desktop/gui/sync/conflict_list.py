"""The conflicts inbox's list: one row per open conflict, a title over a subtitle.

The subtitle says what tells two records of the same title apart (the plan, the
country, the date), who wrote the competing versions and when.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from icati_desktop.gui.sync.conflict_values import SUBTITLE_ROLE, Index, author_name, isolate
from icati_desktop.i18n import format_datetime
from icati_desktop.store.conflict_text import ConflictTexts
from icati_desktop.store.resolution import ConflictDetail


class ConflictListModel(QAbstractListModel):
    """Open conflicts: record title (display) and context · authors · when (subtitle)."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[ConflictDetail] = []
        self.texts: dict[str, ConflictTexts] = {}

    def set_details(
        self, details: list[ConflictDetail], texts: dict[str, ConflictTexts] | None = None
    ) -> None:
        self.beginResetModel()
        self.details = details
        self.texts = texts or {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.details)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        detail = self.details[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self.texts.get(detail.record_id)
            return texts.title if texts else detail.title or detail.record_id[:8]
        if role == SUBTITLE_ROLE:
            return self.subtitle(detail)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.data(index)}\n{self.subtitle(detail)}"
        return None

    def subtitle(self, detail: ConflictDetail) -> str:
        texts = self.texts.get(detail.record_id)
        authors = [
            author_name(
                detail.leaf(vid),
                vid == detail.mine and detail.mine_is_own,
                texts.authors.get(vid) if texts else None,
            )
            for vid in detail.columns
        ]
        newest = max(leaf.time for leaf in detail.leaves)
        parts = [texts.kind] if texts else []
        if texts and texts.context:
            parts.append(isolate(texts.context))
        parts += [", ".join(authors), format_datetime(newest, "short")]
        return " · ".join(parts)

    def refresh_texts(self) -> None:
        if self.details:
            self.dataChanged.emit(self.index(0), self.index(len(self.details) - 1))
