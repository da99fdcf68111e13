"""The meeting editor's Attendees, Agenda and Outcomes tabs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.meetings import AgendaItem, Meeting
from icati_desktop.gui.meetings.details import buttons_row, text_lines
from icati_desktop.gui.meetings.tables import (
    AgendaTable,
    AttendeeTable,
    BarrierTable,
    FollowUpTable,
)
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.meetings import AttendeeView


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
        layout.addLayout(buttons_row(self.pick_button, self.inline_button, self.remove_button))
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
        self.table.relabel()
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
        layout.addLayout(buttons_row(self.add_button, self.remove_button))
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
        self.table.relabel()
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
        layout.addLayout(buttons_row(self.add_barrier, self.remove_barrier))
        layout.addWidget(self.barriers, 1)
        layout.addWidget(self.labels[1])
        layout.addWidget(self.decisions)
        layout.addWidget(self.labels[2])
        layout.addLayout(
            buttons_row(self.add_follow_up, self.remove_follow_up, self.make_items_button)
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
        return text_lines(self.decisions)

    def retranslate_ui(self) -> None:
        self.barriers.headers()
        self.follow_ups.headers()
        self.barriers.relabel()
        self.follow_ups.relabel()
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
