"""The trust page's "This device" box: name, role, device id, fingerprint, save the card."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from icati_desktop.gui.alignment import align_leading
from icati_desktop.gui.labels import role_label
from icati_desktop.gui.sync.trust_devices import fingerprint_font
from icati_desktop.i18n import _
from icati_desktop.sync.cards import IdentityCard


class IdentityBox(QGroupBox):
    """This device's public identity; the page connects ``save_card_button`` to its action."""

    def __init__(self) -> None:
        super().__init__()
        self.name_value = QLabel()
        self.role_value = QLabel()
        self.device_id_value = QLabel()
        self.device_id_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_value = QLabel("—")
        self.fingerprint_value.setFont(fingerprint_font())
        self.fingerprint_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_value.setAccessibleName(_("This device's fingerprint"))
        self.save_card_button = QPushButton()
        self._captions = [QLabel() for _ in range(3)]
        form = QFormLayout()
        for caption, value in zip(
            self._captions, (self.name_value, self.role_value, self.device_id_value), strict=True
        ):
            form.addRow(caption, value)
        self.fingerprint_caption = QLabel()
        align_leading(
            self.name_value, self.role_value, self.device_id_value, self.fingerprint_caption
        )
        layout = QHBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addSpacing(32)  # the fingerprint's caption must not touch the name
        fp = QVBoxLayout()
        fp.addWidget(self.fingerprint_caption)
        fp.addWidget(self.fingerprint_value)
        fp.addWidget(self.save_card_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addLayout(fp)

    def retranslate_ui(self) -> None:
        self.setTitle(_("This device"))
        for caption, text in zip(
            self._captions, (_("Name:"), _("Role:"), _("Device id:")), strict=True
        ):
            caption.setText(text)
        self.fingerprint_caption.setText(_("Fingerprint (read it aloud to compare):"))
        self.save_card_button.setText(_("&Save my identity card…"))
        self.save_card_button.setToolTip(
            _("Write this device's public identity card to a file to send to HQ or an expert")
        )

    def show_card(self, card: IdentityCard) -> None:
        self.name_value.setText(f"<b>{html.escape(card.name)}</b>")
        self.role_value.setText(role_label(card.role))
        self.device_id_value.setText(card.device_id)
        self.fingerprint_value.setText(card.fingerprint)
