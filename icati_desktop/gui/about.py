"""About: version, where the data is, this device and its fingerprint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from icati_desktop import __version__
from icati_desktop.gui.alignment import align_leading
from icati_desktop.gui.labels import role_label
from icati_desktop.i18n import _


class AboutDialog(QDialog):
    def __init__(self, details: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About ICATI Desktop"))
        title = QLabel(f"<h2>ICATI Desktop {__version__}</h2>")
        align_leading(title)  # a Latin title or path in Arabic starts on the right too
        self.title = title
        blurb = QLabel(
            _(
                "Offline support for the International Consortium for Alternatives to "
                "Incarceration: treatment and care instead of punishment."
            )
        )
        blurb.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        labels = {
            "data_dir": _("Data folder:"),
            "database": _("Database:"),
            "device_id": _("Device id:"),
            "role": _("Role:"),
            "fingerprint": _("Fingerprint:"),
        }
        for key, label in labels.items():
            text = details.get(key, "—")
            value = QLabel(role_label(text) if key == "role" else text)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            align_leading(value)
            self.values[key] = value
            form.addRow(label, value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
