"""An event's attendance: people from the directory, unnamed attendees by country, and
the counts per country.

The list is the event's own (one record's participants), edited in place and saved
with the event. A person is named only while their consent is active; others show as
"Not named" with their country.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.network import EventParticipant
from icati_desktop.i18n import _, format_number
from icati_desktop.store.meetings import PersonChoice


class AttendanceEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.participants: list[EventParticipant] = []
        self._names: dict[str, str] = {}
        """person id → name shown (consent active)."""
        self._countries: dict[str, str] = {}
        """alpha-3 → name in the UI language."""
        self._people: list[PersonChoice] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("event_attendance")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.person = QComboBox()
        self.person.setObjectName("attendance_person")
        self.country = QComboBox()
        for box in (self.person, self.country):  # long names must not widen the window
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 24 * 60)
        self.add_person = QPushButton()
        self.count = QSpinBox()
        self.count.setRange(1, 100_000)
        self.add_count = QPushButton()
        self.remove = QPushButton()
        self.totals = QLabel()
        self.totals.setObjectName("attendance_totals")
        self.totals.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.person_label, self.minutes_label = QLabel(), QLabel()
        self.country_label, self.count_label = QLabel(), QLabel()
        # label | field | button, a pair of rows for each way of adding: side by side in one
        # row they made the French editor wider than a 1366-pixel screen
        adding = QGridLayout()
        rows = (
            (self.person_label, self.person, None),
            (self.minutes_label, self.minutes, self.add_person),
            (self.country_label, self.country, None),
            (self.count_label, self.count, self.add_count),
        )
        for row, (label, field, button) in enumerate(rows):
            adding.addWidget(label, row, 0)
            adding.addWidget(field, row, 1)
            if button is not None:
                adding.addWidget(button, row, 2)
        adding.setColumnStretch(1, 1)
        self.person_label.setBuddy(self.person)
        self.minutes_label.setBuddy(self.minutes)
        self.country_label.setBuddy(self.country)
        self.count_label.setBuddy(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(self.remove)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        self.add_person.clicked.connect(self._add_person)
        self.add_count.clicked.connect(self._add_count)
        self.remove.clicked.connect(self._remove)
        self.retranslate_ui()

    def set_editable(self, editable: bool) -> None:
        """Laptops read an event's attendance; the central office records it."""
        for widget in (
            self.person_label, self.person, self.minutes_label, self.minutes, self.add_person,
            self.country_label, self.country, self.count_label, self.count, self.add_count,
            self.remove,
        ):  # fmt: skip
            widget.setVisible(editable)

    def set_choices(self, people: list[PersonChoice], countries: list[tuple[str, str]]) -> None:
        self._people = people
        self._countries = dict(countries)
        self.person.clear()
        for person in people:
            self.person.addItem(person.name, person.person_id)
        self.country.clear()
        for code, name in countries:
            self.country.addItem(name, code)
        self._show()

    def set_participants(self, participants: list[EventParticipant], names: dict[str, str]) -> None:
        self.participants, self._names = list(participants), dict(names)
        self._show()

    def _add_person(self) -> None:
        person_id = self.person.currentData()
        if not person_id:
            return
        minutes = self.minutes.value() or None
        self.participants = [p for p in self.participants if str(p.person_id) != person_id]
        self.participants.append(EventParticipant(person_id=person_id, minutes=minutes))
        self._names[person_id] = self.person.currentText()
        self._show()
        self.changed.emit()

    def _add_count(self) -> None:
        code = self.country.currentData()
        if not code:
            return
        self.participants.append(EventParticipant(country=code, count=self.count.value()))
        self._show()
        self.changed.emit()

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.participants[row]
        if rows:
            self._show()
            self.changed.emit()

    def _show(self) -> None:
        self.table.setRowCount(len(self.participants))
        for row, p in enumerate(self.participants):
            name = (
                self._names.get(str(p.person_id)) or _("Not named")
                if p.person_id
                else _("Unnamed attendees")
            )
            country = self._countries.get(p.country or "", p.country or "") if p.country else ""
            cells = (
                name,
                country,
                format_number(p.count),
                format_number(p.minutes) if p.minutes is not None else "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        total = sum(p.count for p in self.participants)
        per_country: dict[str, int] = {}
        for p in self.participants:
            key = self._countries.get(p.country or "", p.country or "") or _("country not recorded")
            per_country[key] = per_country.get(key, 0) + p.count
        parts = [
            _("{caption}: {value}").format(caption=name, value=format_number(n))
            for name, n in sorted(per_country.items(), key=lambda i: (-i[1], i[0].casefold()))
        ]
        self.totals.setText(
            _("{n} attendees — {countries}").format(
                n=format_number(total), countries=", ".join(parts)
            )
            if total
            else ""
        )
        self.empty.setVisible(not self.participants)
        self.table.setVisible(bool(self.participants))
        self.remove.setEnabled(bool(self.participants))
        self.add_person.setEnabled(bool(self._people))

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Attendee"), _("Country"), _("People"), _("Minutes attended")]
        )
        self.table.setAccessibleName(_("Attendance"))
        self.person_label.setText(_("&Person:"))
        self.minutes_label.setText(_("Mi&nutes:"))
        self.minutes.setSpecialValueText(_("not known"))
        self.add_person.setText(_("Add &person"))
        self.country_label.setText(_("Unnamed attendees from:"))
        self.count_label.setText(_("N&umber:"))
        self.add_count.setText(_("Add &unnamed"))
        self.remove.setText(_("&Remove"))
        self.empty.setText(
            _(
                "No attendance recorded yet. Pick a person from the directory and press "
                "“Add person”, or add a number of unnamed attendees by country."
            )
        )
        self._show()
