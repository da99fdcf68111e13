"""The first-run wizard: language, role, name and countries, then HQ's bundle or the defaults.

It works on a store that is open but has no device yet. Nothing is written until Finish:
then one long job (:func:`~icati_desktop.store.first_run.complete_first_run`) creates the
device, keeps the preferences and, if chosen, trusts HQ — with the fingerprint the person
compared — and imports its central bundle. :class:`FirstRunGate` decides at start whether
the wizard is needed at all.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.language import LANGUAGE_NAMES, apply_language
from icati_desktop.gui.services import AppServices, Cancelled, Progress
from icati_desktop.gui.settings import LANGUAGE, LAST_BUNDLE_DIR
from icati_desktop.gui.sync.flows import bundle_filter, describe_error
from icati_desktop.i18n import N_, _, current_language, format_datetime, format_number, ngettext
from icati_desktop.store.first_run import (
    CountryChoice,
    FirstRunChoices,
    FirstRunResult,
    PersonRole,
    complete_first_run,
    country_choices,
    needs_first_run,
)
from icati_desktop.store.store import Store
from icati_desktop.sync.bootstrap import BootstrapInfo, read_central_card

ALPHA3_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
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


def _isolated(text: str) -> str:
    """A value inside a sentence, kept in its own direction (Unicode first-strong isolate)."""
    return f"\u2068{text}\u2069"


def _indented(widget: QWidget) -> QHBoxLayout:
    """``widget`` under its radio button, indented on the leading side (mirrors for Arabic)."""
    row = QHBoxLayout()
    row.addSpacing(24)
    row.addWidget(widget, 1)
    return row


def _wrapped(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


class LanguagePage(QWizardPage):
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.intro, self.steps = _wrapped(), _wrapped()
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
            _("Choose the language of the application. You can change it later in the settings.")
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
            button, note = QRadioButton(), _wrapped(object_name="note")
            self.group.addButton(button)
            self.buttons[role], self.notes[role] = button, note
            layout.addWidget(button)
            layout.addLayout(_indented(note))
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
        self.name_error = _wrapped(object_name="error")
        self.name_error.setStyleSheet("color: #b3261e;")
        self.name_error.hide()
        self.name.textEdited.connect(lambda _text: self.name_error.hide())
        self.countries_label = QLabel()
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.countries_label.setBuddy(self.filter)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.selected_label = QLabel()
        self.model.itemChanged.connect(lambda _item: self._show_count())
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addWidget(self.name_error)
        layout.addSpacing(8)
        layout.addWidget(self.countries_label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.selected_label)

    def set_countries(self, choices: list[CountryChoice]) -> None:
        self.model.clear()
        for choice in choices:
            item = QStandardItem()
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(choice.alpha3, ALPHA3_ROLE)
            item.setData(choice.alpha2, Qt.ItemDataRole.UserRole)
            item.setData(choice.name, Qt.ItemDataRole.ToolTipRole)
            self.model.appendRow(item)
        self._label_countries()

    def _label_countries(self) -> None:
        language = current_language()
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            name = country_display_name(str(item.data(Qt.ItemDataRole.UserRole)), language)
            item.setText(name)
            english = item.data(Qt.ItemDataRole.ToolTipRole)
            item.setData(f"{name} {english} {item.data(ALPHA3_ROLE)}", SEARCH_ROLE)
        self.proxy.sort(0)
        self._show_count()

    def set_checked(self, alpha3_codes: set[str]) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            checked = item.data(ALPHA3_ROLE) in alpha3_codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def selected(self) -> tuple[str, ...]:
        items = (self.model.item(row) for row in range(self.model.rowCount()))
        return tuple(
            str(i.data(ALPHA3_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked
        )

    def _show_count(self) -> None:
        n = len(self.selected())
        self.selected_label.setText(
            ngettext("{n} country selected", "{n} countries selected", n).format(n=format_number(n))
        )

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
        self.filter.setPlaceholderText(_("Filter countries"))
        self.list.setAccessibleName(_("Countries of interest"))
        if self.name_error.isVisible():
            self.validatePage()
        self._label_countries()


class StartPage(QWizardPage):
    """Import HQ's central bundle (after comparing its fingerprint) or start from the defaults."""

    def __init__(self, services: AppServices, role: Callable[[], PersonRole]) -> None:
        super().__init__()
        self.services = services
        self.role = role
        self.info: BootstrapInfo | None = None
        self.path: Path | None = None
        self.import_choice, self.default_choice = QRadioButton(), QRadioButton()
        self.group = QButtonGroup(self)
        self.group.addButton(self.import_choice)
        self.group.addButton(self.default_choice)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = _wrapped()
        self.error = _wrapped(object_name="error")
        self.error.setStyleSheet("color: #b3261e;")
        self.hq_box = QFrame()
        self.hq_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.hq_label, self.details, self.hint = _wrapped(), _wrapped(), _wrapped()
        self.fingerprint = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(font)
        self.fingerprint.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matches = QCheckBox()
        box = QVBoxLayout(self.hq_box)
        for widget in (self.hq_label, self.details, self.fingerprint, self.hint, self.matches):
            box.addWidget(widget)
        self.import_panel = QWidget()
        panel = QVBoxLayout(self.import_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        panel.addLayout(chooser)
        panel.addWidget(self.error)
        panel.addWidget(self.hq_box)
        self.default_note = _wrapped(object_name="note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.import_choice)
        layout.addLayout(_indented(self.import_panel))
        layout.addSpacing(12)
        layout.addWidget(self.default_choice)
        layout.addLayout(_indented(self.default_note))
        layout.addStretch(1)
        self.group.buttonToggled.connect(lambda *_args: self._update())
        self.matches.toggled.connect(lambda _checked: self.completeChanged.emit())
        self._update()

    def initializePage(self) -> None:
        if self.group.checkedButton() is None:
            central = self.role() is PersonRole.CENTRAL_OFFICE
            (self.default_choice if central else self.import_choice).setChecked(True)

    def ask_for_bundle(self) -> Path | None:
        """The file chooser (tests replace this method)."""
        start = LAST_BUNDLE_DIR.get(QSettings()) or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose HQ's central bundle"), start, bundle_filter()
        )
        return Path(path) if path else None

    def choose_file(self) -> None:
        path = self.ask_for_bundle()
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        LAST_BUNDLE_DIR.set(QSettings(), str(path.parent))
        self.path, self.info = path, None
        self.matches.setChecked(False)
        self.error.clear()
        self._update()

        def job(store: Store) -> BootstrapInfo:
            return read_central_card(store, path)

        self.services.run(
            job, lambda info: self._loaded(path, info), lambda error: self._refused(path, error)
        )

    def _loaded(self, path: Path, info: BootstrapInfo) -> None:
        if path == self.path:
            self.info = info
            self._update()

    def _refused(self, path: Path, error: BaseException) -> None:
        if path == self.path:
            self.error.setText(describe_error(error))
            self._update()

    def _update(self) -> None:
        importing = self.import_choice.isChecked()
        self.import_panel.setEnabled(importing)
        self.file_label.setText(self.path.name if self.path else _("No file chosen yet."))
        self.error.setVisible(bool(self.error.text()))
        self.hq_box.setVisible(self.info is not None)
        if self.info is not None:
            info = self.info
            self.hq_label.setText(
                _("This bundle comes from <b>{name}</b>, HQ's fingerprint:").format(
                    name=_isolated(html.escape(info.hq_name))
                )
            )
            self.details.setText(
                ngettext(
                    "Made {when} · {n} change", "Made {when} · {n} changes", info.versions
                ).format(
                    when=_isolated(format_datetime(info.created_at, "short")),
                    n=_isolated(format_number(info.versions)),
                )
            )
            self.fingerprint.setText(info.fingerprint)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.default_choice.isChecked():
            return True
        return self.import_choice.isChecked() and self.info is not None and self.matches.isChecked()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Start"))
        self.setSubTitle(_("Get the central office's data, or start with the built-in content."))
        self.import_choice.setText(_("&Import a central bundle from my HQ"))
        self.choose_button.setText(_("C&hoose the bundle file…"))
        self.hint.setText(
            _(
                "Compare this with the fingerprint HQ gives you (by phone or in person). "
                "Continue only if every character is the same."
            )
        )
        self.matches.setText(_("It &matches"))
        self.fingerprint.setAccessibleName(_("HQ's fingerprint"))
        self.default_choice.setText(_("&Start with the built-in default content"))
        self.default_note.setText(
            _(
                "The library, assessment forms and country list shipped with ICATI Desktop. "
                "You can import a bundle from HQ later, in the Sync section."
            )
        )
        self._update()


class FirstRunWizard(QWizard):
    """Emits ``completed`` with the :class:`FirstRunResult` once the device is set up."""

    completed = Signal(object)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.busy = False
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.language_page, self.role_page = LanguagePage(), RolePage()
        self.profile_page = ProfilePage()
        self.start_page = StartPage(services, self.role_page.role)
        for page in (self.language_page, self.role_page, self.profile_page, self.start_page):
            self.addPage(page)
        self.language_page.language_chosen.connect(self.set_language)
        self.setMinimumSize(680, 540)
        self.resize(780, 620)
        self.retranslate_ui()
        services.run(country_choices, self.profile_page.set_countries)

    def set_language(self, language: str) -> None:
        """Switch the whole app's language now; the wizard follows (right to left for Arabic)."""
        apply_language(cast(QApplication, QApplication.instance()), language)
        self.language_page.choose(current_language())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set up ICATI Desktop"))
        for button, text in (
            (QWizard.WizardButton.BackButton, _("&Back")),
            (QWizard.WizardButton.NextButton, _("&Next")),
            (QWizard.WizardButton.FinishButton, _("&Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
        ):
            self.setButtonText(button, text)
        for page in (self.language_page, self.role_page, self.profile_page, self.start_page):
            page.retranslate_ui()

    def choices(self) -> FirstRunChoices:
        importing = self.start_page.import_choice.isChecked() and self.start_page.info is not None
        return FirstRunChoices(
            person_role=self.role_page.role(),
            name=self.profile_page.name.text().strip(),
            countries=self.profile_page.selected(),
            central_bundle=self.start_page.path if importing else None,
            confirmed_fingerprint=self.start_page.info.fingerprint
            if importing and self.start_page.info
            else None,
        )

    def accept(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._enable_buttons(False)
        choices = self.choices()

        def job(store: Store, progress: Progress, cancelled: Cancelled) -> FirstRunResult:
            return complete_first_run(store, choices, progress, cancelled)

        label = _("Importing HQ's bundle…") if choices.central_bundle else _("Setting up…")
        self.services.run_long(self, label, job, self._done, self._failed)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def _enable_buttons(self, enabled: bool) -> None:
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(enabled)

    def _done(self, result: FirstRunResult) -> None:
        self.busy = False
        LANGUAGE.set(QSettings(), current_language())
        if result.import_refused:
            self.inform(
                _("The bundle was not imported"),
                _(
                    "This computer is set up, but HQ's bundle was not imported and HQ is not "
                    "trusted:\n\n{reason}\n\nYou can import a bundle later, in the Sync section."
                ).format(reason=result.import_refused),
            )
        self.completed.emit(result)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._enable_buttons(True)
        self.warn(_("This computer could not be set up"), describe_error(error))

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)


class FirstRunGate(QObject):
    """At start: show the wizard if the store has no device, then say when the app may go on."""

    ready = Signal()
    cancelled = Signal()
    failed = Signal(object)

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.wizard: FirstRunWizard | None = None

    def start(self) -> None:
        self.services.run(needs_first_run, self._decide, self.failed.emit)

    def _decide(self, needed: bool) -> None:
        if not needed:
            self.ready.emit()
            return
        self.wizard = FirstRunWizard(self.services)
        self.wizard.completed.connect(lambda _result: self.ready.emit())
        self.wizard.rejected.connect(self.cancelled.emit)
        self.wizard.show()
