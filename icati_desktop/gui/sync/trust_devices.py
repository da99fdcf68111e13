"""What the trust page reads and lists: the trust state, and the trusted devices as a table.

:func:`read_trust_state` runs in one job on the database thread; :class:`TrustedDevicesModel`
shows its devices (revoked ones struck out and grey). Fingerprints are set in a large
fixed-width font everywhere so that two people can read them aloud character by character.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase

from icati_desktop.gui.labels import role_label
from icati_desktop.i18n import _, format_datetime
from icati_desktop.store.store import Store
from icati_desktop.sync.cards import SignedCard
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.trust import TrustedDevice, list_trusted, own_card, trusted_hq

Index = QModelIndex | QPersistentModelIndex


def fingerprint_font(scale: float = 1.6) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * scale)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    return font


@dataclass(frozen=True)
class TrustState:
    """What the page shows, read in one job on the database thread."""

    card: SignedCard
    devices: list[TrustedDevice]
    hq: TrustedDevice | None


def read_trust_state(store: Store) -> TrustState:
    card = own_card(store, load_device_keys(store.keys_dir, store.passphrase))
    with store.read() as session:
        hq = trusted_hq(session)
    return TrustState(card=card, devices=list_trusted(store), hq=hq)


def format_when(text: str | None) -> str:
    """A time the store keeps as ISO text, shown short in the current locale ("—" if none)."""
    if not text:
        return "—"
    try:
        return format_datetime(datetime.fromisoformat(text), "short")
    except ValueError:
        return text


class TrustedDevicesModel(QAbstractTableModel):
    """Trusted (and revoked) devices: name, role, fingerprint, source, added, revoked."""

    def __init__(self) -> None:
        super().__init__()
        self.devices: list[TrustedDevice] = []

    def set_devices(self, devices: list[TrustedDevice]) -> None:
        self.beginResetModel()
        self.devices = devices
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.devices)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("Name"), _("Role"), _("Fingerprint"), _("Source"), _("Added"), _("Revoked")][
                section
            ]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        device = self.devices[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            source = _("added here") if device.source == "local" else _("from HQ")
            return [
                device.name,
                role_label(device.role),
                device.fingerprint,
                source,
                format_when(device.added_at),
                format_when(device.revoked_at) if device.revoked else "—",
            ][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Device id {id}").format(id=device.device_id)
        if role == Qt.ItemDataRole.FontRole:
            font = fingerprint_font(1.0) if column == 2 else QFont()
            font.setBold(column == 0 and not device.revoked)
            font.setStrikeOut(device.revoked and column in (0, 2))
            return font
        if role == Qt.ItemDataRole.ForegroundRole and device.revoked:
            return QColor("#b3261e") if column == 5 else QColor(128, 128, 128)
        return None

    def refresh_texts(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        if self.devices:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.devices) - 1, 5))
