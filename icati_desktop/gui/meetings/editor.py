"""One meeting, saved as typed: details, attendees, agenda, outcomes, files.

Like the assessment fill-in, there is no Save button: a change is written one typing
pause after the last key press (:data:`TYPING_PAUSE_MS`), as one version of the whole
meeting on top of the leaves the editor last saw. What cannot be saved (an agenda item
without a title, a next meeting before this one) is said beside the status and nothing
is written until it is fixed. A new meeting is created by its first change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError
from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.directory import Sector
from icati_desktop.domain.meetings import (
    AgendaItem,
    AttachmentKind,
    Attendee,
    FollowUp,
    Meeting,
    MeetingAttachment,
)
from icati_desktop.gui.assessments.evidence import ResourceCatalogue
from icati_desktop.gui.assessments.typed_widgets import TYPING_PAUSE_MS
from icati_desktop.gui.meetings.details import DetailsForm
from icati_desktop.gui.meetings.files_tab import FilesTab, PeoplePicker
from icati_desktop.gui.meetings.jobs import OpenedMeeting, Vocabulary, directory_job, open_job
from icati_desktop.gui.meetings.tabs import AgendaTab, OutcomesTab, PeopleTab
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.meeting_writes import (
    attach_file,
    delete_meeting,
    follow_ups_to_action_items,
    save_meeting,
)
from icati_desktop.store.meetings import AttendeeView, PersonChoice
from icati_desktop.store.opened_copies import open_copy
from icati_desktop.store.records import RecordView


class MeetingEditor(QWidget):
    closed = Signal()
    saved = Signal(str)
    """The meeting's id, after each save."""
    action_items_made = Signal(list)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.record_id: str | None = None
        self.leaves: tuple[str, ...] = ()
        self.phases: dict[str, int] = {}
        """Each country's phase now: a new meeting starts with its country's."""
        self.hidden: list[Attendee] = []
        """Attendees whose consent does not allow showing them: kept, never shown."""
        self._saving = False
        self._pending = False
        self._shown_generation = 0
        """Bumped when another meeting is shown: a save of the one before keeps to itself."""
        self._after_save: list[Callable[[], None]] = []
        self.catalogue = ResourceCatalogue(services, self)
        self.back_button = QPushButton()
        self.heading = QLabel()
        self.state = QLabel()
        self.state.setObjectName("meeting_save_state")
        self.state.setWordWrap(True)
        self.delete_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        top.addWidget(self.delete_button)
        self.details = DetailsForm()
        self.people = PeopleTab()
        self.agenda = AgendaTab()
        self.outcomes = OutcomesTab()
        self.files = FilesTab()
        self.tabs = QTabWidget()
        for tab in (self.details, self.people, self.agenda, self.outcomes, self.files):
            self.tabs.addTab(tab, "")
            tab.edited.connect(self.changed)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.state)
        self.back_button.clicked.connect(self.close_editor)
        self.delete_button.clicked.connect(self.delete)
        self.people.pick_button.clicked.connect(self.pick_from_directory)
        self.outcomes.make_items_button.clicked.connect(self.make_action_items)
        self.files.add_resource_button.clicked.connect(self.add_resources)
        for kind, button in self.files.attach_buttons.items():
            button.clicked.connect(lambda _c=False, k=kind: self.attach(k))
        self.files.attachments.itemActivated.connect(self._open_attachment)
        self.catalogue.loaded.connect(self.files.show_titles)
        self.retranslate_ui()

    # --- vocabulary and loading ----------------------------------------------------------------

    def set_vocabulary(self, vocabulary: Vocabulary, countries: list[tuple[str, str]]) -> None:
        self.details.set_countries(countries)
        self.agenda.table.domains = dict(vocabulary.domains)
        self.phases = vocabulary.phases

    def start_new(self, country: str | None) -> None:
        self.flush()
        self._shown_generation += 1
        self.record_id, self.leaves, self.hidden = None, (), []
        chosen = country or self.details.first_country()
        if chosen is None:  # the countries are still loading
            self.state.setText(_("Choose the country of the meeting."))
            return
        blank = Meeting.model_validate(
            {
                "country": chosen,
                "held_on": self.details.today(),
                "format": "in_person",
                "meeting_type": "ta_session",
                "phase": self.phases.get(chosen),
            }
        )
        self._show(blank, {}, 0)
        self.state.setText(_("New meeting: it is saved as you type."))
        self.catalogue.load()
        self.details.title.setFocus()

    def open(self, record_id: str) -> None:
        self.flush()
        self.state.setText(_("Opening…"))
        self.services.run(open_job(record_id), self._opened, self._failed)

    def _opened(self, opened: OpenedMeeting) -> None:
        view = opened.view
        self._shown_generation += 1
        self.record_id, self.leaves = view.record_id, view.leaves
        shown = {a.attendee_id: a for a in opened.attendance.shown}
        self.hidden = [a for a in view.payload.attendees if str(a.id) not in shown]
        counted = opened.attendance.without_consent - view.payload.anonymous_attendee_count
        self._show(view.payload, shown, counted)
        self.state.setText(
            _("This meeting is in conflict: see Conflicts.") if view.in_conflict else _("Saved")
        )
        self.catalogue.load()

    def _show(self, meeting: Meeting, shown: dict[str, AttendeeView], hidden_count: int) -> None:
        self.details.show_meeting(meeting)
        self.people.show_attendees(meeting, shown, hidden_count)
        self.agenda.show_agenda(meeting.agenda)
        self.outcomes.show_outcomes(meeting)
        self.files.show_files(meeting, self.catalogue)
        self._heading(meeting)

    def _heading(self, meeting: Meeting) -> None:
        self.heading.setText("<h3>{}</h3>".format(meeting.title or _("Meeting")))

    # --- saving ------------------------------------------------------------------------------

    def changed(self) -> None:
        self.state.setText(_("Editing…"))
        self._timer.start()

    def build(self) -> Meeting | str:
        """The meeting as the widgets show it, or what stops it from being saved."""
        try:
            agenda: list[AgendaItem] = self.agenda.table.agenda_items()
        except ValidationError:
            return _("Every agenda item needs a title: type one or remove the empty row.")
        try:
            follow_ups: list[FollowUp] = self.outcomes.follow_ups.follow_ups()
        except ValidationError:
            return _("Every follow-up needs an action: type one or remove the empty row.")
        try:
            barriers = self.outcomes.barriers.barriers()
        except ValidationError:
            return _("Say what each barrier was, or remove the empty row.")
        details = self.details.values()
        if isinstance(details, str):
            return details
        try:
            return Meeting.model_validate(
                {
                    **details,
                    "agenda": agenda,
                    "attendees": [*self.people.table.attendees(), *self.hidden],
                    "anonymous_attendee_count": self.people.anonymous.value(),
                    "barriers": barriers,
                    "decisions": self.outcomes.decisions_list(),
                    "follow_ups": follow_ups,
                    "resources_shared": self.files.resource_ids,
                    "attachments": self.files.attachment_list,
                }
            )
        except ValidationError as error:
            return self.details.explain(error)

    def save(self) -> None:
        self._timer.stop()
        if self._saving:
            self._pending = True
            return
        built = self.build()
        if isinstance(built, str):
            self._after_save = []  # what waited for this save is not done either
            self.state.setText(_("Not saved: {why}").format(why=built))
            return
        self._saving = True
        record_id, leaves, generation = self.record_id, self.leaves, self._shown_generation
        self.state.setText(_("Saving…"))
        self.services.run(
            lambda store: save_meeting(store, built, record_id, leaves if record_id else None),
            lambda view: self._saved(view, generation),
            self._save_failed,
        )

    def _saved(self, view: RecordView[Meeting], generation: int) -> None:
        self._saving = False
        if generation != self._shown_generation:
            return  # the meeting shown before; the one shown now is not this record
        self.record_id, self.leaves = view.record_id, view.leaves
        self._heading(view.payload)
        self.state.setText(_("Saved"))
        self.saved.emit(view.record_id)
        if self._pending:
            self._pending = False
            self.save()
            return
        callbacks, self._after_save = self._after_save, []
        for callback in callbacks:
            callback()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._after_save = []
        self.state.setText(_("Not saved: {why}").format(why=error))

    def flush(self) -> None:
        """Write a pending change now (leaving the editor, another meeting opened)."""
        if self._timer.isActive():
            self.save()

    def when_saved(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once every change so far is in the store."""
        if self._timer.isActive() or self._saving:
            self._after_save.append(callback)
            self.flush()
        else:
            callback()

    def close_editor(self) -> None:
        self.flush()
        self.closed.emit()

    # --- attendees, follow-ups, files -------------------------------------------------------

    def choose_people(self, choices: list[PersonChoice]) -> list[PersonChoice]:
        """Ask which people of the directory came; tests override this."""
        exclude = self.people.table.person_ids()
        picker = PeoplePicker([c for c in choices if c.person_id not in exclude], self)
        return picker.chosen() if picker.exec() else []

    def pick_from_directory(self) -> None:
        def chosen(choices: list[PersonChoice]) -> None:
            picked = self.choose_people(choices)
            for person in picked:
                self.people.table.add(
                    None,
                    Attendee(
                        person_id=UUID(person.person_id),
                        name=person.name,
                        role=person.role,
                        institution=person.institution,
                        sector=Sector(person.sector) if person.sector else None,
                    ),
                )
            if picked:
                self.changed()
            elif not choices:
                self.state.setText(
                    _(
                        "Nobody of this country is in the directory with consent yet: add "
                        "attendees without a name, or record them in Stakeholders first."
                    )
                )

        country = self.details.country.currentData()
        self.services.run(directory_job(country), chosen, self._failed)

    def make_action_items(self) -> None:
        if not self.outcomes.follow_ups.without_item():
            self.state.setText(_("Every follow-up is already an action item."))
            return

        def make() -> None:
            record_id, leaves = self.record_id, self.leaves
            if record_id is None:
                return
            self.services.run(
                lambda store: follow_ups_to_action_items(store, record_id, base_leaves=leaves),
                self._items_made,
                self._failed,
            )

        self.when_saved(make)
        if self.record_id is None:
            self.save()

    def _items_made(self, made: dict[str, str]) -> None:
        self.action_items_made.emit(list(made.values()))
        if self.record_id is not None:
            self.open(self.record_id)
        self.state.setText(
            ngettext(
                "{n} follow-up is now an action item of the country's plan.",
                "{n} follow-ups are now action items of the country's plan.",
                len(made),
            ).format(n=len(made))
        )

    def choose_file(self, kind: AttachmentKind) -> Path | None:
        """Ask for a file to attach; tests override this."""
        name, _chosen = QFileDialog.getOpenFileName(self, _("Attach a file to the meeting"))
        return Path(name) if name else None

    def attach(self, kind: AttachmentKind) -> None:
        path = self.choose_file(kind)
        if path is None:
            return

        def attached(attachment: MeetingAttachment) -> None:
            self.files.add_attachment(attachment)
            self.changed()

        self.services.run(lambda store: attach_file(path, store, kind), attached, self._failed)

    def add_resources(self) -> None:
        chosen = self.catalogue.pick_resources(self, set(self.files.resource_ids))
        if chosen:
            self.files.add_resources(chosen, self.catalogue)
            self.changed()

    def _open_attachment(self, item: QListWidgetItem) -> None:
        attachment = self.files.attachment_at(item)
        if attachment is None:
            return
        sha, name = attachment.sha256, attachment.file_name
        self.services.run(
            lambda store: open_copy(store, sha, name),
            self._show_file,
            self._failed,
        )

    @staticmethod
    def _show_file(path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def confirm_delete(self) -> bool:
        """Ask before deleting; tests override this."""
        answer = QMessageBox.question(
            self,
            _("Delete this meeting?"),
            _("The meeting leaves every list. Its history keeps it: History can restore it."),
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete(self) -> None:
        if self.record_id is None:
            self.closed.emit()
            return
        if not self.confirm_delete():
            return
        record_id = self.record_id
        self._timer.stop()
        self.services.run(
            lambda store: delete_meeting(store, record_id),
            lambda _none: self.closed.emit(),
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.state.setText(str(error))

    def retranslate_ui(self) -> None:
        self.back_button.setText(_("← &Meetings"))
        self.back_button.setToolTip(_("Back to the list (the meeting is saved)"))
        self.delete_button.setText(_("&Delete meeting…"))
        for index, title in enumerate(
            (
                _("Details"),
                _("Attendees"),
                _("Agenda and notes"),
                _("Outcomes"),
                _("Resources and files"),
            )
        ):
            self.tabs.setTabText(index, title)
        for tab in (self.details, self.people, self.agenda, self.outcomes, self.files):
            tab.retranslate_ui()
