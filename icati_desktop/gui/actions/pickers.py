"""The widgets of the Action plans section that only show choices: the country, plan and
goal pickers and the item table's view (its model pages from the store)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView

from icati_desktop.gui.actions.model import DUE, TITLE
from icati_desktop.i18n import _, format_date
from icati_desktop.store.action_items import PlanSummary


def fill(box: QComboBox, everything: str, pairs: list[tuple[str, str]]) -> None:
    """``everything`` (no choice), then (code, label) pairs; the current choice is kept."""
    current = box.currentData()
    box.clear()
    box.addItem(everything, None)
    for code, text in pairs:
        box.addItem(text, code)
    box.setCurrentIndex(max(0, box.findData(current)))


def fill_plans(box: QComboBox, plans: list[PlanSummary]) -> None:
    pairs = [
        (p.record_id, f"{p.title} ({format_date(p.period_start)} – {format_date(p.period_end)})")
        for p in plans
    ]
    fill(box, _("All plans"), pairs)
    box.setEnabled(bool(plans))


def goal_pairs(plans: list[PlanSummary], chosen: str | None) -> list[tuple[str, str]]:
    """(id, title) of the goals of the chosen plan (of every plan listed for ``None``)."""
    return [g for p in plans if chosen in (None, p.record_id) for g in p.goals]


def fit_item_table(table: QTableView) -> None:
    """The item table: sorted by the store (header clicks), its columns' widths."""
    table.setObjectName("action_items_table")
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
    table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
    for column, width in ((1, 95), (2, 200), (3, 140), (4, 70), (5, 100)):
        table.setColumnWidth(column, width)
