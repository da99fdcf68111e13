"""A read-only table of whole rows, for figures and dashboards (light: Home imports it)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget


def read_only_table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setTabKeyNavigation(False)
    return table
