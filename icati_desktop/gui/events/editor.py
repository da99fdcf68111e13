"""One event: what, when (in its own time zone), where to join, its recording, and who came."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from pydantic import ValidationError
from PySide6.QtCore import QDate, Qt, QTime, QTimeZone, Signal
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
    QPushButton,
    QSpinBox,
    QSplitter,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.event_series import EventSeries
from icati_desktop.domain.network import LEVELLED_KINDS, EventKind, NetworkEvent, utc_from_local
from icati_desktop.gui.events.attendance import AttendanceEditor
from icati_desktop.gui.events.jobs import OpenedEvent, Vocabulary, open_job, save_job
from icati_desktop.gui.events.model import language_name
from icati_desktop.gui.file_ready import FileReady
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import WORKING_LANGUAGES, _, current_language
from icati_desktop.reports.event_text import EVENT_KINDS, LEVELS, zone_name
from icati_desktop.reports.meeting_text import FORMATS

ZONES = [*sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")), "UTC"]
"""IANA zones a user picks from (the ``Etc/`` offsets and old aliases left out)."""


def system_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if name in ZONES else "UTC"


class EventEditor(QWidget):
    closed = Signal()
    saved = Signal(str)
    export_requested = Signal(str)
    """Record id of the event to export to a calendar."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.record_id: str | None = None
        self.leaves: tuple[str, ...] = ()
        self.heading = QLabel()
        self.kind, self.level, self.recording, self.format = (QComboBox() for _ in range(4))
        self.kind.setObjectName("event_kind")
        self.title = QLineEdit()
        self.title.setObjectName("event_title")
        self.from_series = QComboBox()
        self.from_series.setObjectName("event_from_series")
        self._series: list[EventSeries] = []
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.time = QTimeEdit()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 7 * 24 * 60)
        self.minutes.setSingleStep(15)
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(ZONES)
        self.zone.setObjectName("event_zone")
        for box in (self.recording, self.from_series, self.zone):
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
        self.attendance = AttendanceEditor()
        self.status = QLabel()
        self.status.setObjectName("event_status")
        self.status.setWordWrap(True)
        self.save_button, self.export_button, self.back_button = (QPushButton() for _ in range(3))
        self.save_button.setObjectName("save_event")
        self.form = QFormLayout()
        self.rows: list[tuple[Callable[[], str], QWidget]] = []
        when = QHBoxLayout()
        for part in (self.date, self.time, self.minutes):
            when.addWidget(part)
        when_box = QWidget()
        when_box.setLayout(when)
        when.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (lambda: _("Start from a &series:"), self.from_series),
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
            (lambda: _("&Series:"), self.series),
            (lambda: _("&Format:"), self.format),
            (lambda: _("L&ocation:"), self.location),
            (lambda: _("D&escription:"), self.description),
        ):
            self.rows.append((label, widget))
            self.form.addRow(label(), widget)
        details = QWidget()
        details.setLayout(self.form)
        self.attendance_title = QLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.attendance_title)
        right_layout.addWidget(self.attendance, 1)
        split = QSplitter()
        split.setObjectName("event_editor_split")
        split.addWidget(details)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.file_ready = FileReady()
        layout.addWidget(self.file_ready)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.from_series.activated.connect(self._series_chosen)
        self.zone.currentTextChanged.connect(self._zone_changed)
        self.date.dateChanged.connect(lambda _d: self._zone_changed(self.zone.currentText()))
        self.save_button.clicked.connect(self.save)
        self.back_button.clicked.connect(self.closed)
        self.export_button.clicked.connect(self._export)
        self.retranslate_ui()

    # --- vocabulary and loading ----------------------------------------------------------------

    def set_vocabulary(self, vocabulary: Vocabulary, countries: list[tuple[str, str]]) -> None:
        current = self.recording.currentData()
        self.recording.clear()
        self.recording.addItem(_("No recording"), None)
        for record_id, title in vocabulary.recordings:
            self.recording.addItem(title, record_id)
        self.recording.setCurrentIndex(max(0, self.recording.findData(current)))
        self.attendance.set_choices(vocabulary.people, countries)
        self._series = list(vocabulary.series)
        self._fill_series()
        self.save_button.setVisible(vocabulary.may_edit)
        self.attendance.set_editable(vocabulary.may_edit)

    def _fill_series(self) -> None:
        language = current_language()
        self.from_series.clear()
        self.from_series.addItem(_("No series (a one-off event)"), None)
        for series in self._series:
            self.from_series.addItem(series.title_in(language), series.key)

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

    def start_new(self) -> None:
        self.record_id, self.leaves = None, ()
        self.from_series.setCurrentIndex(0)
        self.from_series.setEnabled(True)
        tomorrow = QDate.currentDate().addDays(1)
        self.kind.setCurrentIndex(max(0, self.kind.findData(EventKind.NETWORK_MEETING.value)))
        for widget in (self.title, self.link, self.partner, self.series, self.location):
            widget.clear()
        self.description.clear()
        self.date.setDate(tomorrow)
        self.time.setTime(QTime(14, 0))
        self.minutes.setValue(60)
        self.zone.setCurrentText(system_zone())
        self.level.setCurrentIndex(0)
        self.recording.setCurrentIndex(0)
        self.format.setCurrentIndex(max(0, self.format.findData("remote")))
        self._set_languages([current_language()])
        self.attendance.set_participants([], {})
        self.status.clear()
        self.file_ready.hide()
        self.file_ready.hide()
        self._heading()

    def open(self, record_id: str) -> None:
        self.status.setText(_("Opening…"))
        self.services.run(open_job(record_id), self.show_event, self.report)

    def show_event(self, opened: OpenedEvent) -> None:
        event = opened.view.payload
        self.record_id, self.leaves = opened.view.record_id, opened.view.leaves
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
        self.level.setCurrentIndex(
            max(0, self.level.findData(event.level.value if event.level else None))
        )
        recording = str(event.recording_id) if event.recording_id else None
        self.recording.setCurrentIndex(max(0, self.recording.findData(recording)))
        self.partner.setText(event.partner)
        self.series.setText(event.series)
        self.format.setCurrentIndex(max(0, self.format.findData(event.format.value)))
        self.location.setText(event.location)
        self.description.setPlainText(event.description)
        names = {a.person_id: a.name for a in opened.attendees if a.person_id and a.name}
        self.attendance.set_participants(list(event.participants), names)
        self.status.clear()
        self._heading()

    # --- editing -------------------------------------------------------------------------------

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

    def event_fields(self) -> dict[str, Any]:
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
            "participants": [p.model_dump(mode="json") for p in self.attendance.participants],
        }
        if zone in ZONES:
            local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
            start = utc_from_local(local, zone)
            fields["starts_at"] = start
            if self.minutes.value():
                fields["ends_at"] = start + timedelta(minutes=self.minutes.value())
        return fields

    def problem(self, fields: dict[str, Any]) -> str | None:
        """What stops the event from being saved, in the user's words."""
        if not fields["title"]:
            return _("Give the event a title.")
        if "starts_at" not in fields:
            return _("Choose a time zone from the list, e.g. Africa/Nairobi.")
        return None

    def save(self) -> None:
        fields = self.event_fields()
        problem = self.problem(fields)
        if problem is None:
            try:
                event = NetworkEvent.model_validate(fields)
            except ValidationError as error:
                first = error.errors()[0]
                where = str(first["loc"][0]) if first["loc"] else ""
                problem = (
                    _("The link must be a web address starting with https://.")
                    if where == "online_url"
                    else _("This event cannot be saved: {reason}").format(
                        reason=str(first["msg"]).removeprefix("Value error, ")
                    )
                )
        if problem is not None:
            self.status.setText(problem)
            return
        self.status.setText(_("Saving…"))
        self.services.run(
            save_job(event, self.record_id, self.leaves or None), self._saved, self.report
        )

    def _saved(self, opened: OpenedEvent) -> None:
        self.show_event(opened)
        self.status.setText(_("Saved."))
        self.saved.emit(opened.view.record_id)

    def report(self, error: BaseException) -> None:
        self.status.setText(str(error))

    def _export(self) -> None:
        if self.record_id is not None:
            self.export_requested.emit(self.record_id)

    def _heading(self) -> None:
        self.heading.setText(
            "<h2>{}</h2>".format(_("New event") if self.record_id is None else self.title.text())
        )
        self.export_button.setEnabled(self.record_id is not None)

    def retranslate_ui(self) -> None:
        for row, (label, _widget) in enumerate(self.rows):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                item.widget().setText(label())  # type: ignore[union-attr]
        for box, words, none in (
            (self.kind, EVENT_KINDS, None),
            (self.level, LEVELS, _("No level")),
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
            index = self.from_series.currentIndex()
            self._fill_series()
            self.from_series.setCurrentIndex(index)
        self.minutes.setSuffix(" " + _("min"))
        self.minutes.setSpecialValueText(_("no end time"))
        self.attendance_title.setText("<b>{}</b>".format(_("Attendance")))
        self.save_button.setText(_("&Save"))
        self.export_button.setText(_("Export to &calendar…"))
        self.back_button.setText(_("&Back to the list"))
        self.attendance.retranslate_ui()
        self.file_ready.retranslate_ui()
        self._zone_changed(self.zone.currentText())
        self._heading()
