"""The widgets of the Action plans section that only show choices: the country, plan and
goal pickers, the item table's view (its model pages from the store), and the editor's
owner box and library resource list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QListWidget, QListWidgetItem, QTableView

from icati_desktop.gui.actions.jobs import OwnerChoice, owners_job, resources_job
from icati_desktop.gui.actions.model import DUE, TITLE
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language, format_date
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


class OwnerBox(QComboBox):
    """Who owns an item: picked from the directory (people who consented to be listed,
    institutions) or typed."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setObjectName("item_owner")

    def load(
        self,
        services: AppServices,
        country: str | None,
        report: Callable[[BaseException], None],
    ) -> None:
        """Offer ``country``'s people and institutions, keeping what is typed."""

        def fill_in(choices: list[OwnerChoice]) -> None:
            typed = self.currentText()
            self.clear()
            for choice in choices:
                text = f"{choice.name} ({choice.detail})" if choice.detail else choice.name
                self.addItem(text, choice)
            self.setEditText(typed)

        services.run(owners_job(country), fill_in, report)

    def owner(self) -> tuple[str, str | None]:
        """The owner's name, and their person id if they were picked from the directory."""
        text = self.currentText().strip()
        index = self.findText(text)
        choice = self.itemData(index) if index >= 0 else None
        if isinstance(choice, OwnerChoice):
            return choice.name, choice.person_id
        return text, None


class ResourceList(QListWidget):
    """The library resources an item can link, ticked where it links them."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("item_resources")
        self.setMaximumHeight(90)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def load(
        self,
        services: AppServices,
        country: str,
        linked: list[str],
        report: Callable[[BaseException], None],
    ) -> None:
        """List the resources offered for ``country``; tick those in ``linked``."""

        def fill_list(choices: list[tuple[str, str]]) -> None:
            self.clear()
            for record_id, title in choices:
                entry = QListWidgetItem(title)
                entry.setData(Qt.ItemDataRole.UserRole, record_id)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = record_id in linked
                entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.addItem(entry)

        services.run(resources_job(country, linked, current_language()), fill_list, report)

    def linked(self) -> list[str]:
        boxes = (self.item(n) for n in range(self.count()))
        return [
            str(b.data(Qt.ItemDataRole.UserRole))
            for b in boxes
            if b.checkState() == Qt.CheckState.Checked
        ]
