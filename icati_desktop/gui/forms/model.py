"""The form versions as a Qt table model: form, version, status, questions, use (the
form's languages are in the tooltip of its title)."""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from icati_desktop.gui.table_roles import RECORD_ID_ROLE, SORT_ROLE
from icati_desktop.i18n import N_, _, current_language, format_number
from icati_desktop.store.form_versions import FormVersionInfo
from icati_desktop.store.labels import language_label

COLUMNS = (N_("Form"), N_("Version"), N_("Status"), N_("Questions"), N_("Assessments"))
FORM, VERSION, STATUS, QUESTIONS, ASSESSMENTS = range(len(COLUMNS))
AnyIndex = QModelIndex | QPersistentModelIndex


def form_title(info: FormVersionInfo) -> str:
    """The form's title in the interface language, else in its own default language."""
    return info.title.get(current_language()) or info.title.get(info.default_language, "")


def language_names(codes: list[str]) -> str:
    language = current_language()
    names = []
    for code in codes:
        names.append(language_label(code))
    return format_list(names, locale=language)


def version_sort_key(version: str) -> str:
    return ".".join(f"{int(p):09d}" if p.isdigit() else p for p in version.split("."))


class FormVersionsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FormVersionInfo] = []

    def set_rows(self, rows: list[FormVersionInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[FormVersionInfo]:
        return list(self._rows)

    def row_at(self, row: int) -> FormVersionInfo:
        return self._rows[row]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

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
        if role == Qt.ItemDataRole.ToolTipRole and column == FORM:
            return _("{form}, in {languages}").format(
                form=form_title(row), languages=language_names(row.languages)
            )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            if column == VERSION:
                return f"{row.form_id}\t{version_sort_key(row.version)}"
            if column in (QUESTIONS, ASSESSMENTS):
                return row.items if column == QUESTIONS else row.assessments
            return self._text(row, column).casefold()
        if role == RECORD_ID_ROLE:
            return (row.form_id, row.version)
        return None

    def _text(self, row: FormVersionInfo, column: int) -> str:
        if column == FORM:
            return form_title(row)
        if column == VERSION:
            return row.version
        if column == STATUS:
            return _("Retired") if row.retired else _("In use")
        if column == QUESTIONS:
            return format_number(row.items)
        return format_number(row.assessments)


__all__ = ["COLUMNS", "FormVersionsModel", "form_title", "language_names"]
