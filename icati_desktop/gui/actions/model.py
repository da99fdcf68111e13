"""The action-item table as a paged model: the store sorts, filters and pages.

A :class:`~icati_desktop.gui.paged_table.PagedTableModel` over
:func:`icati_desktop.store.action_items.query_items`. Statuses and priorities sort in
their own order (not started → dropped, high → low), countries by their names in the UI
language. An overdue item is marked in words ("Overdue" after the due date), with a
warning icon and in red: never by colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from icati_desktop.gui.actions.jobs import page_job
from icati_desktop.gui.paged_table import PagedTableModel, PageJob, label_ranks
from icati_desktop.gui.status import status_brush
from icati_desktop.i18n import N_, _, current_language
from icati_desktop.reports.action_text import (
    OVERDUE,
    PRIORITIES,
    STATUSES,
    date_text,
    priority_label,
    status_label,
)
from icati_desktop.store.action_items import PRIORITY_RANKS, STATUS_RANKS
from icati_desktop.store.paging import PageRequest

if TYPE_CHECKING:
    from icati_desktop.gui.services import AppServices
    from icati_desktop.store.action_items import ItemSummary

COLUMNS = (
    N_("Action"),
    N_("Status"),
    N_("Due date"),
    N_("Owner"),
    N_("Priority"),
    N_("Country"),
)
TITLE, STATUS, DUE, OWNER, PRIORITY, COUNTRY = range(len(COLUMNS))
ORDERS = {TITLE: "title", STATUS: "status", DUE: "due", PRIORITY: "priority", COUNTRY: "country"}
PAGE_SIZE = 200
AnyIndex = QModelIndex | QPersistentModelIndex


class ActionItemTableModel(PagedTableModel):
    columns = COLUMNS
    ORDERS = ORDERS

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(services, PAGE_SIZE, parent)
        self.set_order("due")
        self.country_names: dict[str, str] = {}
        """alpha-3 → the country's name in the UI language (set by the page)."""
        self._warning: QIcon | None = None

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        return page_job(flt, request, total)

    def ranks_for(self, key: str) -> dict[str, int]:
        if key == "country":
            return label_ranks(self.country_names)
        if key == "status":
            return dict(STATUS_RANKS)
        if key == "priority":
            return dict(PRIORITY_RANKS)
        return {}

    def display(self, row: ItemSummary, column: int) -> str:
        language = current_language()
        if column == TITLE:
            return row.title
        if column == STATUS:
            return status_label(row.status, language)
        if column == DUE:
            text = date_text(row.due_on, language) or _("No due date")
            return f"{text} — {_(OVERDUE)}" if row.overdue else text
        if column == OWNER:
            return row.owner_name
        if column == PRIORITY:
            return priority_label(row.priority, language)
        return self.country_names.get(row.country, row.country)

    def tooltip(self, row: ItemSummary, column: int) -> str:
        if row.overdue and column in (TITLE, DUE):
            return _("Overdue: due {day} and not done").format(
                day=date_text(row.due_on, current_language())
            )
        return self.display(row, column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            row = self.row_at(index.row()) if index.isValid() else None
            if row is None or not row.overdue:
                return None
            if role == Qt.ItemDataRole.ForegroundRole and index.column() in (TITLE, DUE):
                return status_brush("overdue")
            if role == Qt.ItemDataRole.DecorationRole and index.column() == DUE:
                return self.warning_icon()
            return None
        return super().data(index, role)

    def warning_icon(self) -> QIcon:
        if self._warning is None:
            style = QApplication.style()
            self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning


__all__ = ["COLUMNS", "PRIORITIES", "STATUSES", "ActionItemTableModel"]
