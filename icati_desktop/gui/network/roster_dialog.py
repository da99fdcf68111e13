"""Put someone on a roster (ATI Global Trainer or TA Global Expert) or change their entry:
status, availability, languages, regions, countries worked in, expertise, and the curricula
they are certified on with the day of each. HQ only (roster entries are HQ records)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.network import RosterEntry
from icati_desktop.gui.network.member_dialog import split_tags
from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.network.vocabulary import (
    AVAILABILITY_LABELS,
    EXPERTISE_LABELS,
    REGION_LABELS,
    ROSTER_LABELS,
    ROSTER_STATUS_LABELS,
    label,
    list_text,
)
from icati_desktop.gui.network.widgets import ChoiceBox
from icati_desktop.gui.people.vocabulary import day_text
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import error_line
from icati_desktop.i18n import N_, _
from icati_desktop.store.people import PeopleQuery

if TYPE_CHECKING:
    from icati_desktop.store.network_curricula import CurriculumSummary
    from icati_desktop.store.network_roster import RosterSummary
    from icati_desktop.store.people import PersonSummary
    from icati_desktop.store.store import Store


def _people_job(text: str, store: Store) -> list[PersonSummary]:
    from icati_desktop.store.people import people_page

    return people_page(store, PeopleQuery(text=text), 0, 50)


def _curricula_job(store: Store) -> list[CurriculumSummary]:
    from icati_desktop.store.network_curricula import list_curricula

    with store.read() as session:
        return list_curricula(session)


def _save_job(entry: RosterEntry, store: Store) -> str:
    from icati_desktop.store.network_writes import set_roster_entry

    return set_roster_entry(store, entry)


class RosterDialog(QDialog):
    saved = Signal(str)

    def __init__(
        self,
        services: AppServices,
        names: CountryNames,
        entry: RosterSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.names = names
        self.entry = entry
        self.certified: dict[str, tuple[str, date]] = {}
        """curriculum id → (code, day)."""
        self.person_search = QLineEdit()
        self.person_search.setPlaceholderText(_("Type a name"))
        self.person = QComboBox()
        self.person.setObjectName("roster_person")
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.find_people)
        self.person_search.textChanged.connect(lambda _t: self.timer.start())
        self.roster = ChoiceBox("roster_roster", lambda: _labels(ROSTER_LABELS), None)
        self.status = ChoiceBox("roster_status", lambda: _labels(ROSTER_STATUS_LABELS), None)
        self.availability = ChoiceBox(
            "roster_availability", lambda: _labels(AVAILABILITY_LABELS), N_("Not stated")
        )
        self.languages = QLineEdit()
        self.languages.setPlaceholderText(_("Language codes, e.g. en, fr, sw"))
        self.countries = QLineEdit()
        self.countries.setPlaceholderText(_("Country codes, e.g. KEN, UGA"))
        self.regions = {code: QCheckBox(_(text)) for code, text in REGION_LABELS.items()}
        self.expertise = {code: QCheckBox(_(text)) for code, text in EXPERTISE_LABELS.items()}
        self.curriculum = QComboBox()
        self.curriculum.setObjectName("roster_curriculum")
        self.certified_on = QDateEdit(QDate.currentDate())
        self.certified_on.setCalendarPopup(True)
        self.add_certification = QPushButton(_("Add"))
        self.add_certification.clicked.connect(self._add_certification)
        self.clear_certifications = QPushButton(_("Clear"))
        self.clear_certifications.clicked.connect(self._clear_certifications)
        self.certifications = QLabel()
        self.certifications.setWordWrap(True)
        self.error = error_line()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        if entry is None:
            form.addRow(_("Find the person"), self.person_search)
            form.addRow(_("Person"), self.person)
        else:
            form.addRow(_("Person"), QLabel(entry.display_name))
        form.addRow(_("Roster"), self.roster)
        form.addRow(_("Status"), self.status)
        form.addRow(_("Availability"), self.availability)
        form.addRow(_("Languages"), self.languages)
        form.addRow(_("Regions"), _grid(list(self.regions.values()), 5))
        form.addRow(_("Countries worked in"), self.countries)
        form.addRow(_("Expertise"), _grid(list(self.expertise.values()), 3))
        certify = QHBoxLayout()
        for widget in (self.curriculum, self.certified_on, self.add_certification):
            certify.addWidget(widget)
        certify.addWidget(self.clear_certifications)
        form.addRow(_("Certified on"), certify)
        form.addRow("", self.certifications)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setWindowTitle(_("Change a roster entry") if entry else _("Put someone on a roster"))
        if entry is not None:
            self._fill(entry)
        else:
            self.find_people()
        self._show_certifications()
        services.run(_curricula_job, self._curricula_loaded)

    def _fill(self, entry: RosterSummary) -> None:
        self.roster.set_code(entry.roster)
        self.roster.setEnabled(False)
        self.status.set_code(entry.status)
        self.availability.set_code(entry.availability)
        self.languages.setText(", ".join(entry.languages))
        self.countries.setText(", ".join(entry.countries))
        for code in entry.regions:
            self.regions[code].setChecked(True)
        for code in entry.expertise:
            if code in self.expertise:
                self.expertise[code].setChecked(True)
        for c in entry.certifications:
            if c.certified_on is not None:
                self.certified[c.curriculum_id] = (c.code, c.certified_on)

    def find_people(self) -> None:
        text = self.person_search.text()
        self.services.run(partial(_people_job, text), self._people_found)

    def _people_found(self, people: list[PersonSummary]) -> None:
        self.person.clear()
        for p in people:
            country = self.names.name(p.country)
            self.person.addItem(
                f"{p.display_name} ({country})" if country else p.display_name, p.record_id
            )

    def _curricula_loaded(self, curricula: list[CurriculumSummary]) -> None:
        for c in curricula:
            self.curriculum.addItem(c.code, c.record_id)

    def _add_certification(self) -> None:
        rid = self.curriculum.currentData()
        if rid is not None:
            day: date = self.certified_on.date().toPython()  # type: ignore[assignment]
            self.certified[str(rid)] = (self.curriculum.currentText(), day)
            self._show_certifications()

    def _clear_certifications(self) -> None:
        self.certified.clear()
        self._show_certifications()

    def _show_certifications(self) -> None:
        parts = [f"{code} ({day_text(day)})" for code, day in sorted(self.certified.values())]
        self.certifications.setText(list_text(parts) or _("Not certified on any curriculum yet."))

    def roster_entry(self) -> RosterEntry:
        person_id = self.entry.person_id if self.entry else self.person.currentData()
        days = [day for _code, day in self.certified.values()]
        fields: dict[str, Any] = {
            "roster": self.roster.code(),
            "person_id": person_id,
            "status": self.status.code(),
            "availability": self.availability.code(),
            "languages": split_tags(self.languages.text()),
            "countries": [c.upper() for c in split_tags(self.countries.text())],
            "regions": [code for code, box in self.regions.items() if box.isChecked()],
            "expertise": [code for code, box in self.expertise.items() if box.isChecked()],
            "certifications": [
                {"curriculum_id": rid, "certified_on": day}
                for rid, (_c, day) in self.certified.items()
            ],
            "certified_on": max(days) if days else None,
        }
        return RosterEntry.model_validate(fields)

    def save(self) -> None:
        if self.entry is None and self.person.currentData() is None:
            self.show_error(_("Find and choose the person first."))
            return
        try:
            entry = self.roster_entry()
        except ValidationError as error:
            self.show_error("; ".join(str(e["msg"]) for e in error.errors()))
            return
        self.services.run(partial(_save_job, entry), self._saved, lambda e: self.show_error(str(e)))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()


def _labels(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, label(labels, code)) for code in labels]


def _grid(boxes: list[QCheckBox], columns: int) -> QWidget:
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    for n, box in enumerate(boxes):
        grid.addWidget(box, n // columns, n % columns)
    return holder
