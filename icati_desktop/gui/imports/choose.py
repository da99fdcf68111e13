"""The first step: what the file holds, which file, and for attendance, which event."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import _, current_language, format_datetime
from icati_desktop.store.country_choices import CountryChoice
from icati_desktop.store.imports.jobs import EventChoice
from icati_desktop.store.imports.kinds import KIND_LABELS


class ChooseStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.setObjectName("import_kind")
        for key, label in KIND_LABELS.items():
            self.kind.addItem(_(label), key)
        self.path = QLineEdit()
        self.path.setObjectName("import_file")
        self.path.setPlaceholderText(_("An Excel workbook (.xlsx) or a CSV file"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.country = QComboBox()
        self.country.setObjectName("import_country")
        self.country.addItem(_("Each row names its country"), None)
        self.event_box = QComboBox()
        self.event_box.setObjectName("import_event")
        self.event_label = QLabel(_("Event"))
        self.message = QLabel()
        self.message.setObjectName("import_choose_message")
        self.message.setWordWrap(True)
        form.addRow(_("The file holds"), self.kind)
        form.addRow(_("File"), row)
        form.addRow(_("Rows without a country are in"), self.country)
        form.addRow(self.event_label, self.event_box)
        form.addRow(self.message)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def show_countries(self, countries: list[CountryChoice]) -> None:
        language = current_language()
        named = sorted((country_display_name(c.alpha2, language), c.alpha3) for c in countries)
        for name, alpha3 in named:
            self.country.addItem(name, alpha3)

    def show_events(self, events: list[EventChoice]) -> None:
        self.event_box.clear()
        if not events:
            self.event_box.addItem(_("No network events yet: add the event first"), None)
        for e in events:
            self.event_box.addItem(
                f"{e.title} — {format_datetime(e.starts_at, 'short')}", e.record_id
            )

    def browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a spreadsheet"), "", _("Spreadsheets (*.xlsx *.csv)")
        )
        if name:
            self.path.setText(name)

    def _kind_changed(self) -> None:
        attendance = self.kind_key() == "attendance"
        self.event_box.setVisible(attendance)
        self.event_label.setVisible(attendance)

    def kind_key(self) -> str:
        return str(self.kind.currentData())

    def file(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text).expanduser() if text else None

    def choices_problem(self) -> str | None:
        """What must be chosen before the file is read, or ``None``."""
        if self.file() is None:
            return _("Choose the file to import.")
        if self.kind_key() == "attendance" and self.event_box.currentData() is None:
            return _("Choose the event the attendance list is for.")
        return None
