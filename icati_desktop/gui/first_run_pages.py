"""The first three pages of the first-run wizard: language, role, then name and countries.

Each page only collects a choice; :class:`~icati_desktop.gui.first_run.FirstRunWizard` reads
them all at Finish. The small layout helpers here are shared with the last page
(:mod:`icati_desktop.gui.first_run_start`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from icati_desktop.gui.country_checklist import CountryChecklist
from icati_desktop.gui.language import LANGUAGE_NAMES
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import N_, _, current_language
from icati_desktop.store.person_role import PersonRole

if TYPE_CHECKING:
    from icati_desktop.store.country_choices import CountryChoice

ROLE_TEXTS = {
    PersonRole.FIELD_EXPERT: (
        N_("Field expert"),
        N_("A trainer or technical-assistance expert working with countries."),
    ),
    PersonRole.FOCAL_POINT: (
        N_("Country focal point"),
        N_("The person who coordinates ICATI work in one country."),
    ),
    PersonRole.CENTRAL_OFFICE: (
        N_("Central office (HQ)"),
        N_("ICATI's central office: publishes the library and enrols the field devices."),
    ),
}


def indented(widget: QWidget) -> QHBoxLayout:
    """``widget`` under its radio button, indented on the leading side (mirrors for Arabic)."""
    row = QHBoxLayout()
    row.addSpacing(24)
    row.addWidget(widget, 1)
    return row


def wrapped(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


class LanguagePage(QWizardPage):
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.intro, self.steps = wrapped(), wrapped()
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(12)
        for code, name in LANGUAGE_NAMES.items():
            button = QRadioButton(name)  # each language named in itself, never translated
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            button.setFont(font)
            button.setProperty("language", code)
            button.setChecked(code == current_language())
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addSpacing(24)
        layout.addWidget(self.steps)
        layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)

    def _toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.language_chosen.emit(str(button.property("language")))

    def choose(self, language: str) -> None:
        for button in self.group.buttons():
            if button.property("language") == language:
                button.setChecked(True)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Welcome to ICATI Desktop"))
        self.setSubTitle(_("A few questions to set up this computer. It takes a minute."))
        self.intro.setText(
            _("Choose the language of the application. You can change it later in the View menu.")
        )
        self.steps.setText(
            _(
                "Then say who you are and which countries you work on, and get your central "
                "office's data — or start with the content built into ICATI Desktop. Nothing "
                "is saved until you click Finish."
            )
        )


class RolePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.buttons: dict[PersonRole, QRadioButton] = {}
        self.notes: dict[PersonRole, QLabel] = {}
        layout = QVBoxLayout(self)
        for role in PersonRole:
            button, note = QRadioButton(), wrapped(object_name="note")
            self.group.addButton(button)
            self.buttons[role], self.notes[role] = button, note
            layout.addWidget(button)
            layout.addLayout(indented(note))
            layout.addSpacing(8)
        layout.addStretch(1)
        self.buttons[PersonRole.FIELD_EXPERT].setChecked(True)

    def role(self) -> PersonRole:
        return next(r for r, b in self.buttons.items() if b.isChecked())

    def choose(self, role: PersonRole) -> None:
        self.buttons[role].setChecked(True)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Your role"))
        self.setSubTitle(_("Field experts and focal points send their work to the central office."))
        for role, (title, note) in ROLE_TEXTS.items():
            self.buttons[role].setText(_(title))
            self.notes[role].setText(_(note))


class ProfilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.name_label = QLabel()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name_label.setBuddy(self.name)
        self.name_error = wrapped(object_name="error")
        set_status(self.name_error, "error")
        self.name_error.hide()
        self.name.textEdited.connect(lambda _text: self.name_error.hide())
        self.countries_label = QLabel()
        self.countries = CountryChecklist()
        self.model = self.countries.model
        self.proxy = self.countries.proxy
        self.filter = self.countries.filter
        self.list = self.countries.list
        self.selected_label = self.countries.selected_label
        self.countries_label.setBuddy(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addWidget(self.name_error)
        layout.addSpacing(8)
        layout.addWidget(self.countries_label)
        layout.addWidget(self.countries, 1)

    def set_countries(self, choices: list[CountryChoice]) -> None:
        self.countries.set_countries(choices)

    def set_checked(self, alpha3_codes: set[str]) -> None:
        self.countries.set_checked(alpha3_codes)

    def selected(self) -> tuple[str, ...]:
        return self.countries.selected()

    def validatePage(self) -> bool:
        if self.name.text().strip():
            return True
        self.name_error.setText(
            _("Please enter your name (or your office's name): it tells HQ who sends the work.")
        )
        self.name_error.show()
        self.name.setFocus()
        return False

    def retranslate_ui(self) -> None:
        self.setTitle(_("About you"))
        self.setSubTitle(_("Your name identifies this computer to the central office."))
        self.name_label.setText(_("&Name (a person or an office):"))
        self.name.setPlaceholderText(_("e.g. Amina Diallo"))
        self.name.setAccessibleName(_("Name"))
        self.countries_label.setText(_("&Countries you work on (optional):"))
        self.list.setAccessibleName(_("Countries of interest"))
        if self.name_error.isVisible():
            self.validatePage()
        self.countries.retranslate_ui()
