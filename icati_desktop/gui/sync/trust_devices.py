"""What the trust page reads and lists: the trust state, and the trusted devices as a table.

:func:`read_trust_state` runs in one job on the database thread; :class:`TrustedDevicesModel`
shows its devices (revoked ones struck out and grey). Fingerprints are set in a large
fixed-width font everywhere so that two people can read them aloud character by character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase

from icati_desktop.gui.labels import role_label
from icati_desktop.gui.sync.country_names import CountryNames
from icati_desktop.i18n import _, format_datetime
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.store import Store
from icati_desktop.sync.cards import SignedCard
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.scopes import ScopeChoice, choice_of, scopes
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
    scopes: dict[str, ScopeChoice] = field(default_factory=dict)
    """Device id → the countries HQ set for it (on a field device: its own, if HQ sent it)."""
    countries: list[CountryChoice] = field(default_factory=list)
    """Every country, for names in the UI language and the country picker."""

    def scope_of(self, device_id: str) -> ScopeChoice | None:
        return self.scopes.get(device_id)


def read_trust_state(store: Store) -> TrustState:
    card = own_card(store, load_device_keys(store.keys_dir, store.passphrase))
    with store.read() as session:
        hq = trusted_hq(session)
    return TrustState(
        card=card,
        devices=list_trusted(store),
        hq=hq,
        scopes={d: choice_of(s) for d, s in scopes(store).items()},
        countries=country_choices(store),
    )


def format_when(text: str | None) -> str:
    """A time the store keeps as ISO text, shown short in the current locale ("—" if none)."""
    if not text:
        return "—"
    try:
        return format_datetime(datetime.fromisoformat(text), "short")
    except ValueError:
        return text


COLUMNS = 7
NAME, ROLE, COUNTRIES, FINGERPRINT, SOURCE, ADDED, REVOKED = range(COLUMNS)


class TrustedDevicesModel(QAbstractTableModel):
    """Trusted (and revoked) devices: name, role, countries, fingerprint, source, added,
    revoked. Countries are named in the UI language (a few, then "and N more")."""

    def __init__(self) -> None:
        super().__init__()
        self.devices: list[TrustedDevice] = []
        self.scopes: dict[str, ScopeChoice] = {}
        self.names = CountryNames([])

    def set_devices(
        self,
        devices: list[TrustedDevice],
        scopes: dict[str, ScopeChoice] | None = None,
        countries: list[CountryChoice] | None = None,
    ) -> None:
        self.beginResetModel()
        self.devices = devices
        self.scopes = scopes or {}
        self.names = CountryNames(countries or [])
        self.endResetModel()

    def countries_text(self, device: TrustedDevice, *, short: bool = True) -> str:
        if device.role == "hq":
            return "—"
        scope = self.scopes.get(device.device_id)
        if scope is None:
            proposed = ScopeChoice.of(device.proposed_countries)
            if proposed.countries:
                return _("none yet (proposes {countries})").format(
                    countries=self.names.describe(proposed, short=short)
                )
            return _("none yet")
        return self.names.describe(scope, short=short)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.devices)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                _("Name"),
                _("Role"),
                _("Countries"),
                _("Fingerprint"),
                _("Source"),
                _("Date added"),
                _("Revoked"),
            ][section]
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
                self.countries_text(device),
                device.fingerprint,
                source,
                format_when(device.added_at),
                format_when(device.revoked_at) if device.revoked else "—",
            ][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COUNTRIES and device.role != "hq":
                return self.countries_text(device, short=False)
            return _("Device id {id}").format(id=device.device_id)
        if role == Qt.ItemDataRole.FontRole:
            font = fingerprint_font(1.0) if column == FINGERPRINT else QFont()
            font.setBold(column == NAME and not device.revoked)
            font.setStrikeOut(device.revoked and column in (NAME, FINGERPRINT))
            return font
        if role == Qt.ItemDataRole.ForegroundRole and device.revoked:
            return QColor("#b3261e") if column == REVOKED else QColor(128, 128, 128)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == COUNTRIES
            and device.role != "hq"
            and device.device_id not in self.scopes
        ):
            return QColor("#8a4b00")  # not set yet: HQ sends this device no field record
        return None

    def refresh_texts(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.devices:
            last = self.index(len(self.devices) - 1, COLUMNS - 1)
            self.dataChanged.emit(self.index(0, 0), last)
