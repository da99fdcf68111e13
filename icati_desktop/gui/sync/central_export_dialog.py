"""HQ's export: for which device? One of them, every one (a file each), or a new device.

A central bundle carries the field records of one device's countries and is encrypted to
that device, so HQ says who it is for before choosing where to save it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.first_run_pages import indented
from icati_desktop.gui.sync.country_names import CountryNames
from icati_desktop.i18n import _
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.device import Role
from icati_desktop.store.store import Store
from icati_desktop.sync.central_export import export_targets
from icati_desktop.sync.scopes import ScopeChoice, choice_of


class ExportKind(StrEnum):
    DEVICE = "device"
    EVERY_DEVICE = "every_device"
    CONTENT_ONLY = "content_only"


@dataclass(frozen=True)
class ExportChoice:
    kind: ExportKind
    device_id: str | None = None
    device_name: str | None = None


@dataclass(frozen=True)
class ExportTargets:
    """What the export needs to know first, read on the database thread."""

    role: Role
    devices: list[tuple[str, str]] = field(default_factory=list)
    """(device id, name) of the enrolled field devices."""
    scopes: dict[str, ScopeChoice] = field(default_factory=dict)
    countries: list[CountryChoice] = field(default_factory=list)


def read_export_targets(store: Store) -> ExportTargets:
    targets = export_targets(store)
    if targets.role is not Role.HQ:
        return ExportTargets(targets.role)
    return ExportTargets(
        targets.role,
        targets.devices,
        {d: choice_of(s) for d, s in targets.scopes.items()},
        country_choices(store),
    )


class CentralExportDialog(QDialog):
    def __init__(self, targets: ExportTargets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets = targets
        names = CountryNames(targets.countries)
        self.setWindowTitle(_("Export a central bundle"))
        self.setMinimumWidth(480)
        self.question = QLabel(_("Who is this bundle for?"))
        self.one = QRadioButton(_("&One device:"))
        self.devices = QComboBox()
        self.devices.setAccessibleName(_("Device"))
        for device_id, name in targets.devices:
            scope = targets.scopes.get(device_id, ScopeChoice())
            self.devices.addItem(
                _("{name} — {countries}").format(
                    name=name, countries=names.describe(scope, short=True)
                ),
                device_id,
            )
        self.every = QRadioButton(_("&Every enrolled device, one file each, into a folder"))
        self.content = QRadioButton(_("A &new device, not enrolled yet (content only)"))
        self.content_note = QLabel(
            _(
                "The library, forms and directory, without any country's records. It is not "
                "encrypted, so any device can start from it."
            )
        )
        self.content_note.setWordWrap(True)
        self.note = QLabel(
            _(
                "Each device receives the records of its own countries, encrypted so that only "
                "that device can open its file."
            )
        )
        self.note.setWordWrap(True)
        self.empty = QLabel(
            _(
                "No device is enrolled yet: enrol the experts' devices on the Devices page. "
                "Meanwhile you can export a content-only bundle."
            )
        )
        self.empty.setWordWrap(True)
        group = QButtonGroup(self)
        for button in (self.one, self.every, self.content):
            group.addButton(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.one)
        layout.addLayout(indented(self.devices))
        layout.addWidget(self.every)
        layout.addWidget(self.content)
        layout.addLayout(indented(self.content_note))
        layout.addSpacing(8)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        enrolled = bool(targets.devices)
        for widget in (self.one, self.devices, self.every):
            widget.setEnabled(enrolled)
        self.empty.setVisible(not enrolled)
        (self.one if enrolled else self.content).setChecked(True)
        self.devices.currentIndexChanged.connect(lambda _i: self.one.setChecked(True))

    def choice(self) -> ExportChoice:
        if self.every.isChecked():
            return ExportChoice(ExportKind.EVERY_DEVICE)
        if self.content.isChecked():
            return ExportChoice(ExportKind.CONTENT_ONLY)
        index = self.devices.currentIndex()
        device_id, name = self.targets.devices[index]
        return ExportChoice(ExportKind.DEVICE, device_id, name)
