"""An event's details form: what, when (in its own time zone), where to join, its level,
recording and partner — and "Start from a series" for a new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QDate, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from icati_desktop.domain.event_series import EventSeries
from icati_desktop.domain.network import LEVELLED_KINDS, EventKind, NetworkEvent, utc_from_local
from icati_desktop.gui.events.model import language_name
from icati_desktop.gui.meetings.filters import clock_edit
from icati_desktop.i18n import WORKING_LANGUAGES, _, current_language
from icati_desktop.reports.event_text import zone_name
from icati_desktop.reports.meeting_text import FORMATS
from icati_desktop.vocabulary import EVENT_KIND_LABELS, LEVEL_LABELS

ZONES = [*sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")), "UTC"]
"""IANA zones a user picks from (the ``Etc/`` offsets and old aliases left out)."""


def system_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if name in ZONES else "UTC"


class EventDetails(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.level, self.recording, self.format = (QComboBox() for _ in range(4))
        self.kind.setObjectName("event_kind")
        self.title = QLineEdit()
        self.title.setObjectName("event_title")
        self.from_series = QComboBox()
        self.from_series.setObjectName("event_from_series")
        self._series: list[EventSeries] = []
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")  # as the meeting editor: one form everywhere
        self.time = clock_edit()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 7 * 24 * 60)
        self.minutes.setSingleStep(15)
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(ZONES)
        self.zone.setObjectName("event_zone")
        for box in (
            self.kind,
            self.level,
            self.recording,
            self.format,
            self.from_series,
            self.zone,
        ):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(16)
        self.zone_hint = QLabel()
        self.languages = QListWidget()
        self.languages.setMaximumHeight(90)
        self.link, self.partner, self.series, self.location = (QLineEdit() for _ in range(4))
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(80)
        self.form = QFormLayout(self)
        self.rows: list[Callable[[], str]] = []
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        for part in (self.date, self.time, self.minutes):
            when.addWidget(part)
        when_box = QWidget()
        when_box.setLayout(when)
        for label, widget in (
            (lambda: _("St&art from a series:"), self.from_series),
            (lambda: _("&Kind:"), self.kind),
            (lambda: _("&Title:"), self.title),
            (lambda: _("&Date, time, minutes:"), when_box),
            (lambda: _("Time &zone:"), self.zone),
            (lambda: "", self.zone_hint),
            (lambda: _("Lan&guages:"), self.languages),
            (lambda: _("&Link to join:"), self.link),
            (lambda: _("Le&vel:"), self.level),
            (lambda: _("&Recording:"), self.recording),
            (lambda: _("Offered by (&partner):"), self.partner),
            (lambda: _("Ser&ies:"), self.series),
            (lambda: _("&Format:"), self.format),
            (lambda: _("L&ocation:"), self.location),
            (lambda: _("D&escription:"), self.description),
        ):
            self.rows.append(label)
            self.form.addRow(label(), widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.from_series.activated.connect(self._series_chosen)
        self.zone.currentTextChanged.connect(self._zone_changed)
        self.date.dateChanged.connect(lambda _d: self._zone_changed(self.zone.currentText()))
        self.retranslate_ui()

    # --- choices -------------------------------------------------------------------------------

    def set_choices(self, recordings: list[tuple[str, str]], series: list[EventSeries]) -> None:
        """The library's webinars (for "Recording") and the shipped series."""
        current = self.recording.currentData()
        self.recording.clear()
        self.recording.addItem(_("No recording"), None)
        for record_id, title in recordings:
            self.recording.addItem(title, record_id)
        self.recording.setCurrentIndex(max(0, self.recording.findData(current)))
        self._series = list(series)
        self._fill_series()

    def _fill_series(self) -> None:
        index = self.from_series.currentIndex()
        self.from_series.clear()
        self.from_series.addItem(_("No series (a one-off event)"), None)
        for series in self._series:
            self.from_series.addItem(series.title_in(current_language()), series.key)
        self.from_series.setCurrentIndex(max(0, index))

    def _series_chosen(self) -> None:
        key = self.from_series.currentData()
        chosen = next((s for s in self._series if s.key == key), None)
        if chosen is None:
            return
        fields = chosen.event_fields(current_language())
        self.kind.setCurrentIndex(max(0, self.kind.findData(fields["kind"])))
        self.title.setText(str(fields["title"]))
        self.level.setCurrentIndex(max(0, self.level.findData(fields["level"])))
        self.recording.setCurrentIndex(max(0, self.recording.findData(fields["recording_id"])))
        self.series.setText(str(fields["series"]))
        self.format.setCurrentIndex(max(0, self.format.findData(fields["format"])))
        self.description.setPlainText(str(fields["description"]))

    def _set_languages(self, chosen: list[str]) -> None:
        self.languages.clear()
        for code in dict.fromkeys([*WORKING_LANGUAGES, *chosen]):
            item = QListWidgetItem(language_name(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.languages.addItem(item)

    def _chosen_languages(self) -> list[str]:
        items = (self.languages.item(i) for i in range(self.languages.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    # --- showing and reading -------------------------------------------------------------------

    def start_new(self) -> None:
        self.from_series.setCurrentIndex(0)
        self.from_series.setEnabled(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(EventKind.NETWORK_MEETING.value)))
        for widget in (self.title, self.link, self.partner, self.series, self.location):
            widget.clear()
        self.description.clear()
        self.date.setDate(QDate.currentDate().addDays(1))
        self.time.setTime(QTime(14, 0))
        self.minutes.setValue(60)
        self.zone.setCurrentText(system_zone())
        self.level.setCurrentIndex(0)
        self.recording.setCurrentIndex(0)
        self.format.setCurrentIndex(max(0, self.format.findData("remote")))
        self._set_languages([current_language()])

    def show_event(self, event: NetworkEvent) -> None:
        self.from_series.setCurrentIndex(0)
        self.from_series.setEnabled(False)
        self.kind.setCurrentIndex(max(0, self.kind.findData(event.kind.value)))
        self.title.setText(event.title)
        local = event.local_starts_at
        self.date.setDate(QDate(local.year, local.month, local.day))
        self.time.setTime(QTime(local.hour, local.minute))
        length = (event.ends_at - event.starts_at) if event.ends_at else timedelta()
        self.minutes.setValue(int(length.total_seconds() // 60))
        self.zone.setCurrentText(event.time_zone)
        self._set_languages(list(event.languages))
        self.link.setText(event.online_url or "")
        level = event.level.value if event.level else None
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        recording = str(event.recording_id) if event.recording_id else None
        self.recording.setCurrentIndex(max(0, self.recording.findData(recording)))
        self.partner.setText(event.partner)
        self.series.setText(event.series)
        self.format.setCurrentIndex(max(0, self.format.findData(event.format.value)))
        self.location.setText(event.location)
        self.description.setPlainText(event.description)

    def _kind_changed(self) -> None:
        levelled = self.kind.currentData() in {k.value for k in LEVELLED_KINDS}
        self.level.setEnabled(levelled)
        if not levelled:
            self.level.setCurrentIndex(0)

    def _zone_changed(self, zone: str) -> None:
        if zone not in ZONES:
            self.zone_hint.setText(_("Choose a time zone from the list, e.g. Africa/Nairobi."))
            return
        day = self.date.date()
        moment = datetime(day.year(), day.month(), day.day(), 12, tzinfo=ZoneInfo(zone))
        self.zone_hint.setText(zone_name(moment, zone, current_language()))

    def fields(self) -> dict[str, Any]:
        """The event's fields as typed (no participants); no start without a known zone."""
        day, clock, zone = self.date.date(), self.time.time(), self.zone.currentText().strip()
        fields: dict[str, Any] = {
            "title": self.title.text().strip(),
            "kind": self.kind.currentData(),
            "time_zone": zone,
            "languages": self._chosen_languages(),
            "online_url": self.link.text().strip() or None,
            "level": self.level.currentData() if self.level.isEnabled() else None,
            "recording_id": self.recording.currentData(),
            "partner": self.partner.text().strip(),
            "series": self.series.text().strip(),
            "format": self.format.currentData(),
            "location": self.location.text().strip(),
            "description": self.description.toPlainText().strip(),
        }
        if zone in ZONES:
            local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
            start = utc_from_local(local, zone)
            fields["starts_at"] = start
            if self.minutes.value():
                fields["ends_at"] = start + timedelta(minutes=self.minutes.value())
        return fields

    def retranslate_ui(self) -> None:
        for row, label in enumerate(self.rows):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                widget.setText(label())
        for box, words, none in (
            (self.kind, EVENT_KIND_LABELS, None),
            (self.level, LEVEL_LABELS, _("No level")),
            (self.format, FORMATS, None),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            if none is not None:
                box.addItem(none, None)
            for code, text in words.items():
                box.addItem(_(text), code)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
        self._kind_changed()
        if self._series:
            self._fill_series()
        self.minutes.setSuffix(" " + _("min"))
        self.minutes.setSpecialValueText(_("no end time"))
        self._zone_changed(self.zone.currentText())
