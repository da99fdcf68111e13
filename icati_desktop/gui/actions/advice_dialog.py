"""Who does it and by when: asked before a line of advice becomes an action item."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from icati_desktop.gui.actions.jobs import OwnerChoice, owners_job
from icati_desktop.gui.meetings.filters import western_digits
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _


class AdviceItemDialog(QDialog):
    def __init__(
        self,
        services: AppServices,
        country: str | None,
        action: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("advice_item_dialog")
        self.setWindowTitle(_("Create action item"))
        self.action = QLabel(action)
        self.action.setWordWrap(True)
        self.owner = QComboBox()
        self.owner.setEditable(True)
        line = self.owner.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("A person or an institution; pick or type"))
        self.has_due = QCheckBox(_("Has a due date"))
        self.has_due.setChecked(True)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        western_digits(self.due)
        self.due.setDate(QDate(today.year, today.month, today.day).addMonths(3))
        self.has_due.toggled.connect(self.due.setEnabled)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Action:"), self.action)
        form.addRow(_("Owner:"), self.owner)
        form.addRow(self.has_due, self.due)
        form.addRow(self.buttons)
        services.run(owners_job(country), self._owners, lambda _error: None)

    def _owners(self, choices: list[OwnerChoice]) -> None:
        typed = self.owner.currentText()
        for choice in choices:
            text = f"{choice.name} ({choice.detail})" if choice.detail else choice.name
            self.owner.addItem(text, choice.name)
        self.owner.setEditText(typed)

    def owner_name(self) -> str:
        text = self.owner.currentText().strip()
        index = self.owner.findText(text)
        data = self.owner.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def due_on(self) -> date | None:
        if not self.has_due.isChecked():
            return None
        day = self.due.date()
        return date(day.year(), day.month(), day.day())
