"""The meeting editor's Details tab, and the small helpers the tabs share."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import available_timezones

from pydantic import ValidationError
from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from icati_desktop.domain.meetings import Meeting
from icati_desktop.gui.meetings.filters import as_date, clock_edit, qdate, western_digits
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.meeting_text import (
    CONFIDENTIALITY,
    FORMATS,
    MEETING_TYPES,
    label,
)
from icati_desktop.store.labels import phase_label

NO_DATE = QDate(2000, 1, 1)
SHA_ROLE = Qt.ItemDataRole.UserRole + 21


def _combo(words: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for code in words:
        box.addItem("", code)
    return box


def _relabel(box: QComboBox, words: dict[str, str]) -> None:
    language = current_language()
    for index in range(box.count()):
        code = box.itemData(index)
        if code in words:
            box.setItemText(index, label(words, code, language))


def text_lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class DetailsForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setObjectName("meeting_title")
        self.country = QComboBox()
        self.country.setObjectName("meeting_country")
        self.area = QLineEdit()
        self.held_on = QDateEdit()
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        western_digits(self.held_on)
        self.timed = QCheckBox()
        self.start = clock_edit()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones()))
        time_row = QHBoxLayout()
        for widget in (self.timed, self.start, self.zone):
            time_row.addWidget(widget)
        self.format = _combo(FORMATS)
        self.kind = _combo(MEETING_TYPES)
        self.kind.setObjectName("meeting_type")
        self.phase = QComboBox()
        self.phase.addItem("", None)
        for phase in range(1, 5):
            self.phase.addItem("", phase)
        self.facilitator = QLineEdit()
        self.objectives = QPlainTextEdit()
        self.objectives.setMaximumHeight(80)
        self.next_on = QDateEdit()
        self.next_on.setCalendarPopup(True)
        self.next_on.setMinimumDate(NO_DATE)
        self.next_on.setDisplayFormat("yyyy-MM-dd")
        western_digits(self.next_on)
        self.confidentiality = _combo(CONFIDENTIALITY)
        self.notes = QPlainTextEdit()
        self.form = QFormLayout(self)
        self.labels = [QLabel() for _ in range(13)]
        rows: list[QWidget | Any] = [
            self.title,
            self.country,
            self.area,
            self.held_on,
            time_row,
            self.format,
            self.kind,
            self.phase,
            self.facilitator,
            self.objectives,
            self.next_on,
            self.confidentiality,
            self.notes,
        ]
        for text, row in zip(self.labels, rows, strict=True):
            self.form.addRow(text, row)
            if isinstance(row, QWidget):
                text.setBuddy(row)
        for line in (self.title, self.area, self.facilitator):
            line.textEdited.connect(self.edited)
        for box in (self.country, self.format, self.kind, self.phase, self.confidentiality):
            box.activated.connect(lambda _i: self.edited.emit())
        self.zone.currentTextChanged.connect(lambda _t: self._maybe_edited())
        for edit in (self.held_on, self.next_on):
            edit.dateChanged.connect(lambda _d: self._maybe_edited())
        self.start.timeChanged.connect(lambda _t: self._maybe_edited())
        self.timed.toggled.connect(self._timed)
        for text_edit in (self.objectives, self.notes):
            text_edit.textChanged.connect(self._maybe_edited)
        self.loading = False

    def _maybe_edited(self) -> None:
        if not self.loading:
            self.edited.emit()

    def _timed(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.zone.setEnabled(on)
        self._maybe_edited()

    def set_countries(self, names: list[tuple[str, str]]) -> None:
        chosen = self.country.currentData()
        self.country.clear()
        for code, name in names:
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(self.country.findData(chosen), 0))

    def first_country(self) -> str | None:
        data = self.country.itemData(0) if self.country.count() else None
        return None if data is None else str(data)

    def today(self) -> date:
        return as_date(QDate.currentDate())

    def show_meeting(self, m: Meeting) -> None:
        self.loading = True
        self.title.setText(m.title)
        index = self.country.findData(m.country)
        if index < 0:
            self.country.addItem(m.country, m.country)
            index = self.country.count() - 1
        self.country.setCurrentIndex(index)
        self.area.setText(m.subnational_area)
        self.held_on.setDate(qdate(m.held_on))
        self.timed.setChecked(m.start_time is not None)
        self.start.setEnabled(m.start_time is not None)
        self.zone.setEnabled(m.start_time is not None)
        self.start.setTime(QTime.fromString(m.start_time or "09:00", "HH:mm"))
        self.zone.setCurrentText(m.time_zone or "UTC")
        self.format.setCurrentIndex(max(self.format.findData(m.format.value), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(m.meeting_type.value), 0))
        self.phase.setCurrentIndex(max(self.phase.findData(m.phase), 0))
        self.facilitator.setText(m.facilitator)
        self.objectives.setPlainText("\n".join(m.objectives))
        self.next_on.setDate(qdate(m.next_meeting_on) if m.next_meeting_on else NO_DATE)
        index = self.confidentiality.findData(m.confidentiality.value)
        self.confidentiality.setCurrentIndex(max(index, 0))
        self.notes.setPlainText(m.notes)
        self.loading = False

    def values(self) -> dict[str, Any] | str:
        if self.country.currentData() is None:
            return _("Choose the country of the meeting.")
        timed = self.timed.isChecked()
        return {
            "title": self.title.text().strip(),
            "country": self.country.currentData(),
            "subnational_area": self.area.text().strip(),
            "held_on": as_date(self.held_on.date()),
            "start_time": self.start.time().toString("HH:mm") if timed else None,
            "time_zone": self.zone.currentText().strip() if timed else None,
            "format": self.format.currentData(),
            "meeting_type": self.kind.currentData(),
            "phase": self.phase.currentData(),
            "facilitator": self.facilitator.text().strip(),
            "objectives": text_lines(self.objectives),
            "next_meeting_on": None
            if self.next_on.date() == NO_DATE
            else as_date(self.next_on.date()),
            "confidentiality": self.confidentiality.currentData(),
            "notes": self.notes.toPlainText().strip(),
        }

    def explain(self, error: ValidationError) -> str:
        """What stops the meeting from being saved, in the user's words."""
        first = error.errors()[0]
        where = str(first["loc"][0]) if first["loc"] else ""
        if where == "time_zone":
            return _(
                "{zone} is not a time zone: choose one from the list, e.g. Africa/Nairobi."
            ).format(zone=self.zone.currentText())
        message = str(first.get("msg", ""))
        if "next meeting" in message:
            return _("The next meeting cannot be before this one: change its date.")
        if "listed twice" in message:
            return _("Someone is listed twice among the attendees: remove one row.")
        return message

    def retranslate_ui(self) -> None:
        texts = (
            _("&Title:"),
            _("&Country:"),
            _("Area in the country:"),
            _("&Date:"),
            _("Start time:"),
            _("&Format:"),
            _("T&ype:"),
            _("Country &phase then:"),
            _("Facilitator:"),
            _("Objectives (one a line):"),
            _("&Next meeting:"),
            _("Confidentiality:"),
            _("General notes:"),
        )
        for widget, text in zip(self.labels, texts, strict=True):
            widget.setText(text)
        self.timed.setText(_("Known"))
        self.zone.setToolTip(_("The time zone of the place, e.g. Africa/Nairobi"))
        self.zone.setAccessibleName(_("Time zone"))
        self.next_on.setSpecialValueText(_("Not planned"))
        _relabel(self.format, FORMATS)
        _relabel(self.kind, MEETING_TYPES)
        _relabel(self.confidentiality, CONFIDENTIALITY)
        self.phase.setItemText(0, _("Not known"))
        for index in range(1, self.phase.count()):
            self.phase.setItemText(index, phase_label(int(self.phase.itemData(index))))


def buttons_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row
