"""The meeting editor's tabs: details, attendees, agenda, outcomes, resources and files."""

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
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.meetings import AgendaItem, AttachmentKind, Meeting, MeetingAttachment
from icati_desktop.gui.meetings.filters import as_date, qdate, western_digits
from icati_desktop.gui.meetings.tables import (
    AgendaTable,
    AttendeeTable,
    BarrierTable,
    FollowUpTable,
)
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.reports.meeting_text import (
    ATTACHMENT_KINDS,
    CONFIDENTIALITY,
    FORMATS,
    MEETING_TYPES,
    label,
)
from icati_desktop.store.labels import phase_label
from icati_desktop.store.meetings import AttendeeView, PersonChoice

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


def _lines(edit: QPlainTextEdit) -> list[str]:
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
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        western_digits(self.start)
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
            "objectives": _lines(self.objectives),
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


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class PeopleTab(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = AttendeeTable()
        self.table.setObjectName("attendees")
        self.table.edited.connect(self._edited)
        self.pick_button, self.inline_button, self.remove_button = (QPushButton() for _ in range(3))
        self.inline_button.clicked.connect(self.add_inline)
        self.remove_button.clicked.connect(self.table.remove_selected)
        self.anonymous = QSpinBox()
        self.anonymous.setRange(0, 100_000)
        self.anonymous.valueChanged.connect(lambda _v: self._edited())
        self.anonymous_label = QLabel()
        self.anonymous_label.setBuddy(self.anonymous)
        self.counted = QLabel()
        self.counted.setObjectName("counted_without_consent")
        self.hidden_count = 0
        self.loading = False
        count_row = QHBoxLayout()
        count_row.addWidget(self.anonymous_label)
        count_row.addWidget(self.anonymous)
        count_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(_buttons(self.pick_button, self.inline_button, self.remove_button))
        layout.addWidget(self.table, 1)
        layout.addLayout(count_row)
        layout.addWidget(self.counted)

    def _edited(self) -> None:
        self._count()
        if not self.loading:
            self.edited.emit()

    def show_attendees(self, m: Meeting, shown: dict[str, AttendeeView], hidden: int) -> None:
        self.loading = True
        self.table.setRowCount(0)
        self.table.links.clear()
        self.hidden_count = hidden
        for attendee in m.attendees:
            view = shown.get(str(attendee.id))
            if view is not None:
                self.table.add(view, attendee)
        self.anonymous.setValue(m.anonymous_attendee_count)
        self.loading = False
        self._count()

    def add_inline(self) -> None:
        from icati_desktop.domain.meetings import Attendee

        self.table.add(None, Attendee())
        self.table.setCurrentCell(self.table.rowCount() - 1, AttendeeTable.ROLE)
        self.table.edit(self.table.model().index(self.table.rowCount() - 1, AttendeeTable.ROLE))
        self._edited()

    def _count(self) -> None:
        n = self.hidden_count + self.anonymous.value()
        present = sum(1 for row in range(self.table.rowCount()) if self.table.checked(row, 6))
        self.counted.setText(
            ngettext(
                "{shown} listed, and {n} person counted without consent (not shown).",
                "{shown} listed, and {n} people counted without consent (not shown).",
                n,
            ).format(shown=present, n=n)
        )

    def retranslate_ui(self) -> None:
        self.table.headers()
        self.pick_button.setText(_("Add from the &directory…"))
        self.inline_button.setText(_("Add someone &without a name"))
        self.inline_button.setToolTip(
            _("For a person who gave no consent to be stored: role and institution only")
        )
        self.remove_button.setText(_("Remove"))
        self.anonymous_label.setText(_("Others present, counted only:"))
        self._count()


class AgendaTab(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = AgendaTable()
        self.table.setObjectName("agenda")
        self.table.edited.connect(self.edited)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.table.remove_selected)
        layout = QVBoxLayout(self)
        layout.addLayout(_buttons(self.add_button, self.remove_button))
        layout.addWidget(self.table, 1)

    def show_agenda(self, items: list[AgendaItem]) -> None:
        self.table.setRowCount(0)
        for item in items:
            self.table.add(item)

    def add_item(self) -> None:
        self.table.add(AgendaItem.model_construct(title="", domain_code=None, notes=""))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.edit(self.table.model().index(row, 0))

    def retranslate_ui(self) -> None:
        self.table.headers()
        self.add_button.setText(_("Add an agenda &item"))
        self.remove_button.setText(_("Remove"))


class OutcomesTab(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.barriers = BarrierTable()
        self.follow_ups = FollowUpTable()
        self.follow_ups.setObjectName("follow_ups")
        self.decisions = QPlainTextEdit()
        self.decisions.setMaximumHeight(90)
        self.loading = False
        self.decisions.textChanged.connect(lambda: None if self.loading else self.edited.emit())
        for table in (self.barriers, self.follow_ups):
            table.edited.connect(self.edited)
        self.add_barrier, self.remove_barrier = QPushButton(), QPushButton()
        self.add_follow_up, self.remove_follow_up = QPushButton(), QPushButton()
        self.make_items_button = QPushButton()
        self.make_items_button.setObjectName("make_action_items")
        self.add_barrier.clicked.connect(self._new_barrier)
        self.remove_barrier.clicked.connect(self.barriers.remove_selected)
        self.add_follow_up.clicked.connect(self._new_follow_up)
        self.remove_follow_up.clicked.connect(self.follow_ups.remove_selected)
        self.labels = [QLabel() for _ in range(3)]
        layout = QVBoxLayout(self)
        layout.addWidget(self.labels[0])
        layout.addLayout(_buttons(self.add_barrier, self.remove_barrier))
        layout.addWidget(self.barriers, 1)
        layout.addWidget(self.labels[1])
        layout.addWidget(self.decisions)
        layout.addWidget(self.labels[2])
        layout.addLayout(
            _buttons(self.add_follow_up, self.remove_follow_up, self.make_items_button)
        )
        layout.addWidget(self.follow_ups, 2)

    def _new_barrier(self) -> None:
        self.barriers.add(None)
        self.edited.emit()

    def _new_follow_up(self) -> None:
        from icati_desktop.domain.meetings import FollowUp, FollowUpStatus

        self.follow_ups.add(
            FollowUp.model_construct(
                action="", owner="", due_on=None, status=FollowUpStatus.OPEN, action_item_id=None
            )
        )
        row = self.follow_ups.rowCount() - 1
        self.follow_ups.setCurrentCell(row, 0)
        self.follow_ups.edit(self.follow_ups.model().index(row, 0))

    def show_outcomes(self, m: Meeting) -> None:
        self.loading = True
        self.barriers.setRowCount(0)
        for barrier in m.barriers:
            self.barriers.add(barrier)
        self.decisions.setPlainText("\n".join(m.decisions))
        self.follow_ups.setRowCount(0)
        self.follow_ups.items_made.clear()
        for follow_up in m.follow_ups:
            self.follow_ups.add(follow_up)
        self.loading = False

    def decisions_list(self) -> list[str]:
        return _lines(self.decisions)

    def retranslate_ui(self) -> None:
        self.barriers.headers()
        self.follow_ups.headers()
        for widget, text in zip(
            self.labels,
            (
                _("<b>Barriers raised</b>"),
                _("<b>Decisions</b> (one a line)"),
                _("<b>Follow-ups</b>"),
            ),
            strict=True,
        ):
            widget.setText(text)
        self.add_barrier.setText(_("Add a &barrier"))
        self.add_follow_up.setText(_("Add a &follow-up"))
        for button in (self.remove_barrier, self.remove_follow_up):
            button.setText(_("Remove"))
        self.make_items_button.setText(_("Make &action items of the follow-ups"))
        self.make_items_button.setToolTip(
            _("Each follow-up not yet in the plan becomes an action item of the country's plan")
        )


class FilesTab(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resources = QListWidget()
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        self.resource_ids: list[str] = []
        self.attachment_list: list[MeetingAttachment] = []
        self.add_resource_button, self.remove_resource = QPushButton(), QPushButton()
        self.attach_buttons = {kind: QPushButton() for kind in AttachmentKind}
        self.remove_attachment = QPushButton()
        self.remove_resource.clicked.connect(self._remove_resource)
        self.remove_attachment.clicked.connect(self._remove_attachment)
        self.labels = [QLabel(), QLabel()]
        layout = QVBoxLayout(self)
        layout.addWidget(self.labels[0])
        layout.addLayout(_buttons(self.add_resource_button, self.remove_resource))
        layout.addWidget(self.resources, 1)
        layout.addWidget(self.labels[1])
        layout.addLayout(_buttons(*self.attach_buttons.values(), self.remove_attachment))
        layout.addWidget(self.attachments, 1)
        self._catalogue: Any = None

    def show_files(self, m: Meeting, catalogue: Any) -> None:
        self._catalogue = catalogue
        self.resource_ids = [str(r) for r in m.resources_shared]
        self.attachment_list = list(m.attachments)
        self.show_titles()
        self.attachments.clear()
        for attachment in self.attachment_list:
            self._list_attachment(attachment)

    def show_titles(self) -> None:
        self.resources.clear()
        for rid in self.resource_ids:
            title = self._catalogue.title(rid) if self._catalogue is not None else rid
            item = QListWidgetItem(title)
            item.setData(SHA_ROLE, rid)
            self.resources.addItem(item)

    def add_resources(self, ids: list[str], catalogue: Any) -> None:
        self.resource_ids += [i for i in ids if i not in self.resource_ids]
        self._catalogue = catalogue
        self.show_titles()

    def _list_attachment(self, attachment: MeetingAttachment) -> None:
        kind = label(ATTACHMENT_KINDS, attachment.kind.value, current_language())
        item = QListWidgetItem(f"{attachment.file_name} — {kind}")
        item.setData(SHA_ROLE, str(attachment.id))
        item.setToolTip(_("Double-click to open"))
        self.attachments.addItem(item)

    def add_attachment(self, attachment: MeetingAttachment) -> None:
        self.attachment_list.append(attachment)
        self._list_attachment(attachment)

    def attachment_at(self, item: QListWidgetItem) -> MeetingAttachment | None:
        wanted = item.data(SHA_ROLE)
        return next((a for a in self.attachment_list if str(a.id) == wanted), None)

    def _remove_resource(self) -> None:
        item = self.resources.currentItem()
        if item is not None:
            self.resource_ids.remove(str(item.data(SHA_ROLE)))
            self.show_titles()
            self.edited.emit()

    def _remove_attachment(self) -> None:
        if self.attachments.currentRow() < 0:
            return
        item = self.attachments.currentItem()
        attachment = self.attachment_at(item)
        if attachment is not None:
            self.attachment_list.remove(attachment)
            self.attachments.takeItem(self.attachments.row(item))
            self.edited.emit()

    def retranslate_ui(self) -> None:
        self.labels[0].setText(_("<b>Library resources shared</b>"))
        self.labels[1].setText(_("<b>Photos, attendance sheets and other files</b>"))
        self.add_resource_button.setText(_("Add from the &library…"))
        self.attach_buttons[AttachmentKind.PHOTO].setText(_("Add a &photo…"))
        self.attach_buttons[AttachmentKind.ATTENDANCE_SHEET].setText(_("Add an attendance &sheet…"))
        self.attach_buttons[AttachmentKind.OTHER].setText(_("Add another &file…"))
        for button in (self.remove_resource, self.remove_attachment):
            button.setText(_("Remove"))


class PeoplePicker(QDialog):
    """Choose attendees among the directory's people who consented."""

    def __init__(self, choices: list[PersonChoice], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add attendees from the directory"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type part of a name, role or institution"))
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.MultiSelection)
        self.choices = choices
        for person in choices:
            text = ", ".join(p for p in (person.name, person.role, person.institution) if p)
            item = QListWidgetItem(text)
            item.setData(SHA_ROLE, person.person_id)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        empty = QLabel(_("Nobody of this country is in the directory with consent yet."))
        empty.setVisible(not choices)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(empty)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def chosen(self) -> list[PersonChoice]:
        ids = {item.data(SHA_ROLE) for item in self.list.selectedItems()}
        return [c for c in self.choices if c.person_id in ids]
