"""The assessments list as a Qt table model over :class:`AssessmentSummary` rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from icati_desktop.domain.assessments import AssessmentStatus
from icati_desktop.gui.atlas.vocabulary import phase_label
from icati_desktop.gui.table_roles import RECORD_ID_ROLE, SORT_ROLE, sorting_proxy
from icati_desktop.i18n import N_, _, format_date
from icati_desktop.store.assessments import AssessmentSummary

COLUMNS = (
    N_("Country"),
    N_("Date"),
    N_("Form version"),
    N_("Status"),
    N_("Phase"),
    N_("Progress"),
)
COUNTRY, DATE, VERSION, STATUS, PHASE, PROGRESS = range(len(COLUMNS))
STATUS_LABELS = {AssessmentStatus.DRAFT: N_("Draft"), AssessmentStatus.SUBMITTED: N_("Submitted")}

AnyIndex = QModelIndex | QPersistentModelIndex


def progress_text(row: AssessmentSummary) -> str:
    if row.total == 0:
        return "—"
    return _("{answered} of {total} answered").format(answered=row.answered, total=row.total)


class AssessmentTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AssessmentSummary] = []
        self.country_name: Callable[[str], str] = lambda code: code
        """Display name of a country from its alpha-3 code (set to a localized lookup)."""

    def set_rows(self, rows: list[AssessmentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def rows(self) -> list[AssessmentSummary]:
        return list(self._rows)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

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
        if role == Qt.ItemDataRole.ToolTipRole and column == PHASE and row.provisional:
            return _(
                "Provisional: the phase the answers given so far reach. It is fixed when the "
                "assessment is submitted."
            )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            if column == DATE:
                return row.assessed_on.isoformat()
            if column == PHASE:
                return row.phase or 0
            if column == PROGRESS:
                return row.answered / row.total if row.total else 0.0
            if column == VERSION:
                return ".".join(f"{int(part):06d}" for part in row.form_version.split("."))
            return self._text(row, column).casefold()
        if role == RECORD_ID_ROLE:
            return row.record_id
        return None

    def _text(self, row: AssessmentSummary, column: int) -> str:
        if column == COUNTRY:
            return self.country_name(row.country)
        if column == DATE:
            return format_date(row.assessed_on)
        if column == VERSION:
            return row.form_version
        if column == STATUS:
            return _(STATUS_LABELS[row.status])
        if column == PHASE:
            if row.phase is None:
                return "—"
            text = phase_label(row.phase)
            if row.overridden:
                return _("{phase} (expert's judgement)").format(phase=text)
            return _("{phase} (provisional)").format(phase=text) if row.provisional else text
        return progress_text(row)


__all__ = ["COLUMNS", "RECORD_ID_ROLE", "AssessmentTableModel", "sorting_proxy"]
