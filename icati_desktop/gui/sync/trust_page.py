"""Trust: this device's identity, the devices it trusts, enrolment and revocation.

HQ enrols a field device by choosing the card file the expert sent, comparing the
fingerprint the expert reads aloud and confirming the countries the device works on (its
card proposes them); it changes those countries later, and revokes devices for good. A
field device shows the HQ it sends its bundles to and the countries HQ shares with it,
and offers to trust an HQ if it has none.

Every file chooser and confirmation is a small method (``choose_card_file``,
``choose_card_destination``, ``confirm_fingerprint``, ``choose_scope``,
``confirm_revoke``, ``show_error``) so tests and other screens can replace it without a
modal dialog.

The devices table and the trust state are in :mod:`~icati_desktop.gui.sync.trust_devices`,
the fingerprint dialog in :mod:`~icati_desktop.gui.sync.fingerprint_dialog` and a field
device's HQ box in :mod:`~icati_desktop.gui.sync.hq_panel`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.labels import role_label
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.gui.sync.country_names import CountryNames
from icati_desktop.gui.sync.fingerprint_dialog import FingerprintDialog
from icati_desktop.gui.sync.hq_panel import HqPanel
from icati_desktop.gui.sync.identity_box import IdentityBox
from icati_desktop.gui.sync.scope_dialog import ScopeDialog
from icati_desktop.gui.sync.trust_devices import (
    COUNTRIES,
    TrustedDevicesModel,
    TrustState,
    fingerprint_font,
    read_trust_state,
)
from icati_desktop.i18n import _
from icati_desktop.store.store import Store
from icati_desktop.sync.cards import SignedCard, read_card_file
from icati_desktop.sync.identity import MissingDeviceKeys
from icati_desktop.sync.scopes import ScopeChange, ScopeChoice, enrol, set_scope
from icati_desktop.sync.trust import TrustedDevice, revoke

CARD_SUFFIX = ".json"


def card_filter() -> str:
    return ";;".join([_("Identity cards (*.json *.card)"), _("All files (*)")])


class TrustPage(QWidget):
    """This device's identity and the devices it trusts."""

    help_anchor = "before-the-first-exchange-trust-each-other"
    """Its section of the user guide (F1)."""

    changed = Signal()
    """Emitted after a device was trusted or revoked here."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.state: TrustState | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        # This device
        self.identity_box = IdentityBox()
        self.fingerprint_value = self.identity_box.fingerprint_value
        self.role_value = self.identity_box.role_value
        self.save_card_button = self.identity_box.save_card_button
        self.save_card_button.clicked.connect(self.save_own_card)

        # A field device's HQ
        self.hq_box = HqPanel()
        self.hq_name = self.hq_box.hq_name
        self.hq_fingerprint = self.hq_box.hq_fingerprint
        self.trust_hq_button = self.hq_box.trust_hq_button
        self.trust_hq_button.clicked.connect(self.trust_hq)
        for label in (self.fingerprint_value, self.hq_fingerprint):
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("W" * 24 + "--") + 8)

        # Trusted devices
        self.devices_title = QLabel()
        self.model = TrustedDevicesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        self.model.modelReset.connect(self._size_columns)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.enrol_button = QPushButton()
        self.enrol_button.clicked.connect(self.enrol)
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.countries_button = QPushButton()
        self.countries_button.clicked.connect(self.edit_countries)
        self.no_devices = QLabel()
        self.no_devices.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        devices_bar = QHBoxLayout()
        devices_bar.addWidget(self.devices_title, 1)
        devices_bar.addWidget(self.enrol_button)
        devices_bar.addWidget(self.countries_button)
        devices_bar.addWidget(self.revoke_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.identity_box)
        layout.addWidget(self.hq_box)
        layout.addLayout(devices_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.no_devices)
        layout.addWidget(self.notice)
        self.hq_box.hide()
        self.no_devices.hide()
        self.retranslate_ui()
        self._update_buttons()

    # -- texts ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setText(_("Devices and trust"))
        self.identity_box.retranslate_ui()
        self.hq_box.retranslate_ui()
        self.no_devices.setText(
            _("No device is enrolled yet: ask each expert to send you their identity card.")
            if self.state is None or self.state.card.card.role == "hq"
            else _("No device is trusted yet.")
        )
        self.devices_title.setText("<b>{}</b>".format(_("Trusted devices")))
        self.enrol_button.setText(_("&Enrol a device…"))
        self.enrol_button.setToolTip(_("Trust a field device from the identity card it sent"))
        self.countries_button.setText(_("&Countries…"))
        self.countries_button.setToolTip(
            _("Choose the countries whose field records HQ sends to the selected device")
        )
        self.revoke_button.setText(_("&Revoke"))
        self.revoke_button.setToolTip(
            _("Stop accepting bundles from the selected device, for good")
        )
        self.table.setAccessibleName(_("Trusted devices"))
        self.model.refresh_texts()
        self._show_state()

    def _show_state(self) -> None:
        state = self.state
        if state is None:
            self.hint.setText(_("Reading this device's identity…"))
            return
        card = state.card.card
        is_hq = card.role == "hq"
        self.hint.setText(
            _(
                "Bundles are accepted only from devices trusted here. Enrol a field device by "
                "comparing the fingerprint its expert reads to you, and choose the countries "
                "whose records it receives; revoke a lost or retired device and it stays "
                "revoked."
            )
            if is_hq
            else _(
                "This device sends its bundles to one central office and accepts only what "
                "that office signs. Compare fingerprints by phone before trusting."
            )
        )
        self.identity_box.show_card(card)
        self.enrol_button.setVisible(is_hq)
        self.revoke_button.setVisible(is_hq)
        self.countries_button.setVisible(is_hq)
        self.table.setColumnHidden(COUNTRIES, not is_hq)  # only HQ knows every device's
        self.hq_box.setVisible(not is_hq)
        if not is_hq:
            self.hq_box.show_hq(state.hq)
            own = state.scope_of(card.device_id)
            self.hq_box.show_countries(
                None if own is None else CountryNames(state.countries).describe(own)
            )
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        self.services.run(read_trust_state, self._loaded, self._failed)

    def _loaded(self, state: TrustState) -> None:
        self.state = state
        self.identity_box.setVisible(True)
        self.model.set_devices(state.devices, state.scopes, state.countries)
        self.no_devices.setVisible(not state.devices)
        self.retranslate_ui()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, MissingDeviceKeys):
            # A computer connected to the central database without HQ's keys: it works on
            # records; trust needs the keys, and the page says where they go.
            self.hint.setText(
                _(
                    "This computer does not hold the central office's keys, which trusting "
                    "devices and signing bundles need: copy the keys folder of the computer "
                    "that set up the central database to {folder}."
                ).format(folder=error.keys_dir)
            )
            for widget in (self.enrol_button, self.revoke_button, self.identity_box):
                widget.setVisible(False)
            return
        self.show_error(_("Nothing was changed"), str(error))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected_device(self) -> TrustedDevice | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.devices[rows[0].row()] if rows else None

    def select_device(self, device_id: str) -> None:
        for row, device in enumerate(self.model.devices):
            if device.device_id == device_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args: object) -> None:
        device = self.selected_device()
        self.revoke_button.setEnabled(device is not None and not device.revoked)
        self.countries_button.setEnabled(
            device is not None and not device.revoked and device.role == "field"
        )

    def _say(self, text: str) -> None:
        set_status(self.notice, "done")
        self.notice.setText(text)

    # -- overridable choosers and confirmations -----------------------------------------

    def choose_card_destination(self, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save my identity card"), str(Path.home() / suggested), card_filter()
        )
        return Path(path) if path else None

    def choose_card_file(self, title: str) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(self, title, str(Path.home()), card_filter())
        return Path(path) if path else None

    def confirm_fingerprint(self, card: SignedCard, question: str) -> bool:
        return FingerprintDialog(card, question, self).exec() == QDialog.DialogCode.Accepted

    def choose_scope(
        self, name: str, current: ScopeChoice, proposed: list[str] | None
    ) -> tuple[ScopeChoice, bool] | None:
        """The countries a device works on, and whether it must remove those it loses
        (None: cancelled). ``proposed`` is given when enrolling (the card's proposal)."""
        countries = self.state.countries if self.state is not None else []
        dialog = ScopeDialog(name, countries, current, proposed=proposed, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice(), dialog.wants_removal()

    def confirm_revoke(self, device: TrustedDevice) -> bool:
        answer = QMessageBox.question(
            self,
            _("Revoke a device"),
            _(
                "Revoke {name} ({role}, fingerprint {fp})?\n\nBundles from it will be refused "
                "from now on. A revoked device stays revoked: it would need a new identity."
            ).format(name=device.name, role=role_label(device.role), fp=device.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # -- actions -------------------------------------------------------------------------

    def save_own_card(self) -> None:
        if self.state is None:
            return
        card = self.state.card
        safe = "".join(ch if ch.isalnum() else "-" for ch in card.card.name).strip("-")
        path = self.choose_card_destination(f"{safe or 'device'}-identity{CARD_SUFFIX}")
        if path is None:
            return
        text = card.to_json() + "\n"

        def job(_store: Store) -> Path:
            path.write_text(text, encoding="utf-8")
            return path

        self.services.run(
            job,
            lambda written: self._say(
                _("Identity card saved to {path}. Fingerprint {fp}.").format(
                    path=written, fp=card.fingerprint
                )
            ),
            lambda error: self.show_error(_("The card was not saved"), str(error)),
        )

    def enrol(self) -> None:
        """HQ: trust a device from its card file, after comparing fingerprints."""
        self._trust_from_file(
            _("Enrol a device: choose its identity card"),
            _("Does this match what the expert reads to you?"),
        )

    def trust_hq(self) -> None:
        """Field device: trust the central office from its card file."""
        self._trust_from_file(
            _("Trust my HQ: choose its identity card"),
            _("Does this match what your central office reads to you?"),
        )

    def _trust_from_file(self, title: str, question: str) -> None:
        path = self.choose_card_file(title)
        if path is None:
            return

        def read(_store: Store) -> SignedCard:
            return read_card_file(path)

        def ask(card: SignedCard) -> None:
            if not self.confirm_fingerprint(card, question):
                self._say(_("Nothing was trusted."))
                return
            choice = None
            enrolling_field = (
                self.state is not None
                and self.state.card.card.role == "hq"
                and card.card.role == "field"
            )
            if enrolling_field:
                chosen = self.choose_scope(card.card.name, ScopeChoice(), list(card.card.countries))
                if chosen is None:
                    self._say(_("Nothing was trusted."))
                    return
                choice = chosen[0]
            self.services.run(
                lambda store: enrol(store, card, choice),
                self._trusted,
                lambda error: self.show_error(_("The device was not trusted"), str(error)),
            )

        self.services.run(
            read, ask, lambda error: self.show_error(_("This card cannot be used"), str(error))
        )

    def _trusted(self, device: TrustedDevice) -> None:
        self._say(
            _("{name} is trusted. Fingerprint {fp}.").format(
                name=device.name, fp=device.fingerprint
            )
        )
        self.changed.emit()
        self.refresh()

    def edit_countries(self) -> None:
        """HQ: change the countries of the selected device (and maybe ask for a removal)."""
        device = self.selected_device()
        if device is None or device.revoked or device.role != "field" or self.state is None:
            return
        current = self.state.scope_of(device.device_id) or ScopeChoice()
        chosen = self.choose_scope(device.name, current, None)
        if chosen is None:
            return
        choice, remove_lost = chosen
        self.services.run(
            lambda store: set_scope(store, device.device_id, choice, remove_lost=remove_lost),
            self._rescoped,
            lambda error: self.show_error(_("Nothing was changed"), str(error)),
        )

    def _rescoped(self, change: ScopeChange) -> None:
        names = CountryNames(self.state.countries if self.state else [])
        scope = ScopeChoice(all_countries=change.all_countries, countries=tuple(change.countries))
        text = _(
            "{name} works on {countries}: its next central bundle carries their records."
        ).format(name=change.name, countries=names.describe(scope))
        if change.removal:
            text += " " + _(
                "It will remove the records of {countries} when it imports that bundle."
            ).format(countries=names.describe(ScopeChoice.of(change.removal), short=True))
        self._say(text)
        self.changed.emit()
        self.refresh()
        self.select_device(change.device_id)

    def revoke_selected(self) -> None:
        device = self.selected_device()
        if device is None or device.revoked or not self.confirm_revoke(device):
            return
        self.services.run(
            lambda store: revoke(store, device.device_id),
            self._revoked,
            lambda error: self.show_error(_("Nothing was changed"), str(error)),
        )

    def _revoked(self, device: TrustedDevice) -> None:
        self._say(_("{name} is revoked; its bundles will be refused.").format(name=device.name))
        self.changed.emit()
        self.refresh()


__all__ = [
    "CARD_SUFFIX",
    "FingerprintDialog",
    "TrustPage",
    "TrustState",
    "TrustedDevicesModel",
    "card_filter",
    "fingerprint_font",
    "read_trust_state",
]
