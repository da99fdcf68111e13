"""Add or edit a person (with consent and contact details) and an institution."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.directory import (
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    Organisation,
    Person,
    Sector,
)
from icati_desktop.gui.people.vocabulary import (
    METHOD_LABELS,
    SCOPE_LABELS,
    SECTOR_LABELS,
    STAGE_LABELS,
    label,
)
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import error_line
from icati_desktop.i18n import _
from icati_desktop.store.people import PersonDetail
from icati_desktop.store.people_writes import save_organisation, save_person

NO_PERSON = "00000000-0000-4000-8000-000000000000"
"""Placeholder person id of a consent made with a new person (the store sets the real one)."""


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _problems(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())


class _SavingDialog(QDialog):
    saved = Signal(str)
    """The saved record's id."""

    def __init__(self, services: AppServices, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.services = services
        self.error = error_line()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.show_error(str(error))


def _combo(labels: dict[str, str], empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for code in labels:
        combo.addItem(label(labels, code), str(code))
    return combo


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class PersonDialog(_SavingDialog):
    """A person's directory entry; contact details only with a consent (given here or before)."""

    def __init__(
        self,
        services: AppServices,
        countries: list[tuple[str, str]],
        organisations: list[tuple[str, str]],
        detail: PersonDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, parent)
        self.detail = detail
        self.setWindowTitle(_("Edit person") if detail else _("Add person"))
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.organisation = QComboBox()
        self.organisation.setEditable(True)
        self.organisation.addItem("", None)
        for rid, name in organisations:
            self.organisation.addItem(name, rid)
        self.sector = _combo(SECTOR_LABELS, _("(not known)"))
        self.country = QComboBox()
        self.country.addItem(_("(international)"), None)
        for alpha3, name in countries:
            self.country.addItem(name, alpha3)
        stages_row = QHBoxLayout()
        self.stages: dict[str, QCheckBox] = {}
        for stage in ContinuumStage:
            box = QCheckBox(label(STAGE_LABELS, stage.value))
            self.stages[stage.value] = box
            stages_row.addWidget(box)
        self.authority = QCheckBox(_("Can decide (not only advise)"))
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Role or title:"), self.role)
        form.addRow(_("&Institution:"), self.organisation)
        form.addRow(_("&Sector:"), self.sector)
        form.addRow(_("&Country:"), self.country)
        form.addRow(_("Justice continuum:"), stages_row)
        form.addRow(_("Decision authority:"), self.authority)

        self.consent_box = QGroupBox(_("Consent recorded now"))
        self.consent_box.setCheckable(True)
        self.consent_box.setChecked(detail is None)
        self.scope = _combo(SCOPE_LABELS)
        self.decided_on = QDateEdit(QDate.currentDate())
        self.decided_on.setCalendarPopup(True)
        self.method = _combo(METHOD_LABELS)
        self.method_detail = QLineEdit()
        self.notice = QLineEdit("1")
        self.recorded_by = QLineEdit()
        consent_form = QFormLayout(self.consent_box)
        consent_form.addRow(_("Sc&ope:"), self.scope)
        consent_form.addRow(_("&Date given:"), self.decided_on)
        consent_form.addRow(_("&How it was obtained:"), self.method)
        consent_form.addRow(_("Witness or reference:"), self.method_detail)
        consent_form.addRow(_("Privacy &notice version:"), self.notice)
        consent_form.addRow(_("Recorded &by:"), self.recorded_by)

        self.contact_box = QGroupBox(_("Contact details (kept only while consent covers them)"))
        self.emails = QLineEdit()
        self.emails.setPlaceholderText(_("name@example.org, other@example.org"))
        self.phones = QLineEdit()
        contact_form = QFormLayout(self.contact_box)
        contact_form.addRow(_("&Emails:"), self.emails)
        contact_form.addRow(_("&Phones:"), self.phones)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.consent_box)
        layout.addWidget(self.contact_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if detail is not None:
            self._load(detail)

    def _load(self, detail: PersonDetail) -> None:
        person = detail.person
        self.name.setText(person.display_name)
        self.role.setText(person.role)
        org = str(person.organisation_id) if person.organisation_id else None
        index = self.organisation.findData(org) if org else -1
        if index >= 0:
            self.organisation.setCurrentIndex(index)
        else:
            self.organisation.setEditText(person.organisation_name)
        _select(self.sector, person.sector.value if person.sector else None)
        _select(self.country, person.country)
        for stage in person.stages:
            self.stages[stage.value].setChecked(True)
        self.authority.setChecked(person.decision_authority)
        if detail.contact:
            self.emails.setText(", ".join(detail.contact.emails))
            self.phones.setText(", ".join(detail.contact.phones))

    def person(self) -> Person:
        text = self.organisation.currentText().strip()
        index = self.organisation.findText(text)
        org_id = self.organisation.itemData(index) if index > 0 else None
        return Person.model_validate(
            {
                "display_name": self.name.text().strip(),
                "role": self.role.text().strip(),
                "organisation_id": org_id,
                "organisation_name": "" if org_id else text,
                "sector": self.sector.currentData(),
                "country": self.country.currentData(),
                "stages": [code for code, box in self.stages.items() if box.isChecked()],
                "decision_authority": self.authority.isChecked(),
                "languages": self.detail.person.languages if self.detail else [],
            }
        )

    def consent(self) -> ConsentRecord | None:
        if not self.consent_box.isChecked():
            return None
        return ConsentRecord.model_validate(
            {
                "person_id": self.detail.record_id if self.detail else NO_PERSON,
                "given": True,
                "scope": ConsentScope(self.scope.currentData()),
                "decided_on": self.decided_on.date().toPython(),
                "method": ConsentMethod(self.method.currentData()),
                "method_detail": self.method_detail.text().strip(),
                "notice_version": self.notice.text().strip(),
                "recorded_by": self.recorded_by.text().strip(),
            }
        )

    def save(self) -> None:
        try:
            person, consent = self.person(), self.consent()
        except ValidationError as error:
            self.show_error(_("Please correct: {problems}").format(problems=_problems(error)))
            return
        emails, phones = _split(self.emails.text()), _split(self.phones.text())
        had = bool(self.detail and self.detail.contact)
        keep = not (emails or phones or had)
        record_id = self.detail.record_id if self.detail else None
        self.services.run(
            lambda store: save_person(
                store,
                person,
                record_id=record_id,
                consent=consent,
                emails=None if keep else emails,
                phones=None if keep else phones,
            ),
            self._saved,
            self._failed,
        )


class InstitutionDialog(_SavingDialog):
    """An institution of the central directory (the central office curates the list)."""

    def __init__(
        self,
        services: AppServices,
        countries: list[tuple[str, str]],
        country: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, parent)
        self.setWindowTitle(_("Add institution"))
        self.name = QLineEdit()
        self.acronym = QLineEdit()
        self.sector = _combo(SECTOR_LABELS)
        self.sub_sector = QLineEdit()
        self.sub_sector.setPlaceholderText(_("e.g. prosecution, probation, treatment provider"))
        self.country = QComboBox()
        self.country.addItem(_("(international)"), None)
        for alpha3, name in countries:
            self.country.addItem(name, alpha3)
        _select(self.country, country)
        self.website = QLineEdit()
        self.website.setPlaceholderText("https://")
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Acronym:"), self.acronym)
        form.addRow(_("&Sector:"), self.sector)
        form.addRow(_("S&ub-sector:"), self.sub_sector)
        form.addRow(_("&Country:"), self.country)
        form.addRow(_("&Website:"), self.website)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def organisation(self) -> Organisation:
        return Organisation.model_validate(
            {
                "name": self.name.text().strip(),
                "acronym": self.acronym.text().strip() or None,
                "country": self.country.currentData(),
                "sector": Sector(self.sector.currentData()),
                "sub_sector": self.sub_sector.text().strip(),
                "website": self.website.text().strip() or None,
            }
        )

    def save(self) -> None:
        try:
            organisation = self.organisation()
        except ValidationError as error:
            self.show_error(_("Please correct: {problems}").format(problems=_problems(error)))
            return
        self.services.run(
            lambda store: save_organisation(store, organisation), self._saved, self._failed
        )
