"""The Atlas list's filters: free text, region, continuum stage, model and status."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from icati_desktop.gui.atlas.vocabulary import (
    MODEL_LABELS,
    REGION_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    label,
)
from icati_desktop.i18n import N_, _
from icati_desktop.store.atlas import InitiativeFilter

TYPING_PAUSE_MS = 250
"""The list follows the search box once typing pauses this long."""


class AtlasFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(200)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)
        self.text.textChanged.connect(self._typing.start)
        self.combos: dict[str, tuple[QComboBox, str, dict[str, str]]] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 2)
        for field, everything, labels in (
            ("region", N_("All regions"), REGION_LABELS),
            ("stage", N_("All continuum stages"), STAGE_LABELS),
            ("model", N_("All models"), MODEL_LABELS),
            ("status", N_("All statuses"), STATUS_LABELS),
        ):
            combo = QComboBox()
            combo.addItem("", None)
            for code in labels:
                combo.addItem("", str(code))
            combo.currentIndexChanged.connect(self.changed)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.combos[field] = (combo, everything, labels)
            layout.addWidget(combo, 1)
        self.retranslate_ui()

    def combo(self, field: str) -> QComboBox:
        return self.combos[field][0]

    def set_choice(self, field: str, code: str | None) -> None:
        combo = self.combo(field)
        combo.setCurrentIndex(max(combo.findData(code), 0))

    def current_filter(self, country: str | None = None) -> InitiativeFilter:
        choices = {field: combo.currentData() for field, (combo, _e, _l) in self.combos.items()}
        return InitiativeFilter(country=country, text=self.text.text().strip(), **choices)

    def clear(self) -> None:
        for combo, _everything, _labels in self.combos.values():
            combo.setCurrentIndex(0)
        self.text.clear()

    def retranslate_ui(self) -> None:
        self.text.setPlaceholderText(_("Search initiatives, organisations, descriptions…"))
        self.text.setAccessibleName(_("Search initiatives"))
        names = {
            "region": _("Region"),
            "stage": _("Continuum stage"),
            "model": _("Model"),
            "status": _("Status"),
        }
        for field, (combo, everything, labels) in self.combos.items():
            combo.setItemText(0, _(everything))
            for index in range(1, combo.count()):
                combo.setItemText(index, label(labels, combo.itemData(index)))
            combo.setAccessibleName(names[field])
            combo.setToolTip(names[field])
