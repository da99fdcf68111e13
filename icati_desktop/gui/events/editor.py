"""One event: its details beside its attendance, saved together as one record."""

from __future__ import annotations

import html
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from icati_desktop.domain.network import NetworkEvent
from icati_desktop.gui.events.attendance import AttendanceEditor
from icati_desktop.gui.events.details import EventDetails
from icati_desktop.gui.events.jobs import OpenedEvent, Vocabulary, open_job, save_job
from icati_desktop.gui.file_ready import FileReady
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _


class EventEditor(QWidget):
    closed = Signal()
    saved = Signal(str)
    export_requested = Signal(str)
    """Record id of the event to export to a calendar."""
    delete_requested = Signal(str, str)
    """Record id and title of the event to delete (the page asks first)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.record_id: str | None = None
        self.leaves: tuple[str, ...] = ()
        self.heading = QLabel()
        self.details = EventDetails()
        self.attendance = AttendanceEditor()
        self.attendance_title = QLabel()
        self.status = QLabel()
        self.status.setObjectName("event_status")
        self.status.setWordWrap(True)
        self.file_ready = FileReady()
        self.save_button, self.export_button, self.back_button, self.delete_button = (
            QPushButton() for _ in range(4)
        )
        self.save_button.setObjectName("save_event")
        self.delete_button.setObjectName("delete_open_event")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.attendance_title)
        right_layout.addWidget(self.attendance, 1)
        split = QSplitter()
        split.setObjectName("event_editor_split")
        split.addWidget(self.details)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.file_ready)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.back_button.clicked.connect(self.closed)
        self.export_button.clicked.connect(self._export)
        self.delete_button.clicked.connect(self._delete)
        self.retranslate_ui()

    def set_vocabulary(self, vocabulary: Vocabulary, countries: list[tuple[str, str]]) -> None:
        self.details.set_choices(vocabulary.recordings, vocabulary.series)
        self.attendance.set_choices(vocabulary.people, countries)
        self.save_button.setVisible(vocabulary.may_edit)
        self.delete_button.setVisible(vocabulary.may_edit)
        self.attendance.set_editable(vocabulary.may_edit)

    def start_new(self) -> None:
        self.record_id, self.leaves = None, ()
        self.details.start_new()
        self.attendance.set_participants([], {})
        self.status.clear()
        self.file_ready.hide()
        self._heading()

    def open(self, record_id: str) -> None:
        self.status.setText(_("Opening…"))
        self.services.run(open_job(record_id), self.show_event, self.report)

    def show_event(self, opened: OpenedEvent) -> None:
        event = opened.view.payload
        self.record_id, self.leaves = opened.view.record_id, opened.view.leaves
        self.details.show_event(event)
        names = {a.person_id: a.name for a in opened.attendees if a.person_id and a.name}
        self.attendance.set_participants(list(event.participants), names)
        self.status.clear()
        self.file_ready.hide()
        self._heading()

    def event_fields(self) -> dict[str, Any]:
        fields = self.details.fields()
        fields["participants"] = [p.model_dump(mode="json") for p in self.attendance.participants]
        return fields

    def problem(self, fields: dict[str, Any]) -> str | None:
        """What stops the event from being saved, in the user's words."""
        if not fields["title"]:
            return _("Give the event a title.")
        if "starts_at" not in fields:
            return _("Choose a time zone from the list, e.g. Africa/Nairobi.")
        try:
            NetworkEvent.model_validate(fields)
        except ValidationError as error:
            first = error.errors()[0]
            if first["loc"] and first["loc"][0] == "online_url":
                return _("The link must be a web address starting with https://.")
            return _("This event cannot be saved: {reason}").format(
                reason=str(first["msg"]).removeprefix("Value error, ")
            )
        return None

    def save(self) -> None:
        fields = self.event_fields()
        problem = self.problem(fields)
        if problem is not None:
            self.status.setText(problem)
            return
        self.status.setText(_("Saving…"))
        event = NetworkEvent.model_validate(fields)
        job = save_job(event, self.record_id, self.leaves or None)
        self.services.run(job, self._saved, self.report)

    def _saved(self, opened: OpenedEvent) -> None:
        self.show_event(opened)
        self.status.setText(_("Saved."))
        self.saved.emit(opened.view.record_id)

    def report(self, error: BaseException) -> None:
        self.status.setText(str(error))

    def _export(self) -> None:
        if self.record_id is not None:
            self.export_requested.emit(self.record_id)

    def _delete(self) -> None:
        if self.record_id is not None:
            self.delete_requested.emit(self.record_id, self.details.title.text().strip())

    def _heading(self) -> None:
        title = _("New event") if self.record_id is None else self.details.title.text()
        self.heading.setText(f"<h2>{html.escape(title)}</h2>")
        self.export_button.setEnabled(self.record_id is not None)
        self.delete_button.setEnabled(self.record_id is not None)

    def retranslate_ui(self) -> None:
        self.details.retranslate_ui()
        self.attendance_title.setText("<b>{}</b>".format(_("Attendance")))
        self.save_button.setText(_("&Save"))
        self.export_button.setText(_("Export to &calendar…"))
        self.delete_button.setText(_("&Delete event…"))
        self.back_button.setText(_("&Back to the list"))
        self.attendance.retranslate_ui()
        self.file_ready.retranslate_ui()
        self._heading()
