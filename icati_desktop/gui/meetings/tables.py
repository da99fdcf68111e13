"""The editable lists of a meeting: attendees, agenda, barriers and follow-ups.

Each is a small table (a meeting has tens of rows, not thousands) whose rows keep the
element's id, so an edit changes that element and two devices' edits merge element by
element. Every edit emits ``edited``; the editor saves as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from uuid import UUID

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from icati_desktop.domain.meetings import AgendaItem, Attendee, Barrier, FollowUp
from icati_desktop.gui.meetings.filters import as_date, qdate, western_digits
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.meeting_text import BARRIERS, FOLLOW_UP_STATUS, SECTORS, STAGES, label
from icati_desktop.store.meetings import AttendeeView

ID_ROLE = Qt.ItemDataRole.UserRole + 20
Words = Callable[[], Mapping[str, str]]
"""A drop-down's labels by code, asked when it is made and when the language changes."""
NO_DATE = QDate(2000, 1, 1)


class EditableTable(QTableWidget):
    """A table whose cells are edited in place; ``edited`` after each change."""

    edited = Signal()

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(0, columns, parent)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.itemChanged.connect(lambda _item: self._edited())
        self.loading = False
        self._labels: dict[int, tuple[Words, Callable[[], str] | None]] = {}
        """id of each drop-down → how to label its choices (in the language of the moment)."""

    def _edited(self) -> None:
        if not self.loading:
            self.edited.emit()

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def row_id(self, row: int) -> UUID:
        item = self.item(row, 0)
        assert item is not None
        return UUID(str(item.data(ID_ROLE)))

    def put(self, row: int, column: int, text: str, *, editable: bool = True) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.setItem(row, column, item)
        return item

    def check(self, row: int, column: int, checked: bool) -> None:
        item = QTableWidgetItem()
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.setItem(row, column, item)

    def checked(self, row: int, column: int) -> bool:
        item = self.item(row, column)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def combo(
        self,
        row: int,
        column: int,
        words: Words,
        value: str | None,
        none_text: Callable[[], str] | None = None,
    ) -> QComboBox:
        """A drop-down in a cell; ``words`` and ``none_text`` give its labels, asked again
        when the language changes (:meth:`relabel`)."""
        box = QComboBox()
        if none_text is not None:
            box.addItem(none_text(), None)
        for code, word in words().items():
            box.addItem(word, code)
        box.setCurrentIndex(max(box.findData(value), 0))
        box.currentIndexChanged.connect(lambda _i: self._edited())
        self.setCellWidget(row, column, box)
        self._labels[id(box)] = (words, none_text)
        return box

    def relabel(self) -> None:
        """Every drop-down's choices in the current language (the choice itself is kept)."""
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                box = self.cellWidget(row, column)
                if not isinstance(box, QComboBox) or id(box) not in self._labels:
                    continue
                words, none_text = self._labels[id(box)]
                labels = words()
                box.blockSignals(True)
                for index in range(box.count()):
                    code = box.itemData(index)
                    if code is None and none_text is not None:
                        box.setItemText(index, none_text())
                    elif code is not None:
                        box.setItemText(index, labels.get(str(code), str(code)))
                box.blockSignals(False)

    def choice(self, row: int, column: int) -> str | None:
        box = self.cellWidget(row, column)
        assert isinstance(box, QComboBox)
        data = box.currentData()
        return None if data is None else str(data)

    def first(self, row: int) -> QTableWidgetItem:
        """The row's first cell (made by :meth:`new_row`, it holds the element's id)."""
        item = self.item(row, 0)
        assert item is not None
        return item

    def new_row(self, element_id: UUID) -> int:
        row = self.rowCount()
        self.insertRow(row)
        first = QTableWidgetItem()
        first.setData(ID_ROLE, str(element_id))
        self.setItem(row, 0, first)
        return row

    def remove_selected(self) -> None:
        rows = self.selectionModel().selectedRows()
        if rows:
            self.removeRow(rows[0].row())
            self.edited.emit()


def _words(words: Mapping[str, str]) -> Words:
    """The vocabulary's labels in the language of the moment (asked each time)."""

    def labels() -> dict[str, str]:
        language = current_language()
        return {code: label(words, code, language) for code in words}

    return labels


class AttendeeTable(EditableTable):
    """Name (from the directory, as consent allows) | role | institution | sector |
    continuum stage | decision authority | attended."""

    NAME, ROLE, INSTITUTION, SECTOR, STAGE, AUTHORITY, ATTENDED = range(7)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(7, parent)
        self.links: dict[UUID, tuple[UUID | None, str | None]] = {}
        """row id → (person id, name as written) of the attendee behind the row."""

    def headers(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                _("Name"),
                _("Role"),
                _("Institution"),
                _("Sector"),
                _("Continuum stage"),
                _("Decision authority"),
                _("Attended"),
            ]
        )

    def add(self, view: AttendeeView | None, attendee: Attendee) -> None:
        self.loading = True
        row = self.new_row(attendee.id)
        self.links[attendee.id] = (attendee.person_id, attendee.name)
        name = view.name if view is not None else (attendee.name or "")
        self.first(row).setText(name or _("(no name recorded)"))
        self.first(row).setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.put(row, self.ROLE, attendee.role)
        self.put(row, self.INSTITUTION, attendee.institution)
        self.combo(row, self.SECTOR, _words(SECTORS), attendee.sector, lambda: "—")
        self.combo(row, self.STAGE, _words(STAGES), attendee.continuum_stage, lambda: "—")
        self.check(row, self.AUTHORITY, attendee.decision_authority)
        self.check(row, self.ATTENDED, attendee.attended)
        self.loading = False

    def attendees(self) -> list[Attendee]:
        out = []
        for row in range(self.rowCount()):
            rid = self.row_id(row)
            person_id, name = self.links.get(rid, (None, None))
            out.append(
                Attendee.model_validate(
                    {
                        "id": rid,
                        "person_id": person_id,
                        "name": name if person_id else None,
                        "role": self.text(row, self.ROLE),
                        "institution": self.text(row, self.INSTITUTION),
                        "sector": self.choice(row, self.SECTOR),
                        "continuum_stage": self.choice(row, self.STAGE),
                        "decision_authority": self.checked(row, self.AUTHORITY),
                        "attended": self.checked(row, self.ATTENDED),
                    }
                )
            )
        return out

    def person_ids(self) -> set[str]:
        return {str(pid) for pid, _name in self.links.values() if pid is not None}


class AgendaTable(EditableTable):
    """Item | assessment domain | notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(3, parent)
        self.domains: dict[str, str] = {}

    def headers(self) -> None:
        self.setHorizontalHeaderLabels([_("Agenda item"), _("Assessment domain"), _("Notes")])

    def add(self, item: AgendaItem) -> None:
        self.loading = True
        row = self.new_row(item.id)
        self.first(row).setText(item.title)
        code = item.domain_code

        def domains() -> dict[str, str]:  # the form's domain names in the current language
            known = dict(self.domains)
            if code and code not in known:
                known[code] = code
            return known

        self.combo(row, 1, domains, code, lambda: _("No domain"))
        self.put(row, 2, item.notes)
        self.loading = False

    def agenda_items(self) -> list[AgendaItem]:
        return [
            AgendaItem.model_validate(
                {
                    "id": self.row_id(row),
                    "title": self.text(row, 0),
                    "domain_code": self.choice(row, 1),
                    "notes": self.text(row, 2),
                }
            )
            for row in range(self.rowCount())
        ]


class BarrierTable(EditableTable):
    """Category | what was said. Barriers have no ids: the list is kept whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(2, parent)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 220)

    def headers(self) -> None:
        self.setHorizontalHeaderLabels([_("Barrier"), _("What was said")])

    def add(self, barrier: Barrier | None) -> None:
        from uuid import uuid4

        self.loading = True
        row = self.new_row(uuid4())
        self.combo(row, 0, _words(BARRIERS), barrier.category.value if barrier else "workforce")
        self.first(row).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.put(row, 1, barrier.text if barrier else "")
        self.loading = False

    def barriers(self) -> list[Barrier]:
        return [
            Barrier.model_validate({"category": self.choice(row, 0), "text": self.text(row, 1)})
            for row in range(self.rowCount())
        ]


class FollowUpTable(EditableTable):
    """Action | owner | due date | status | in the plan."""

    ACTION, OWNER, DUE, STATUS, PLAN = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(5, parent)
        self.items_made: dict[UUID, UUID | None] = {}

    def headers(self) -> None:
        self.setHorizontalHeaderLabels(
            [_("Follow-up"), _("Owner"), _("Due"), _("Status"), _("Action plan")]
        )

    def add(self, follow_up: FollowUp) -> None:
        self.loading = True
        row = self.new_row(follow_up.id)
        self.items_made[follow_up.id] = follow_up.action_item_id
        self.first(row).setText(follow_up.action)
        self.put(row, self.OWNER, follow_up.owner)
        due = QDateEdit()
        due.setCalendarPopup(True)
        due.setMinimumDate(NO_DATE)
        due.setSpecialValueText(_("No date"))
        due.setDisplayFormat("yyyy-MM-dd")
        western_digits(due)
        due.setDate(qdate(follow_up.due_on) if follow_up.due_on else NO_DATE)
        due.dateChanged.connect(lambda _d: self._edited())
        self.setCellWidget(row, self.DUE, due)
        self.combo(row, self.STATUS, _words(FOLLOW_UP_STATUS), follow_up.status.value)
        made = follow_up.action_item_id is not None
        self.put(row, self.PLAN, _("Action item") if made else "—", editable=False)
        self.loading = False

    def follow_ups(self) -> list[FollowUp]:
        out = []
        for row in range(self.rowCount()):
            rid = self.row_id(row)
            due = self.cellWidget(row, self.DUE)
            assert isinstance(due, QDateEdit)
            due_on: date | None = None if due.date() == NO_DATE else as_date(due.date())
            out.append(
                FollowUp.model_validate(
                    {
                        "id": rid,
                        "action": self.text(row, self.ACTION),
                        "owner": self.text(row, self.OWNER),
                        "due_on": due_on,
                        "status": self.choice(row, self.STATUS),
                        "action_item_id": self.items_made.get(rid),
                    }
                )
            )
        return out

    def without_item(self) -> int:
        return sum(
            1 for row in range(self.rowCount()) if self.items_made.get(self.row_id(row)) is None
        )
