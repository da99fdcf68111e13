"""A field device's "My central office (HQ)" box on the trust page.

It names the HQ this device sends its bundles to, with its fingerprint, or warns that none
is trusted yet and offers the "Trust my HQ…" button; the trust page connects that button
to its own action so the file chooser and the confirmation stay replaceable there.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from icati_desktop.gui.status import set_status
from icati_desktop.gui.sync.trust_devices import fingerprint_font, format_when
from icati_desktop.i18n import _
from icati_desktop.sync.trust import TrustedDevice


class HqPanel(QGroupBox):
    """The HQ a field device trusts, or a warning and a button when it trusts none."""

    def __init__(self) -> None:
        super().__init__()
        self.hq_name = QLabel()
        self.hq_fingerprint = QLabel()
        self.hq_fingerprint.setFont(fingerprint_font(1.3))
        self.hq_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hq_note = QLabel()
        self.hq_note.setWordWrap(True)
        self.trust_hq_button = QPushButton()
        self.hq_fingerprint_caption = QLabel()
        self.countries = QLabel()
        self.countries.setWordWrap(True)
        self.countries.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._countries: str | None = None
        hq_layout = QVBoxLayout(self)
        hq_layout.addWidget(self.hq_name)
        hq_row = QHBoxLayout()
        hq_row.addWidget(self.hq_fingerprint_caption)
        hq_row.addWidget(self.hq_fingerprint)
        hq_row.addStretch(1)
        hq_layout.addLayout(hq_row)
        hq_layout.addWidget(self.countries)
        hq_layout.addWidget(self.hq_note)
        hq_layout.addWidget(self.trust_hq_button, 0, Qt.AlignmentFlag.AlignLeading)

    def retranslate_ui(self) -> None:
        self.setTitle(_("My central office (HQ)"))
        self.trust_hq_button.setText(_("&Trust my HQ…"))
        self.hq_fingerprint_caption.setText(_("Fingerprint:"))
        self.show_countries(self._countries)

    def show_countries(self, described: str | None) -> None:
        """The countries whose records HQ shares with this device (None: not set yet)."""
        self._countries = described
        self.countries.setText(
            _("HQ shares with this device the records of: {countries}.").format(countries=described)
            if described is not None
            else _(
                "HQ has not chosen the countries it shares with this device yet: until it "
                "does, you receive the library, forms, directory and Atlas, and no country's "
                "records. If HQ has not enrolled this device, send it your identity card "
                "(Save my identity card…)."
            )
        )

    def show_hq(self, hq: TrustedDevice | None) -> None:
        if hq is None:
            self.hq_name.setText(
                "<span style='font-size:13pt'><b>{}</b></span>".format(_("No HQ is trusted yet"))
            )
            self.hq_fingerprint.clear()
            self.hq_fingerprint_caption.hide()
            self.hq_note.setText(
                _(
                    "Until you trust your HQ's identity card, this device cannot send its "
                    "work or receive central data. Ask HQ for its card and its fingerprint."
                )
            )
            set_status(self.hq_note, "warning")
        else:
            self.hq_name.setText(
                "<span style='font-size:13pt'><b>{}</b></span><br>{}".format(
                    html.escape(hq.name),
                    _("trusted since {when}").format(when=format_when(hq.added_at)),
                )
            )
            self.hq_fingerprint.setText(hq.fingerprint)
            self.hq_fingerprint_caption.show()
            self.hq_note.setText(
                _(
                    "Your bundles are encrypted for this office, and only what it signs is "
                    "accepted here. If you are ever asked to trust another HQ, call HQ first."
                )
            )
            set_status(self.hq_note, None)
        self.trust_hq_button.setVisible(hq is None)
        self.countries.setVisible(hq is not None)
