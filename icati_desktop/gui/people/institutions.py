"""The institutions of a country as a Qt table model (the central office's curated list)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from icati_desktop.gui.people.vocabulary import country_label, sector_label
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import N_, _, format_number

COLUMNS = (N_("Institution"), N_("Sector"), N_("Sub-sector"), N_("Country"), N_("People"))
NAME, SECTOR, SUB_SECTOR, COUNTRY, PEOPLE = range(len(COLUMNS))
AnyIndex = QModelIndex | QPersistentModelIndex


class InstitutionTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self.alpha2_of: dict[str, str] = {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

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
        if role == RECORD_ID_ROLE:
            return row["record_id"]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == NAME:
            acronym = row.get("acronym")
            return f"{row['name']} ({acronym})" if acronym else row["name"]
        if column == SECTOR:
            return sector_label(row.get("sector"))
        if column == SUB_SECTOR:
            return row.get("sub_sector") or ""
        if column == COUNTRY:
            return country_label(row.get("country"), self.alpha2_of) or _("International")
        return format_number(row["people"])
