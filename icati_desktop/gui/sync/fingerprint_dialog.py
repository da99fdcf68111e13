"""The dialog that shows an identity card's fingerprint in large type and asks if it matches.

Trusting a device rests on this comparison, read aloud by phone or in person, so "No" is the
default button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QVBoxLayout, QWidget

from icati_desktop.gui.labels import role_label
from icati_desktop.gui.sync.trust_devices import fingerprint_font
from icati_desktop.i18n import _
from icati_desktop.sync.cards import SignedCard


class FingerprintDialog(QDialog):
    """Shows a card's fingerprint in large type and asks whether it matches."""

    def __init__(self, card: SignedCard, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Compare the fingerprint"))
        self.setMinimumWidth(520)
        intro = QLabel(
            _("{name} ({role}) sent this identity card.").format(
                name=card.card.name, role=role_label(card.card.role)
            )
        )
        intro.setWordWrap(True)
        self.fingerprint = QLabel(card.fingerprint)
        self.fingerprint.setFont(fingerprint_font(2.0))
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setFrameShape(QFrame.Shape.StyledPanel)
        self.fingerprint.setMinimumHeight(64)
        ask = QLabel(f"<b>{question}</b>")
        ask.setWordWrap(True)
        warning = QLabel(
            _(
                "Read it together over the phone or in person. If a single character differs, "
                "answer No: the card may not come from who you think."
            )
        )
        warning.setWordWrap(True)
        device = QLabel(_("Device id: {id}").format(id=card.device_id))
        device.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.yes = buttons.addButton(_("Yes, they match"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.no = buttons.addButton(_("No"), QDialogButtonBox.ButtonRole.RejectRole)
        self.no.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.fingerprint, device, ask, warning, buttons):
            layout.addWidget(widget)
