"""The Action plans filter row: goal (with "Add a goal…"), status, overdue only, search."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from icati_desktop.gui.actions.pickers import fill
from icati_desktop.i18n import _
from icati_desktop.reports.action_text import STATUSES
from icati_desktop.store.action_items import ItemFilter


class ItemFilterBar(QWidget):
    changed = Signal()
    """A filter was chosen (the search: when Enter is pressed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.goals_label, self.goal = QLabel(), QComboBox()
        self.goal.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.goal.setMaximumWidth(320)
        self.add_goal_button = QPushButton()
        self.status, self.overdue = QComboBox(), QCheckBox()
        self.status.setObjectName("status_filter")
        self.overdue.setObjectName("overdue_only")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        widgets: list[QWidget] = [self.goals_label, self.goal, self.add_goal_button]
        for widget in [*widgets, self.status, self.overdue, self.search]:
            row.addWidget(widget)
        for box in (self.goal, self.status):
            box.activated.connect(lambda _i: self.changed.emit())
        self.overdue.toggled.connect(lambda _on: self.changed.emit())
        self.search.returnPressed.connect(self.changed)

    def set_goals(self, goals: list[tuple[str, str]]) -> None:
        fill(self.goal, _("All goals"), goals)

    def item_filter(self, today: date, country: str | None, plan_id: str | None) -> ItemFilter:
        """The items of ``country``'s ``plan_id`` these filters let through."""
        return ItemFilter(
            today=today,
            country=country,
            plan_id=plan_id,
            goal_id=self.goal.currentData(),
            status=self.status.currentData(),
            overdue_only=self.overdue.isChecked(),
            text=self.search.text(),
        )

    def is_filtered(self) -> bool:
        return bool(
            self.status.currentData()
            or self.overdue.isChecked()
            or self.search.text().strip()
            or self.goal.currentData()
        )

    def retranslate_ui(self) -> None:
        self.goals_label.setText(_("Goal:"))
        self.add_goal_button.setText(_("Add a &goal…"))
        fill(self.status, _("All statuses"), [(c, _(t)) for c, t in STATUSES.items()])
        self.overdue.setText(_("Overdue only"))
        self.search.setPlaceholderText(_("Search the items (press Enter)"))
