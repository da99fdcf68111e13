"""What the record tables share: their item roles and a locale-aware sorting proxy."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The value a column sorts by (a date, a number), beside the text it shows."""
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def sorting_proxy(source: QAbstractItemModel) -> QSortFilterProxyModel:
    """Sorts ``source`` by :data:`SORT_ROLE`, comparing text as the current locale does."""
    proxy = QSortFilterProxyModel(source)
    proxy.setSourceModel(source)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortLocaleAware(True)
    proxy.setDynamicSortFilter(True)
    return proxy


__all__ = ["RECORD_ID_ROLE", "SORT_ROLE", "sorting_proxy"]
