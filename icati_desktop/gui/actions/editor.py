"""The action-item editor: what, who, when, status, priority, stages, domain, progress.

Saving writes one version on top of the leaves the editor opened (a save that raced a
sync import is refused as stale). The owner is picked from the directory (people who
consented to be listed, institutions) or typed; that box and the library resource list
are in :mod:`icati_desktop.gui.actions.pickers`. Progress updates are added one at a
time, dated, with this device's user as their author.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus
from icati_desktop.gui.actions.jobs import (
    note_job,
    save_job,
)
from icati_desktop.gui.actions.pickers import OwnerBox, ResourceList, fill
from icati_desktop.gui.meetings.filters import western_digits
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.action_text import PRIORITIES, STATUSES, date_text
from icati_desktop.store.labels import STAGE_LABELS
from icati_desktop.store.records import RecordView


class ItemEditor(QWidget):
    saved = Signal(str)
    """The id of the item just saved."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.view: RecordView[ActionItem] | None = None
        self.country: str | None = None
        self.plan_id: str | None = None
        self.heading = QLabel()
        self.title = QLineEdit()
        self.title.setObjectName("item_title")
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(70)
        self.owner = OwnerBox()
        self.has_due = QCheckBox()
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        western_digits(self.due)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.status = QComboBox()
        self.status.setObjectName("item_status")
        self.priority = QComboBox()
        self.goal = QComboBox()
        self.domain = QComboBox()
        self.stages = {code: QCheckBox() for code in STAGE_LABELS}
        stage_row = QGridLayout()
        for n, box in enumerate(self.stages.values()):
            stage_row.addWidget(box, n // 2, n % 2)
        self.resources = ResourceList()
        self.notes = QListWidget()
        self.notes.setObjectName("item_notes")
        self.notes.setMaximumHeight(110)
        self.notes.setWordWrap(True)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note_text = QLineEdit()
        self.note_button = QPushButton()
        self.note_button.clicked.connect(self.add_note)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_text, 1)
        note_row.addWidget(self.note_button)
        for combo in (self.owner, self.status, self.priority, self.goal, self.domain):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_item")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.labels = [QLabel() for _ in range(11)]
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long French labels
        rows: list[QWidget | QHBoxLayout | QGridLayout] = [
            self.title,
            self.description,
            self.owner,
            due_row,
            self.status,
            self.priority,
            self.goal,
            self.domain,
            stage_row,
            self.resources,
            self.notes,
        ]
        for label, row in zip(self.labels, rows, strict=True):
            form.addRow(label, row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(note_row)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._goals: list[tuple[str, str]] = []
        self._domains: list[tuple[str, str]] = []
        self.retranslate_ui()

    # --- filling -------------------------------------------------------------------------

    def set_choices(self, goals: list[tuple[str, str]], domains: list[tuple[str, str]]) -> None:
        """The plan's goals and the assessment domains the pickers offer."""
        self._goals, self._domains = goals, domains
        fill(self.goal, _("No goal"), goals)
        fill(self.domain, _("No domain"), domains)

    def start_new(self, country: str, plan_id: str | None, today: date) -> None:
        self.view, self.country, self.plan_id = None, country, plan_id
        self.heading.setText("<h3>{}</h3>".format(_("New action item")))
        self.title.clear()
        self.description.clear()
        self.owner.setEditText("")
        self.has_due.setChecked(True)
        self.due.setDate(QDate(today.year, today.month, today.day).addMonths(1))
        self.status.setCurrentIndex(self.status.findData(ActionItemStatus.OPEN.value))
        self.priority.setCurrentIndex(self.priority.findData("medium"))
        self.goal.setCurrentIndex(0)
        self.domain.setCurrentIndex(0)
        for box in self.stages.values():
            box.setChecked(False)
        self.notes.clear()
        self.note_text.setEnabled(False)
        self.note_button.setEnabled(False)
        self.message.clear()
        self._load_owners(country)
        self._load_resources(country, [])
        self.title.setFocus()

    def show_item(self, view: RecordView[ActionItem]) -> None:
        item = view.payload
        self.view, self.country, self.plan_id = view, item.country, str(item.action_plan_id)
        self.heading.setText(f"<h3>{escape(item.title)}</h3>")
        self.title.setText(item.title)
        self.description.setPlainText(item.description)
        self.owner.setEditText(item.owner_name)
        self.has_due.setChecked(item.due_on is not None)
        self.due.setEnabled(item.due_on is not None)
        if item.due_on is not None:
            self.due.setDate(QDate(item.due_on.year, item.due_on.month, item.due_on.day))
        self.status.setCurrentIndex(self.status.findData(item.status.value))
        self.priority.setCurrentIndex(self.priority.findData(item.priority.value))
        self.goal.setCurrentIndex(max(0, self.goal.findData(str(item.goal_id or ""))))
        self.domain.setCurrentIndex(max(0, self.domain.findData(item.domain_code)))
        chosen = {s.value for s in item.continuum_stages}
        for code, box in self.stages.items():
            box.setChecked(code in chosen)
        language = current_language()
        self.notes.clear()
        for note in item.progress_notes:
            day = date_text(note.noted_on, language)
            self.notes.addItem(f"{day} — {note.author}: {note.text}")
        self.note_text.setEnabled(True)
        self.note_button.setEnabled(True)
        self.message.setText(
            _("Changed on two devices: see Conflicts.") if view.in_conflict else ""
        )
        self._load_owners(item.country)
        self._load_resources(item.country, [str(r) for r in item.resource_ids])

    def _load_owners(self, country: str | None) -> None:
        self.owner.load(self.services, country, self.report)

    def _load_resources(self, country: str, linked: list[str]) -> None:
        self.resources.load(self.services, country, linked, self.report)

    def linked_resources(self) -> list[str]:
        return self.resources.linked()

    # --- saving --------------------------------------------------------------------------

    def draft(self) -> dict[str, object]:
        """The editor's fields as an item's payload fields (plan and country apart)."""
        owner, person = self.owner.owner()
        due = _day(self.due.date()) if self.has_due.isChecked() else None
        return {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip(),
            "owner_name": owner,
            "owner_person_id": person,
            "due_on": due,
            "priority": self.priority.currentData(),
            "goal_id": self.goal.currentData(),
            "domain_code": self.domain.currentData(),
            "continuum_stages": [c for c, box in self.stages.items() if box.isChecked()],
            "resource_ids": self.linked_resources(),
        }

    def save(self) -> None:
        fields = self.draft()
        if not fields["title"]:
            self.message.setText(_("Write what is to be done (the action) before saving."))
            self.title.setFocus()
            return
        status = ActionItemStatus(self.status.currentData())
        if self.view is None:
            if self.country is None:
                return
            draft = {**fields, "status": ActionItemStatus.OPEN.value}
            if self.plan_id:
                draft["action_plan_id"] = self.plan_id
            job = save_job(None, None, None, country=self.country, draft=draft)
        else:
            current = self.view.payload
            edited = ActionItem.model_validate(
                {**current.model_dump(mode="python"), **fields, "status": current.status}
            )
            job = save_job(edited, self.view.record_id, self.view.leaves, status=status)
        if self.view is None and status is not ActionItemStatus.OPEN:
            self.message.setText(_("A new item starts as “Not started”; change it once saved."))
        self.save_button.setEnabled(False)
        self.services.run(job, self._saved, self.report)

    def _saved(self, view: RecordView[ActionItem]) -> None:
        self.save_button.setEnabled(True)
        self.show_item(view)
        self.message.setText(_("Saved."))
        self.saved.emit(view.record_id)

    def add_note(self) -> None:
        text = self.note_text.text().strip()
        if self.view is None or not text:
            return
        self.note_text.clear()
        self.services.run(note_job(self.view.record_id, text), self._saved, self.report)

    def report(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(str(error))

    def retranslate_ui(self) -> None:
        texts = (
            _("Action:"),
            _("Description:"),
            _("Owner:"),
            _("Due date:"),
            _("Status:"),
            _("Priority:"),
            _("Goal:"),
            _("Domain:"),
            _("Continuum stages:"),
            _("Library resources:"),
            _("Progress updates:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        line = self.owner.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("A person or an institution; pick or type"))
        self.has_due.setText(_("Has a due date"))
        for box, words in ((self.status, STATUSES), (self.priority, PRIORITIES)):
            current = box.currentData()
            box.clear()
            for code, text in words.items():
                box.addItem(_(text), code)
            box.setCurrentIndex(max(0, box.findData(current)))
        for code, stage in self.stages.items():
            stage.setText(_(STAGE_LABELS[code]))
        self.note_text.setPlaceholderText(_("What happened, in a sentence"))
        self.note_button.setText(_("Add &update"))
        self.save_button.setText(_("&Save the action item"))
        self.set_choices(self._goals, self._domains)
        if self.view is None:
            self.heading.setText("<h3>{}</h3>".format(_("New action item")))


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
