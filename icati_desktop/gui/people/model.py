"""The people list as a paging Qt table model; sort and filter run in the store (SQL).

The model holds the rows loaded so far and the total the query matches; Qt's
``canFetchMore``/``fetchMore`` ask for the next page, which the page loads through a
database job (:meth:`PeopleTableModel.append_rows`). A header click asks the page for a
new query sorted by that column (:data:`SORT_KEYS`), never a sort of the loaded rows.
Contact details are whatever the store gave: only while consent covers them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from icati_desktop.gui.people.vocabulary import SCOPE_LABELS, country_label, label, sector_label
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import N_, _
from icati_desktop.store.people import PersonSummary

COLUMNS = (
    N_("Name"),
    N_("Institution"),
    N_("Role"),
    N_("Sector"),
    N_("Country"),
    N_("Consent"),
    N_("Email"),
)
NAME, INSTITUTION, ROLE, SECTOR, COUNTRY, CONSENT, EMAIL = range(len(COLUMNS))
SORT_KEYS = ("display_name", "organisation", "role", "sector", "country", "consent", None)
"""The store's sort key per column (``None``: not sortable)."""

AnyIndex = QModelIndex | QPersistentModelIndex


class PeopleTableModel(QAbstractTableModel):
    fetch_requested = Signal(int)
    """More rows are wanted from this offset (emitted by :meth:`fetchMore`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PersonSummary] = []
        self._total = 0
        self._fetching = False
        self.alpha2_of: dict[str, str] = {}

    def set_rows(self, rows: list[PersonSummary], total: int) -> None:
        self.beginResetModel()
        self._rows, self._total, self._fetching = list(rows), total, False
        self.endResetModel()

    def append_rows(self, offset: int, rows: list[PersonSummary]) -> None:
        self._fetching = False
        if offset != len(self._rows) or not rows:
            return  # a page of an older query, or nothing new
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def fetch_failed(self) -> None:
        self._fetching = False

    @property
    def total(self) -> int:
        return self._total

    def summary(self, row: int) -> PersonSummary:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.record_id == record_id), None)

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
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        if role == RECORD_ID_ROLE:
            return row.record_id
        return None

    def _text(self, row: PersonSummary, column: int) -> str:
        if column == NAME:
            return row.display_name
        if column == INSTITUTION:
            return row.organisation
        if column == ROLE:
            return row.role
        if column == SECTOR:
            return sector_label(row.sector)
        if column == COUNTRY:
            return country_label(row.country, self.alpha2_of)
        if column == CONSENT:
            if not row.scopes:
                return _("No consent")
            return ", ".join(label(SCOPE_LABELS, s) for s in row.scopes)
        return ", ".join(row.emails)
